/**
 * A decision on a ledger record (POST /accountability/:id/dispositions): appended as a new row. The
 * requestId is made when the modal opens, so a double click or a retry records the decision once.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { api, call, type Schemas } from '../../api/client';
import { formFieldOf } from '../../api/errors';
import { ErrorAlert } from '../common/ErrorAlert';
import { DISPOSITION_LABELS } from './labels';

type Body = Omit<Schemas['RecordDispositionDto'], 'requestId'>;

/** The form's field a refusal names (`note`, `disposition`), or null: any other (a reused `requestId`) shows above the form. */
function onForm(error: unknown): keyof Body | null {
  const field = formFieldOf(error, '')?.[0];
  return field === 'note' || field === 'disposition' ? field : null;
}

export function DispositionModal({ recordId, onClose }: { recordId: string; onClose: () => void }) {
  const [form] = Form.useForm<Body>();
  const [requestId] = useState(() => crypto.randomUUID());
  const queryClient = useQueryClient();
  const record = useMutation({
    mutationFn: (body: Body) =>
      call(
        api.POST('/accountability/{id}/dispositions', {
          params: { path: { id: recordId } },
          body: { ...body, requestId },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['accountability'] });
      onClose();
    },
    onError: (error) => {
      const field = onForm(error);
      if (field) form.setFields([{ name: field, errors: [(error as Error).message] }]);
    },
  });

  return (
    <Modal
      open
      title={`处置问责记录 #${recordId}`}
      okText="提交"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={record.isPending}
      destroyOnHidden
    >
      <ErrorAlert error={record.error && !onForm(record.error) ? record.error : null} />
      <Form form={form} layout="vertical" onFinish={(values) => record.mutate(values)}>
        <Form.Item name="disposition" label="处置结果" rules={[{ required: true, message: '请选择处置结果' }]}>
          <Radio.Group options={Object.entries(DISPOSITION_LABELS).map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item name="note" label="说明" rules={[{ required: true, message: '请填写理由及依据（如约谈记录）' }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
