/** The deadline the case waits on now: its last day and the days left, coloured as the staff see it; none while a hearing suspends it. */
import { Tag } from 'antd-mobile';
import { CLOCK_LABELS } from '../shared/labels';
import { dueState, formatDeadline } from '../shared/time';
import type { PetitionerView } from './public-api';

const TAG_COLOR = { overdue: 'danger', nearDue: 'warning', onTime: 'success', none: 'default' } as const;

export function Deadline({ deadline }: { deadline: NonNullable<PetitionerView['currentDeadline']> }) {
  const label = CLOCK_LABELS[deadline.clockId as keyof typeof CLOCK_LABELS] ?? deadline.clockId;
  return (
    <section className="pt-card" aria-labelledby="deadline-title">
      <h2 id="deadline-title">当前期限</h2>
      <dl className="pt-pairs">
        <dt>期限</dt>
        <dd>{label}</dd>
        {deadline.suspended ? (
          <>
            <dt>状态</dt>
            <dd>听证期间暂停计算</dd>
          </>
        ) : (
          <>
            <dt>截止</dt>
            <dd>
              <Tag
                color={TAG_COLOR[dueState(deadline.remainingDays)]}
                fill="outline"
                data-due-state={dueState(deadline.remainingDays)}
              >
                {formatDeadline(deadline)}
              </Tag>
              {deadline.provisional && deadline.lastDay ? '（如遇法定节假日顺延）' : ''}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}
