/**
 * Instants on the wire are ISO-8601 with the Asia/Shanghai offset; dates are the Shanghai calendar
 * date; a string without an explicit offset names no instant and is refused.
 */
import { remainingDays } from '../../libs/process/clock-standing';
import { formatDate, formatInstant, formatOptionalInstant, parseInstant } from '../../libs/process/wire-time';

describe('instants on the wire', () => {
  it('formats an instant as Asia/Shanghai wall-clock time with +08:00, milliseconds only when not zero', () => {
    expect(formatInstant(Date.UTC(2026, 11, 7, 16, 0, 0))).toBe('2026-12-08T00:00:00+08:00');
    expect(formatInstant(Date.UTC(2026, 11, 7, 1, 30, 0, 250))).toBe('2026-12-07T09:30:00.250+08:00');
    expect(formatInstant(Date.UTC(2026, 11, 31, 16, 0, 0, 1))).toBe('2027-01-01T00:00:00.001+08:00');
    expect(formatInstant(new Date('2025-10-01T00:00:00+08:00'))).toBe('2025-10-01T00:00:00+08:00');
    expect(formatOptionalInstant(null)).toBeNull();
    expect(() => formatInstant(Number.NaN)).toThrow(/not an instant/);
  });

  it('reads any explicit offset or Z, and round-trips what it writes', () => {
    const instant = Date.UTC(2026, 11, 7, 16, 0, 0);
    expect(parseInstant('2026-12-08T00:00:00+08:00')).toBe(instant);
    expect(parseInstant('2026-12-07T16:00:00Z')).toBe(instant);
    expect(parseInstant('2026-12-07T11:00:00-05:00')).toBe(instant);
    expect(parseInstant('2026-12-08T00:00+08:00')).toBe(instant);
    expect(parseInstant('2026-12-07T16:00:00.123456Z')).toBe(instant + 123);
    for (const ms of [0, instant, instant + 7, Date.UTC(2024, 1, 29, 23, 59, 59, 999)])
      expect(parseInstant(formatInstant(ms))).toBe(ms);
  });

  it('refuses a time without an offset, a bare date, and impossible dates or times', () => {
    for (const bad of [
      '2026-12-08T00:00:00',
      '2026-12-08',
      '2026-12-08 00:00:00+08:00',
      'yesterday',
      '',
      '2026-02-30T00:00:00+08:00',
      '2026-12-08T24:00:00+08:00',
      '2026-12-08T00:00:60Z',
      '2026-12-08T00:00:00+0800',
      '2026-12-08T00:00:00+15:00',
    ]) {
      expect(() => parseInstant(bad)).toThrow();
    }
    expect(() => parseInstant('2026-12-08T00:00:00')).toThrow(/explicit offset/);
    expect(() => parseInstant(1765123200000)).toThrow(/ISO-8601/);
  });

  it('gives the Shanghai calendar date of an instant', () => {
    expect(formatDate(Date.UTC(2026, 11, 7, 15, 59, 59, 999))).toBe('2026-12-07');
    expect(formatDate(Date.UTC(2026, 11, 7, 16, 0, 0))).toBe('2026-12-08');
  });

  it('counts the whole days left to a last day: 0 on the day itself, negative once it has passed', () => {
    const at = (iso: string) => parseInstant(iso);
    expect(remainingDays('2026-12-10', at('2026-12-08T00:00:00+08:00'))).toBe(2);
    expect(remainingDays('2026-12-10', at('2026-12-10T23:59:59+08:00'))).toBe(0);
    expect(remainingDays('2026-12-10', at('2026-12-11T00:00:00+08:00'))).toBe(-1);
    // 23:30 UTC on the 9th is already the 10th in Shanghai.
    expect(remainingDays('2026-12-10', at('2026-12-09T23:30:00Z'))).toBe(0);
  });
});
