/**
 * 签发 on the case page: the draft reply or decision awaiting the unit head (its preview marked
 * 草稿, and 签发 / 退回修改 for the head who may), and the comments of the last draft returned.
 */
import { Alert, Descriptions, Space } from 'antd';
import type { Schemas } from '../../api/client';
import { NOTICE_LABELS, labelOf } from '../../shared/labels';
import { formatInstant } from '../../shared/time';
import { useAvailableActions } from '../actions';
import { DraftActions } from '../approvals/DraftActions';
import { PersonName } from '../common/PersonName';

type View = Schemas['PetitionWireView'];

export function CaseDraft({
  petitionId,
  view,
  userNames,
}: {
  petitionId: string;
  view: View;
  userNames: Record<string, string>;
}) {
  const actions = useAvailableActions(petitionId);
  const canDecide = (actions.data?.actions ?? []).some((a) => a.action === 'approveDraft');
  const { draft, returnedDraft } = view;
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="case-draft">
      {draft ? (
        <>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label="待签发">
              {labelOf(NOTICE_LABELS, draft.kind)}（第 {draft.draftNo} 稿）
            </Descriptions.Item>
            <Descriptions.Item label="拟稿">
              <PersonName name={userNames[draft.draftedBy]} userId={draft.draftedBy} /> ·{' '}
              {formatInstant(draft.draftedAt)}
            </Descriptions.Item>
          </Descriptions>
          <DraftActions petitionId={petitionId} draft={draft} canDecide={canDecide} />
        </>
      ) : (
        <span>当前没有待签发的草稿</span>
      )}
      {returnedDraft && !draft && (
        <Alert
          type="warning"
          showIcon
          message={`第 ${returnedDraft.draftNo} 稿已由 ${userNames[returnedDraft.returnedBy] ?? '单位负责人'} 于 ${formatInstant(returnedDraft.returnedAt)} 退回修改`}
          description={`修改意见：${returnedDraft.comments}`}
        />
      )}
    </Space>
  );
}
