import { Tag } from 'antd';
import { dueState, remainingDaysText } from '../../shared/time';

const COLOURS = { overdue: 'red', nearDue: 'orange', onTime: 'green', none: 'default' } as const;

/** A clock's remaining days in colour: red overdue, orange within three days, green otherwise. */
export function DueTag({ remainingDays }: { remainingDays: number | null | undefined }) {
  const state = dueState(remainingDays);
  return (
    <Tag color={COLOURS[state]} data-due-state={state}>
      {remainingDaysText(remainingDays)}
    </Tag>
  );
}
