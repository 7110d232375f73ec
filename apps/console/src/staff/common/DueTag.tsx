import { Tag } from 'antd';
import { type DeadlineLike, dueState, formatDeadline } from '../../shared/time';

const COLOURS = { overdue: 'red', nearDue: 'orange', onTime: 'green', none: 'default' } as const;

/**
 * A deadline as every screen shows it (formatDeadline: `2026年12月11日（周五）24:00 截止，剩余 5 天`),
 * in colour: red overdue, orange within three days, green otherwise.
 */
export function DueTag({ deadline }: { deadline: DeadlineLike | null | undefined }) {
  const state = dueState(deadline?.remainingDays);
  return (
    <Tag color={COLOURS[state]} data-due-state={state} style={{ whiteSpace: 'normal' }}>
      {formatDeadline(deadline)}
    </Tag>
  );
}
