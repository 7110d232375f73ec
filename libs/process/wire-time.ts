/**
 * Instants and dates as people read them. Inside the workflow and the activities an instant is
 * epoch milliseconds; on the wire (every API request and response) it is ISO-8601 with the
 * Asia/Shanghai offset, `2026-12-08T00:00:00+08:00`, with milliseconds only when they are not
 * zero (`2026-12-08T09:30:00.250+08:00`); a date is `YYYY-MM-DD`, the Asia/Shanghai calendar date.
 * China has kept +08:00 all year since 1991, so the offset is a constant.
 */
import { isValidDate, shanghaiDateOf } from './calendar';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
export const SHANGHAI_OFFSET = '+08:00';

/** What the OpenAPI document says about every instant field. */
export const WIRE_INSTANT_DESCRIPTION =
  'an instant, ISO-8601 with the Asia/Shanghai offset (+08:00); milliseconds only when not zero';
export const WIRE_INSTANT_EXAMPLE = '2026-12-08T00:00:00+08:00';

const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant (epoch milliseconds, or a Date such as a `timestamptz` column) as ISO-8601 +08:00. */
export function formatInstant(instant: number | Date): string {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  // The UTC rendering of the instant shifted by +8 h is the Shanghai wall-clock time.
  const wall = new Date(ms + SHANGHAI_OFFSET_MS).toISOString();
  if (wall.length !== 24) throw new RangeError(`instant outside the years 0000–9999: ${ms}`);
  const millis = wall.slice(19, 23);
  return `${wall.slice(0, 19)}${millis === '.000' ? '' : millis}${SHANGHAI_OFFSET}`;
}

/** An instant or null, as on the wire. */
export function formatOptionalInstant(instant: number | Date | null | undefined): string | null {
  return instant === null || instant === undefined ? null : formatInstant(instant);
}

/**
 * An ISO-8601 instant from the wire, as epoch milliseconds. The offset (`+08:00`, any other, or
 * `Z`) is required: a local time without one names no instant, and guessing the zone is how a
 * deadline moves by eight hours. Fractions finer than a millisecond are truncated.
 */
export function parseInstant(text: unknown): number {
  const match = typeof text === 'string' ? INSTANT_PATTERN.exec(text) : null;
  if (!match) {
    throw new RangeError(
      `must be an ISO-8601 instant with an explicit offset, e.g. ${WIRE_INSTANT_EXAMPLE} or 2026-12-07T16:00:00Z`,
    );
  }
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone] = match;
  const date = `${y}-${mo}-${d}`;
  if (!isValidDate(date)) throw new RangeError(`${date} is not a calendar date`);
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) throw new RangeError(`${h}:${mi}:${s} is not a time of day`);
  let offsetMs = 0;
  if (zone !== 'Z') {
    const [oh, om] = zone.slice(1).split(':').map(Number);
    if (oh > 14 || om > 59) throw new RangeError(`${zone} is not a UTC offset`);
    offsetMs = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  const millis = Number(fraction.padEnd(3, '0').slice(0, 3));
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis) - offsetMs;
}

/** The Asia/Shanghai calendar date of an instant, `YYYY-MM-DD`. */
export function formatDate(instant: number | Date): string {
  return shanghaiDateOf(typeof instant === 'number' ? instant : instant.getTime());
}
