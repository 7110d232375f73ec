/**
 * Instants on the wire are ISO-8601 with the +08:00 offset (README "Instants and dates"); the
 * console shows them as Beijing wall-clock time whatever the browser's zone, and sends instants the
 * same way.
 */
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** `2026-12-08T00:00:00+08:00` → `2026-12-08 00:00` (Beijing time). */
export function formatInstant(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const shanghai = new Date(Date.parse(iso) + SHANGHAI_OFFSET_MS).toISOString();
  return `${shanghai.slice(0, 10)} ${shanghai.slice(11, withSeconds ? 19 : 16)}`;
}

/** An instant as the API wants it: ISO-8601 with +08:00. */
export function wireInstant(date: Date): string {
  const shanghai = new Date(date.getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${shanghai.slice(0, 19)}+08:00`;
}

/** Today's date in Beijing, `YYYY-MM-DD`. */
export function shanghaiToday(now = new Date()): string {
  return new Date(now.getTime() + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** How a clock's remaining days read: `剩余 3 天`, `今日截止`, `已超期 2 天`. */
export function remainingDaysText(remainingDays: number | null | undefined): string {
  if (remainingDays == null) return '—';
  if (remainingDays > 0) return `剩余 ${remainingDays} 天`;
  if (remainingDays === 0) return '今日截止';
  return `已超期 ${-remainingDays} 天`;
}

const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** `2026-12-11` → `2026年12月11日（周五）`. */
export function chineseDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${y}年${m}月${d}日（${weekday}）`;
}

/** What a deadline carries on the wire (a clock, a case's next due, the petitioner's deadline). */
export interface DeadlineLike {
  dueAt?: string | null;
  lastDay?: string | null;
  remainingDays?: number | null;
}

/**
 * When a deadline falls, in Beijing time: `2026年12月11日（周五）24:00 截止`. A period ends at the
 * end of its last day, which the wire gives as 00:00 of the next day; people read that as 24:00
 * of the last day, so that is what is shown.
 */
export function deadlineWhen(deadline: DeadlineLike | null | undefined): string {
  if (!deadline?.dueAt && !deadline?.lastDay) return '—';
  let date: string;
  let time: string;
  if (deadline.dueAt) {
    const wall = new Date(Date.parse(deadline.dueAt) + SHANGHAI_OFFSET_MS).toISOString();
    [date, time] = [wall.slice(0, 10), wall.slice(11, 16)];
    if (time === '00:00') {
      date = new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      time = '24:00';
    }
  } else {
    [date, time] = [deadline.lastDay!, '24:00'];
  }
  return `${chineseDate(date)}${time} 截止`;
}

/**
 * The one way every screen shows a deadline: `2026年12月11日（周五）24:00 截止，剩余 5 天`, or
 * `…截止，已超期 3 天` once past, `…截止，今日截止` on its last day; without the remaining days
 * when none are given (a stopped clock).
 */
export function formatDeadline(deadline: DeadlineLike | null | undefined): string {
  const when = deadlineWhen(deadline);
  if (when === '—' || deadline?.remainingDays == null) return when;
  return `${when}，${remainingDaysText(deadline.remainingDays)}`;
}

/** Near due is three days or fewer (as the supervisors' near-due list counts); overdue is past the last day. */
export function dueState(remainingDays: number | null | undefined): 'overdue' | 'nearDue' | 'onTime' | 'none' {
  if (remainingDays == null) return 'none';
  if (remainingDays < 0) return 'overdue';
  if (remainingDays <= 3) return 'nearDue';
  return 'onTime';
}
