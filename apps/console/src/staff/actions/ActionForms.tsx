/**
 * The actions the signed-in user may take on a case now, as buttons (`GET /petitions/{id}/actions`:
 * the API decides, the console offers only what it lists). Each opens its form in a modal.
 * Reusable: `<ActionForms petitionId={id} only={['issueSupervision']} />`.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../../api/client';
import type { ActionName } from '@/libs/process/policy';
import { ACTION_LABELS } from '../../shared/labels';
import { ErrorAlert } from '../common/ErrorAlert';
import { ActionModal, type AvailableAction } from './ActionModal';

export function useAvailableActions(petitionId: string) {
  return useQuery({
    queryKey: ['petition', petitionId, 'actions'],
    queryFn: () => call(api.GET('/petitions/{id}/actions', { params: { path: { id: petitionId } } })),
  });
}

/**
 * The case (`GET /petitions/{id}`): the workflow's live view and the read model's copy. While the
 * read model is behind the workflow (an action was just taken), it is asked again each second, so
 * the lists written from it (timeline, documents) follow.
 */
export function useCaseView(petitionId: string) {
  return useQuery({
    queryKey: ['petition', petitionId, 'view'],
    queryFn: () => call(api.GET('/petitions/{id}', { params: { path: { id: petitionId } } })),
    refetchInterval: (query) => {
      const data = query.state.data;
      return data?.live && (data.readModel?.revision ?? -1) < data.live.revision ? 1_000 : false;
    },
  });
}

interface Props {
  petitionId: string;
  /** Offer only these actions (another screen reusing the forms, e.g. 督办). */
  only?: readonly ActionName[];
  /** Shown when none is available now; nothing by default. */
  emptyText?: string;
  /** Called after an action was taken (e.g. to close the screen's own dialog). */
  onDone?: (action: ActionName) => void;
}

export function ActionForms({ petitionId, only, emptyText, onDone }: Props) {
  const actions = useAvailableActions(petitionId);
  const view = useCaseView(petitionId);
  const [open, setOpen] = useState<AvailableAction | null>(null);
  if (actions.error) return <ErrorAlert error={actions.error} />;
  const offered = (actions.data?.actions ?? []).filter((a) => !only || only.includes(a.action));
  const caseView = view.data?.live ?? view.data?.readModel?.view;
  if (actions.data && offered.length === 0)
    return emptyText ? <Typography.Text type="secondary">{emptyText}</Typography.Text> : null;
  return (
    <>
      <Space wrap data-testid="case-actions">
        {offered.map((action) => (
          <Button
            key={action.action}
            type={offered.length === 1 ? 'primary' : 'default'}
            onClick={() => setOpen(action)}
          >
            {ACTION_LABELS[action.action]}
          </Button>
        ))}
      </Space>
      {open && (
        <ActionModal
          key={open.action}
          petitionId={petitionId}
          action={open}
          awaitingDocumentId={caseView?.awaitingDelivery?.documentId}
          draftNo={caseView?.draft?.draftNo}
          onClose={() => setOpen(null)}
          onDone={() => onDone?.(open.action)}
        />
      )}
    </>
  );
}
