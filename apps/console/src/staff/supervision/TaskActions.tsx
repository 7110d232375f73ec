/**
 * What a supervisor may do on an open task's case now (督办, 挂牌督办, 提级办理, feedback, 销号), as
 * the API lists it for that case; after an action the task lists are read again.
 */
import { useQueryClient } from '@tanstack/react-query';
import { Space } from 'antd';
import { Link } from 'react-router';
import { ActionForms } from '../actions';

const SUPERVISION_ACTIONS = [
  'issueSupervision',
  'listForSupervision',
  'takeOver',
  'recordSupervisionFeedback',
  'unlistFromSupervision',
] as const;

export function TaskActions({ petitionId }: { petitionId: string }) {
  const queryClient = useQueryClient();
  return (
    <Space wrap>
      <ActionForms
        petitionId={petitionId}
        only={SUPERVISION_ACTIONS}
        emptyText="此案当前没有可办理的督办事项"
        onDone={() => queryClient.invalidateQueries({ queryKey: ['supervision'] })}
      />
      <Link to={`/cases/${petitionId}`}>查看案件</Link>
    </Space>
  );
}
