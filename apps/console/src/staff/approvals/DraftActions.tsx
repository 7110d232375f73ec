/**
 * 签发 of one draft: preview it (the PDF marked 草稿), approve it (the 文号 is taken and the document
 * issued then) or return it with comments. Used by the head's 待签发 list and on the case page.
 */
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Popconfirm, Space } from 'antd';
import { useMemo, useState } from 'react';
import { api, call, openPdf } from '../../api/client';
import { NOTICE_LABELS, labelOf } from '../../shared/labels';
import { invalidateCase } from '../actions/ActionModal';
import { ErrorAlert } from '../common/ErrorAlert';

export interface DraftRef {
  draftNo: number;
  kind: string;
  previewPath: string;
}

/** Opens the 草稿 preview; a failure is said in Chinese by the caller's message. */
export function PreviewDraftButton({ draft }: { draft: DraftRef }) {
  const { message } = App.useApp();
  return (
    <Button
      size="small"
      onClick={() =>
        openPdf(draft.previewPath).catch((e: unknown) => message.error(e instanceof Error ? e.message : String(e)))
      }
    >
      预览草稿
    </Button>
  );
}

export function DraftActions({
  petitionId,
  draft,
  canDecide,
}: {
  petitionId: string;
  draft: DraftRef;
  /** The signed-in user may approve or return it (the API's list of actions says so). */
  canDecide: boolean;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const approveId = useMemo(() => crypto.randomUUID(), []);
  const returnId = useMemo(() => crypto.randomUUID(), []);
  const [returning, setReturning] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const [form] = Form.useForm<{ comments: string }>();
  const label = labelOf(NOTICE_LABELS, draft.kind);

  async function approve() {
    setPending(true);
    setError(null);
    try {
      await call(
        api.POST('/petitions/{id}/actions/approveDraft', {
          params: { path: { id: petitionId } },
          body: { requestId: approveId, args: { draftNo: draft.draftNo } },
        }),
      );
      await Promise.all([
        invalidateCase(queryClient, petitionId),
        queryClient.invalidateQueries({ queryKey: ['approvals'] }),
      ]);
      message.success(`已签发${label}`);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  async function sendBack(values: { comments: string }) {
    setPending(true);
    setError(null);
    try {
      await call(
        api.POST('/petitions/{id}/actions/returnDraft', {
          params: { path: { id: petitionId } },
          body: { requestId: returnId, args: { draftNo: draft.draftNo, comments: values.comments } },
        }),
      );
      await Promise.all([
        invalidateCase(queryClient, petitionId),
        queryClient.invalidateQueries({ queryKey: ['approvals'] }),
      ]);
      message.success(`已退回${label}草稿`);
      setReturning(false);
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <ErrorAlert error={returning ? null : error} />
      <Space wrap>
        <PreviewDraftButton draft={draft} />
        {canDecide && (
          <>
            <Popconfirm
              title={`签发${label}（第 ${draft.draftNo} 稿）？`}
              description="签发后即编发文号、出具文书，不能撤回。"
              okText="签发"
              cancelText="取消"
              onConfirm={approve}
            >
              <Button size="small" type="primary" loading={pending}>
                签发
              </Button>
            </Popconfirm>
            <Button size="small" onClick={() => setReturning(true)}>
              退回修改
            </Button>
          </>
        )}
      </Space>
      {returning && (
        <Modal
          open
          title={`退回${label}草稿（第 ${draft.draftNo} 稿）`}
          okText="退回"
          cancelText="取消"
          confirmLoading={pending}
          onOk={() => form.submit()}
          onCancel={() => setReturning(false)}
          destroyOnHidden
        >
          <ErrorAlert error={error} />
          <Form form={form} layout="vertical" onFinish={sendBack} name="return-draft">
            <Form.Item
              name="comments"
              label="修改意见"
              rules={[{ required: true, whitespace: true, message: '请填写修改意见' }]}
            >
              <Input.TextArea rows={4} maxLength={2000} />
            </Form.Item>
          </Form>
        </Modal>
      )}
    </>
  );
}
