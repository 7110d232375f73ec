/**
 * How a clock stands at an instant: overdue, and how many days are left. One definition for the
 * workflow's view and the API, which judges a projected view again at the time it answers.
 */
import { daysBetween, shanghaiDateOf } from './calendar';
import type { ClockStatus } from './view';

/** Running past its due instant, or stopped after it. A suspended clock (no due instant) is not overdue. */
export function isOverdue(
  clock: { status: ClockStatus; dueAt: number | null; stoppedAt: number | null },
  now: number,
): boolean {
  if (clock.dueAt === null) return false;
  if (clock.status === 'running') return now > clock.dueAt;
  return clock.status === 'stopped' && clock.stoppedAt !== null && clock.stoppedAt > clock.dueAt;
}

/**
 * Whole calendar days from today (Asia/Shanghai, at `now`) to a clock's last day: 0 on the last day
 * itself (the period ends at 24:00 that day), 1 the day before, −1 the day after (overdue by one
 * day). Calendar days even for a working-day period: it says how far away the last day is.
 */
export function remainingDays(lastDay: string, now: number): number {
  return daysBetween(shanghaiDateOf(now), lastDay);
}
