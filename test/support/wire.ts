/** What instants and dates look like on the wire, for the end-to-end tests. */

/** ISO-8601 with the Asia/Shanghai offset, milliseconds only when not zero. */
export const SHANGHAI_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/;
export const WIRE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whole calendar days from one YYYY-MM-DD to another, counted by hand. */
export function calendarDaysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The Shanghai date of an instant written with +08:00 is its first ten characters. */
export function shanghaiDateOfWire(instant: string): string {
  if (!SHANGHAI_INSTANT.test(instant)) throw new Error(`not an instant with +08:00: ${instant}`);
  return instant.slice(0, 10);
}
