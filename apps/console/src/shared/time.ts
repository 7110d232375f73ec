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

/** How a clock's remaining days read: `剩余 3 天`, `今日到期`, `超期 2 天`. */
export function remainingDaysText(remainingDays: number | null | undefined): string {
  if (remainingDays == null) return '—';
  if (remainingDays > 0) return `剩余 ${remainingDays} 天`;
  if (remainingDays === 0) return '今日到期';
  return `超期 ${-remainingDays} 天`;
}

/** Near due is three days or fewer (as the supervisors' near-due list counts); overdue is past the last day. */
export function dueState(remainingDays: number | null | undefined): 'overdue' | 'nearDue' | 'onTime' | 'none' {
  if (remainingDays == null) return 'none';
  if (remainingDays < 0) return 'overdue';
  if (remainingDays <= 3) return 'nearDue';
  return 'onTime';
}
