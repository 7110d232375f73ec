/**
 * Closing a campaign (POST /campaigns/:id/close) by its office: the campaign issues its final
 * bulletin. The requestId is made when the modal opens, so a retry closes once.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import { ErrorAlert } from '../common/ErrorAlert';

export function CloseCampaignModal({ campaignId, onClose }: { campaignId: string; onClose: () => void }) {
  const [form] = Form.useForm<{ reason: string }>();
  const [requestId] = useState(() => crypto.randomUUID());
  const queryClient = useQueryClient();
  const close = useMutation({
    mutationFn: ({ reason }: { reason: string }) =>
      call(api.POST('/campaigns/{id}/close', { params: { path: { id: campaignId } }, body: { requestId, reason } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['campaign', campaignId] });
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      onClose();
    },
  });

  return (
    <Modal
      open
      title="结束专项攻坚"
      okText="结束并发布终期通报"
      okButtonProps={{ danger: true }}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={close.isPending}
    >
      <Typography.Paragraph type="secondary">结束后不再纳入新案件，并发布终期通报。</Typography.Paragraph>
      <ErrorAlert error={close.error} />
      <Form form={form} layout="vertical" onFinish={(values) => close.mutate(values)}>
        <Form.Item name="reason" label="结束理由" rules={[{ required: true, message: '请填写结束理由' }]}>
          <Input.TextArea rows={3} maxLength={2000} placeholder="如：攻坚期满，转入常态化化解" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
