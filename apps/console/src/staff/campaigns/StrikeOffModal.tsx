/**
 * 销号 of a campaign case (POST …/strike-off) by the campaign office, with its evidence: the
 * document (化解协议, 终结备案 or 息诉罢访承诺) and the petitioner's word (a statement or a rating).
 * The requestId is made when the modal opens, so a retry strikes off once.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { formFieldOf } from '../../api/errors';
import { RATING_LABELS } from '../../shared/labels';
import { ErrorAlert } from '../common/ErrorAlert';

type Body = Omit<Schemas['StrikeOffDto'], 'requestId'>;

export function StrikeOffModal({
  campaignId,
  petitionId,
  onClose,
}: {
  campaignId: string;
  petitionId: string;
  onClose: () => void;
}) {
  const [form] = Form.useForm<Body>();
  const [requestId] = useState(() => crypto.randomUUID());
  const queryClient = useQueryClient();
  const strikeOff = useMutation({
    mutationFn: (body: Body) =>
      call(
        api.POST('/campaigns/{id}/cases/{petitionId}/strike-off', {
          params: { path: { id: campaignId, petitionId } },
          body: { ...body, petitionerStatementRef: body.petitionerStatementRef || undefined, requestId },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['campaign', campaignId] });
      onClose();
    },
    onError: (error) => {
      const field = formFieldOf(error, '');
      if (field) form.setFields([{ name: field[0] as keyof Body, errors: [(error as Error).message] }]);
    },
  });

  return (
    <Modal
      open
      title={`销号：${petitionId.slice(0, 8)}`}
      okText="销号"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={strikeOff.isPending}
    >
      <ErrorAlert error={strikeOff.error} />
      <Form form={form} layout="vertical" onFinish={(values) => strikeOff.mutate(values)}>
        <Form.Item
          name="documentRef"
          label="销号依据文书"
          rules={[{ required: true, message: '请填写化解协议、终结备案或息诉罢访承诺' }]}
        >
          <Input maxLength={200} placeholder="如：化解协议 B-2026-011" />
        </Form.Item>
        <Form.Item name="petitionerStatementRef" label="信访人声明（停访息诉）">
          <Input maxLength={200} placeholder="如：信访人声明 2026-04-16" />
        </Form.Item>
        <Form.Item name="rating" label="信访人评价">
          <Radio.Group options={Object.entries(RATING_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="note" label="说明" rules={[{ required: true, message: '请填写说明' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
