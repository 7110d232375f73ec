/**
 * One campaign action in a modal form (包案, 一案一策, 进展, 回头看, 反弹, 纳入/移出): the request id is
 * made when the modal opens, so a retry (a double click) acts once; a refusal that names a field of
 * the form is shown on that field, any other above the form.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Form, type FormInstance, Modal } from 'antd';
import { useState, type ReactNode } from 'react';
import { ApiError, formFieldOf } from '../../api/errors';
import { ErrorAlert } from '../common/ErrorAlert';

/** `args.steps[0].dueDate` and `steps.0.dueDate` both name ['steps', 0, 'dueDate'] in the form. */
function formPathOf(error: unknown): (string | number)[] | null {
  const path = formFieldOf(error);
  return path && path.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

export function CampaignActionModal<T extends object>({
  campaignId,
  title,
  okText,
  onClose,
  submit,
  initialValues,
  children,
  danger,
}: {
  campaignId: string;
  title: string;
  okText: string;
  onClose: () => void;
  submit: (values: T, requestId: string) => Promise<unknown>;
  initialValues?: Partial<T>;
  children: (form: FormInstance<T>) => ReactNode;
  danger?: boolean;
}) {
  const [form] = Form.useForm<T>();
  const [requestId] = useState(() => crypto.randomUUID());
  const [error, setError] = useState<unknown>(null);
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (values: T) => submit(values, requestId),
    onSuccess: async () => {
      // The campaign, its bulletins, timeline and each case's actions all sit under this key.
      await queryClient.invalidateQueries({ queryKey: ['campaign', campaignId] });
      onClose();
    },
    onError: (failure) => {
      const path = formPathOf(failure);
      const names = Object.keys(form.getFieldsValue() ?? {});
      if (path && names.includes(String(path[0]))) {
        form.setFields([{ name: path as never, errors: [(failure as ApiError).message] }]);
        setError(null);
      } else setError(failure);
    },
  });

  return (
    <Modal
      open
      title={title}
      okText={okText}
      okButtonProps={danger ? { danger: true } : undefined}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={mutation.isPending}
      width={640}
    >
      <ErrorAlert error={error} />
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={(values) => {
          setError(null);
          mutation.mutate(values);
        }}
      >
        {children(form)}
      </Form>
    </Modal>
  );
}
