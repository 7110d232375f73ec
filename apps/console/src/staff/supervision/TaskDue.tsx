import { Space, Typography } from 'antd';
import type { Schemas } from '../../api/client';
import { CLOCK_LABELS, labelOf } from '../../shared/labels';
import { formatDeadline } from '../../shared/time';
import { DueTag } from '../common/DueTag';
import { clockOf, useCase } from './caseQuery';

/**
 * What a 督办 task waits for: the 督办 feedback clock once 督办 is issued, else the overdue clock
 * that opened it; its last day and remaining days (the task list itself carries only the keys).
 */
export function TaskDue({ task }: { task: Schemas['SupervisionTaskView'] }) {
  const key = task.feedbackClockKey ?? task.clockKey;
  const { data } = useCase(task.petitionId, Boolean(key) && task.status === 'open');
  if (!key) return <>—</>;
  const clock = clockOf(data, key);
  if (!clock) return <Typography.Text type="secondary">{key}</Typography.Text>;
  return (
    <Space size={4} wrap>
      <span>{labelOf(CLOCK_LABELS, clock.id)}</span>
      {clock.status === 'running' ? (
        <DueTag deadline={clock} />
      ) : (
        <Typography.Text type="secondary">
          {formatDeadline({ dueAt: clock.dueAt, lastDay: clock.lastDay })}（已停止）
        </Typography.Text>
      )}
    </Space>
  );
}
