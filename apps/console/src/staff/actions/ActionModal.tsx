/**
 * One staff action as a form in a modal: the fields come from the action's `args` schema, the
 * requestId is drawn when the modal opens (a double click or a retry applies once), and a refusal
 * is shown in place: on its field when the API names one, else above the form.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Form, Modal, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { call, api, type Schemas } from '../../api/client';
import { ApiError, formFieldOf } from '../../api/errors';
import { ACTION_LABELS } from '../../shared/labels';
import { ErrorAlert } from '../common/ErrorAlert';
import { SchemaFields } from './SchemaFields';
import { argsOf, fieldsOf, type JsonSchema } from './schema';

export type AvailableAction = Schemas['AvailableActionDto'];

interface Props {
  petitionId: string;
  action: AvailableAction;
  /** The reply awaiting delivery (送达), which recordDelivery names. */
  awaitingDocumentId?: string | null;
  /** The draft awaiting 签发, which approveDraft and returnDraft name. */
  draftNo?: number | null;
  onClose: () => void;
  onDone?: () => void;
}

/** Everything the console shows about a case, refreshed after an action changes it. */
export function invalidateCase(queryClient: ReturnType<typeof useQueryClient>, petitionId: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: ['petition', petitionId] }),
    queryClient.invalidateQueries({ queryKey: ['queue'] }),
    queryClient.invalidateQueries({ queryKey: ['approvals'] }),
    queryClient.invalidateQueries({ queryKey: ['cases'] }),
  ]);
}

export function ActionModal({ petitionId, action, awaitingDocumentId, draftNo, onClose, onDone }: Props) {
  const [form] = Form.useForm();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const requestId = useMemo(() => crypto.randomUUID(), []);
  const fields = useMemo(() => fieldsOf(action.argsSchema as JsonSchema, action.action), [action]);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const label = ACTION_LABELS[action.action];
  const initialValues =
    action.action === 'recordDelivery' && awaitingDocumentId
      ? { documentId: awaitingDocumentId }
      : (action.action === 'approveDraft' || action.action === 'returnDraft') && draftNo
        ? { draftNo }
        : {};

  async function submit(values: Record<string, unknown>) {
    setPending(true);
    setError(null);
    try {
      // The path is the one the API listed for this action; its body is `{ requestId, args }`.
      await call(
        api.POST(`/petitions/{id}/actions/${action.action}` as '/petitions/{id}/actions/accept', {
          params: { path: { id: petitionId } },
          body: { requestId, args: argsOf(fields, values) } as never,
        }),
      );
      await invalidateCase(queryClient, petitionId);
      message.success(`已${label}`);
      onClose();
      onDone?.();
    } catch (failure) {
      const path = formFieldOf(failure);
      if (path && fields.some((f) => f.name === path[0])) {
        form.setFields([{ name: path, errors: [(failure as ApiError).message] }]);
        setError(null);
      } else setError(failure);
    } finally {
      setPending(false);
    }
  }

  return (
    <Modal
      open
      title={label}
      okText="提交"
      cancelText="取消"
      confirmLoading={pending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      width={640}
    >
      <ErrorAlert error={error} />
      {fields.length === 0 && <Typography.Paragraph>确认{label}？</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={initialValues}
        name={`action-${action.action}`}
      >
        <SchemaFields fields={fields} example={action.example} />
      </Form>
    </Modal>
  );
}
