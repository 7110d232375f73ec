/**
 * 销号 of a campaign case (POST …/strike-off) by the campaign office, with its evidence: the
 * document (化解协议, 终结备案 or 息诉罢访承诺) and the petitioner's word (a statement or a rating).
 * The requestId is made when the modal opens, so a retry strikes off once; a refusal naming a field
 * (the petitioner's word missing) is shown on it. 销号佐证 uploaded to the case (materials of kind
 * closureEvidence, current versions) can be named too; the API checks they are the case's own.
 */
import { useQuery } from '@tanstack/react-query';
import { Checkbox, Form, Input, Radio, Typography } from 'antd';
import { api, call, type Schemas } from '../../api/client';
import { RATING_LABELS } from '../../shared/labels';
import { CampaignActionModal } from './CampaignActionModal';

type Body = Omit<Schemas['StrikeOffDto'], 'requestId'>;

export function StrikeOffModal({
  campaignId,
  petitionId,
  caseNumber,
  onClose,
}: {
  campaignId: string;
  petitionId: string;
  caseNumber: string | null;
  onClose: () => void;
}) {
  const materials = useQuery({
    queryKey: ['petition', petitionId, 'materials'],
    queryFn: () => call(api.GET('/petitions/{id}/materials', { params: { path: { id: petitionId } } })),
  });
  const evidence = (materials.data ?? []).filter((m) => m.kind === 'closureEvidence' && !m.superseded);
  return (
    <CampaignActionModal<Body>
      campaignId={campaignId}
      title={caseNumber ? `销号：${caseNumber}` : '销号'}
      okText="销号"
      onClose={onClose}
      submit={(body, requestId) =>
        call(
          api.POST('/campaigns/{id}/cases/{petitionId}/strike-off', {
            params: { path: { id: campaignId, petitionId } },
            body: { ...body, petitionerStatementRef: body.petitionerStatementRef || undefined, requestId },
          }),
        )
      }
    >
      {() => (
        <>
          <Typography.Paragraph type="secondary">
            销号须有依据文书，并有信访人的声明或“满意/基本满意”评价（终结备案除外）。
          </Typography.Paragraph>
          <Form.Item
            name="documentRef"
            label="销号依据文书"
            rules={[{ required: true, whitespace: true, message: '请填写化解协议、终结备案或息诉罢访承诺' }]}
          >
            <Input maxLength={200} placeholder="如：化解协议 B-2026-011" />
          </Form.Item>
          <Form.Item name="petitionerStatementRef" label="信访人声明（停访息诉）">
            <Input maxLength={200} placeholder="如：信访人声明 2026-04-16" />
          </Form.Item>
          <Form.Item name="rating" label="信访人评价">
            <Radio.Group options={Object.entries(RATING_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          {evidence.length > 0 && (
            <Form.Item name="evidenceMaterialIds" label="销号佐证材料（本案已上传）">
              <Checkbox.Group
                options={evidence.map((m) => ({
                  value: m.materialId,
                  label: `${m.caption || m.fileName}（第 ${m.version} 版）`,
                }))}
              />
            </Form.Item>
          )}
          <Form.Item name="note" label="说明" rules={[{ required: true, whitespace: true, message: '请填写说明' }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
        </>
      )}
    </CampaignActionModal>
  );
}
