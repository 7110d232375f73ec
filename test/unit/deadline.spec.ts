/**
 * Counting a period (DOMAIN §3; 《信访工作条例》 time limits, counted as 民法典 Arts 201–203):
 * - the start day is not counted;
 * - the period ends at 24:00 Asia/Shanghai of its last day;
 * - a calendar-day period whose last day is a rest day (weekend or statutory holiday, but not a
 *   调休 make-up working day) ends on the next working day instead;
 * - a working-day period counts only working days after the start day.
 *
 * Every expected date below was worked out by hand from those rules and the State Council's 2025
 * and 2026 holiday notices (as recorded in chinese-days); the weekday column is checked against
 * JavaScript's own Date so a slip in the table cannot hide.
 */
import {
  CountingRule,
  computeDeadline,
  fractionInstant,
  inclusiveDayCount,
  MAX_PERIOD_DAYS,
} from '../../libs/process/deadline';
import { CALENDAR_VERSION, WEEKENDS_ONLY_CALENDAR_VERSION } from '../../libs/process/calendar';

const CALENDAR: CountingRule = { unit: 'calendar', rollForward: true };
const CALENDAR_NO_ROLL: CountingRule = { unit: 'calendar', rollForward: false };
const WORKING: CountingRule = { unit: 'working', rollForward: true };

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
type Weekday = (typeof WEEKDAYS)[number];
const weekdayOf = (date: string): Weekday => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
const at = (iso: string): number => new Date(iso).getTime();

interface Case {
  /** How the statute reads for this case. */
  reads: string;
  rule: CountingRule;
  /** The start event, in Shanghai local time. */
  start: string;
  length: number;
  excluded?: number;
  startDay: string;
  nominalLastDay: string;
  nominalWeekday: Weekday;
  lastDay: string;
  lastWeekday: Weekday;
  /** 24:00 Shanghai of lastDay, written in UTC. */
  due: string;
  basis?: 'official' | 'statutory' | 'weekends-only';
  /** The calendar counted by (default: the current one). */
  version?: string;
}

const cases: Case[] = [
  // DOMAIN §3, worked example 1.
  {
    reads: 'routing: received 2025-09-20, 15 days end on Oct 5 (National Day), rolling to Oct 9',
    rule: CALENDAR,
    start: '2025-09-20T10:00:00+08:00',
    length: 15,
    startDay: '2025-09-20',
    nominalLastDay: '2025-10-05',
    nominalWeekday: 'Sun',
    lastDay: '2025-10-09',
    lastWeekday: 'Thu',
    due: '2025-10-09T16:00:00Z',
  },
  // DOMAIN §3, worked example 2: Sep 26, Sep 28 (make-up Sunday), Sep 29, Sep 30, Oct 9.
  {
    reads: 'misrouteObjection: transfer received Thu 2025-09-25, 5 working days end on Oct 9',
    rule: WORKING,
    start: '2025-09-25T15:00:00+08:00',
    length: 5,
    startDay: '2025-09-25',
    nominalLastDay: '2025-10-09',
    nominalWeekday: 'Thu',
    lastDay: '2025-10-09',
    lastWeekday: 'Thu',
    due: '2025-10-09T16:00:00Z',
  },
  {
    reads: 'without roll-forward, the routing period of example 1 ends inside the holiday',
    rule: CALENDAR_NO_ROLL,
    start: '2025-09-20T10:00:00+08:00',
    length: 15,
    startDay: '2025-09-20',
    nominalLastDay: '2025-10-05',
    nominalWeekday: 'Sun',
    lastDay: '2025-10-05',
    lastWeekday: 'Sun',
    due: '2025-10-05T16:00:00Z',
  },

  // Ordinary weekends.
  {
    reads: '15 days from Fri 2025-03-07 end on Saturday Mar 22: rolls to Monday Mar 24',
    rule: CALENDAR,
    start: '2025-03-07T09:00:00+08:00',
    length: 15,
    startDay: '2025-03-07',
    nominalLastDay: '2025-03-22',
    nominalWeekday: 'Sat',
    lastDay: '2025-03-24',
    lastWeekday: 'Mon',
    due: '2025-03-24T16:00:00Z',
  },
  {
    reads: 'reviewRequestWindow: reply delivered 2025-08-01, 30 days end on Sunday Aug 31: rolls to Sep 1',
    rule: CALENDAR,
    start: '2025-08-01T11:00:00+08:00',
    length: 30,
    startDay: '2025-08-01',
    nominalLastDay: '2025-08-31',
    nominalWeekday: 'Sun',
    lastDay: '2025-09-01',
    lastWeekday: 'Mon',
    due: '2025-09-01T16:00:00Z',
  },
  {
    reads: 'an ordinary Saturday rolls onto the next day when that Sunday is a make-up working day',
    rule: CALENDAR,
    start: '2025-09-12T09:00:00+08:00',
    length: 15,
    startDay: '2025-09-12',
    nominalLastDay: '2025-09-27',
    nominalWeekday: 'Sat',
    lastDay: '2025-09-28',
    lastWeekday: 'Sun',
    due: '2025-09-28T16:00:00Z',
  },

  // 调休 make-up working days (2025: Jan 26, Feb 8, Apr 27, Sep 28, Oct 11) do not roll.
  {
    reads: '15 days from 2025-01-11 end on make-up Sunday Jan 26: no roll',
    rule: CALENDAR,
    start: '2025-01-11T09:00:00+08:00',
    length: 15,
    startDay: '2025-01-11',
    nominalLastDay: '2025-01-26',
    nominalWeekday: 'Sun',
    lastDay: '2025-01-26',
    lastWeekday: 'Sun',
    due: '2025-01-26T16:00:00Z',
  },
  {
    reads: '15 days from 2025-01-24 end on make-up Saturday Feb 8: no roll',
    rule: CALENDAR,
    start: '2025-01-24T09:00:00+08:00',
    length: 15,
    startDay: '2025-01-24',
    nominalLastDay: '2025-02-08',
    nominalWeekday: 'Sat',
    lastDay: '2025-02-08',
    lastWeekday: 'Sat',
    due: '2025-02-08T16:00:00Z',
  },
  {
    reads: '30 days from 2025-03-28 end on make-up Sunday Apr 27: no roll',
    rule: CALENDAR,
    start: '2025-03-28T09:00:00+08:00',
    length: 30,
    startDay: '2025-03-28',
    nominalLastDay: '2025-04-27',
    nominalWeekday: 'Sun',
    lastDay: '2025-04-27',
    lastWeekday: 'Sun',
    due: '2025-04-27T16:00:00Z',
  },
  {
    reads: '15 days from 2025-09-13 end on make-up Sunday Sep 28: no roll',
    rule: CALENDAR,
    start: '2025-09-13T09:00:00+08:00',
    length: 15,
    startDay: '2025-09-13',
    nominalLastDay: '2025-09-28',
    nominalWeekday: 'Sun',
    lastDay: '2025-09-28',
    lastWeekday: 'Sun',
    due: '2025-09-28T16:00:00Z',
  },
  {
    reads: '30 days from 2025-09-11 end on make-up Saturday Oct 11: no roll',
    rule: CALENDAR,
    start: '2025-09-11T09:00:00+08:00',
    length: 30,
    startDay: '2025-09-11',
    nominalLastDay: '2025-10-11',
    nominalWeekday: 'Sat',
    lastDay: '2025-10-11',
    lastWeekday: 'Sat',
    due: '2025-10-11T16:00:00Z',
  },

  // New Year and Spring Festival 2026: Jan 1–3 off, Jan 4 (Sun) works; Feb 15–23 off,
  // Feb 14 (Sat) and Feb 28 (Sat) work.
  {
    reads: 'handling: accepted 2025-12-20, 60 days end on Feb 18 (Spring Festival): rolls past Feb 23 to Feb 24',
    rule: CALENDAR,
    start: '2025-12-20T10:00:00+08:00',
    length: 60,
    startDay: '2025-12-20',
    nominalLastDay: '2026-02-18',
    nominalWeekday: 'Wed',
    lastDay: '2026-02-24',
    lastWeekday: 'Tue',
    due: '2026-02-24T16:00:00Z',
  },
  {
    reads: "15 days from 2025-12-17 end on New Year's Day 2026: rolls to make-up Sunday Jan 4",
    rule: CALENDAR,
    start: '2025-12-17T10:00:00+08:00',
    length: 15,
    startDay: '2025-12-17',
    nominalLastDay: '2026-01-01',
    nominalWeekday: 'Thu',
    lastDay: '2026-01-04',
    lastWeekday: 'Sun',
    due: '2026-01-04T16:00:00Z',
  },
  {
    reads: '15 days from 2026-02-13 end on make-up Saturday Feb 28: no roll',
    rule: CALENDAR,
    start: '2026-02-13T10:00:00+08:00',
    length: 15,
    startDay: '2026-02-13',
    nominalLastDay: '2026-02-28',
    nominalWeekday: 'Sat',
    lastDay: '2026-02-28',
    lastWeekday: 'Sat',
    due: '2026-02-28T16:00:00Z',
  },
  {
    reads: '5 working days from Tue 2025-12-30: Dec 31, Jan 4 (make-up Sunday), Jan 5, Jan 6, Jan 7',
    rule: WORKING,
    start: '2025-12-30T10:00:00+08:00',
    length: 5,
    startDay: '2025-12-30',
    nominalLastDay: '2026-01-07',
    nominalWeekday: 'Wed',
    lastDay: '2026-01-07',
    lastWeekday: 'Wed',
    due: '2026-01-07T16:00:00Z',
  },
  {
    reads: '5 working days from Thu 2026-02-12: Feb 13, Feb 14 (make-up Saturday), Feb 24, 25, 26',
    rule: WORKING,
    start: '2026-02-12T10:00:00+08:00',
    length: 5,
    startDay: '2026-02-12',
    nominalLastDay: '2026-02-26',
    nominalWeekday: 'Thu',
    lastDay: '2026-02-26',
    lastWeekday: 'Thu',
    due: '2026-02-26T16:00:00Z',
  },

  // Working days across the 2025 National Day holiday (Oct 1–8 off, Sep 28 and Oct 11 work).
  {
    reads: '3 working days from Tue 2025-09-30: Oct 9, Oct 10, Oct 11 (make-up Saturday)',
    rule: WORKING,
    start: '2025-09-30T10:00:00+08:00',
    length: 3,
    startDay: '2025-09-30',
    nominalLastDay: '2025-10-11',
    nominalWeekday: 'Sat',
    lastDay: '2025-10-11',
    lastWeekday: 'Sat',
    due: '2025-10-11T16:00:00Z',
  },
  {
    reads: '5 working days from a holiday (2025-10-03): Oct 9, Oct 10, Oct 11 (make-up Saturday), Oct 13, Oct 14',
    rule: WORKING,
    start: '2025-10-03T10:00:00+08:00',
    length: 5,
    startDay: '2025-10-03',
    nominalLastDay: '2025-10-14',
    nominalWeekday: 'Tue',
    lastDay: '2025-10-14',
    lastWeekday: 'Tue',
    due: '2025-10-14T16:00:00Z',
  },

  // handling: 60 days, and 60 + 30 once extended (roll-forward applies to the new last day).
  {
    reads: 'handling: accepted 2025-06-12, 60 days end on Monday Aug 11: no roll',
    rule: CALENDAR,
    start: '2025-06-12T10:00:00+08:00',
    length: 60,
    startDay: '2025-06-12',
    nominalLastDay: '2025-08-11',
    nominalWeekday: 'Mon',
    lastDay: '2025-08-11',
    lastWeekday: 'Mon',
    due: '2025-08-11T16:00:00Z',
  },
  {
    reads: 'handling: accepted 2025-03-03, 60 days end on May 2 (Labour Day): rolls to May 6',
    rule: CALENDAR,
    start: '2025-03-03T10:00:00+08:00',
    length: 60,
    startDay: '2025-03-03',
    nominalLastDay: '2025-05-02',
    nominalWeekday: 'Fri',
    lastDay: '2025-05-06',
    lastWeekday: 'Tue',
    due: '2025-05-06T16:00:00Z',
  },
  {
    reads: 'the same case extended by 30: 90 days end on Jun 1 (Dragon Boat), rolling to Jun 3, not May 6 + 30',
    rule: CALENDAR,
    start: '2025-03-03T10:00:00+08:00',
    length: 60 + 30,
    startDay: '2025-03-03',
    nominalLastDay: '2025-06-01',
    nominalWeekday: 'Sun',
    lastDay: '2025-06-03',
    lastWeekday: 'Tue',
    due: '2025-06-03T16:00:00Z',
  },

  // reReview: 30 days, hearing time (Nov 10–21 inclusive = 12 days) not counted.
  {
    reads: 'reReview: request received 2025-11-03, 30 days + 12 hearing days end on Monday Dec 15',
    rule: CALENDAR,
    start: '2025-11-03T10:00:00+08:00',
    length: 30,
    excluded: 12,
    startDay: '2025-11-03',
    nominalLastDay: '2025-12-15',
    nominalWeekday: 'Mon',
    lastDay: '2025-12-15',
    lastWeekday: 'Mon',
    due: '2025-12-15T16:00:00Z',
  },
  {
    reads: 'reReview without a hearing: 30 days from 2025-11-03 end on Wednesday Dec 3',
    rule: CALENDAR,
    start: '2025-11-03T10:00:00+08:00',
    length: 30,
    excluded: 0,
    startDay: '2025-11-03',
    nominalLastDay: '2025-12-03',
    nominalWeekday: 'Wed',
    lastDay: '2025-12-03',
    lastWeekday: 'Wed',
    due: '2025-12-03T16:00:00Z',
  },

  // The start day is the Shanghai date, whatever the UTC date of the instant.
  {
    reads: 'late evening: 23:30 on Thu 2025-03-06 starts on Mar 6; 5 working days end Thu Mar 13',
    rule: WORKING,
    start: '2025-03-06T23:30:00+08:00',
    length: 5,
    startDay: '2025-03-06',
    nominalLastDay: '2025-03-13',
    nominalWeekday: 'Thu',
    lastDay: '2025-03-13',
    lastWeekday: 'Thu',
    due: '2025-03-13T16:00:00Z',
  },
  {
    reads: 'just after midnight: 00:05 on Fri 2025-03-07 (still Mar 6 in UTC) starts on Mar 7; ends Fri Mar 14',
    rule: WORKING,
    start: '2025-03-07T00:05:00+08:00',
    length: 5,
    startDay: '2025-03-07',
    nominalLastDay: '2025-03-14',
    nominalWeekday: 'Fri',
    lastDay: '2025-03-14',
    lastWeekday: 'Fri',
    due: '2025-03-14T16:00:00Z',
  },
  {
    reads: 'late evening: 23:30 on 2025-09-11 starts on Sep 11; 30 days end on make-up Saturday Oct 11',
    rule: CALENDAR,
    start: '2025-09-11T23:30:00+08:00',
    length: 30,
    startDay: '2025-09-11',
    nominalLastDay: '2025-10-11',
    nominalWeekday: 'Sat',
    lastDay: '2025-10-11',
    lastWeekday: 'Sat',
    due: '2025-10-11T16:00:00Z',
  },
  {
    reads: 'just after midnight: 00:05 on 2025-09-12 (Sep 11 in UTC) starts on Sep 12; Sunday Oct 12 rolls to Oct 13',
    rule: CALENDAR,
    start: '2025-09-12T00:05:00+08:00',
    length: 30,
    startDay: '2025-09-12',
    nominalLastDay: '2025-10-12',
    nominalWeekday: 'Sun',
    lastDay: '2025-10-13',
    lastWeekday: 'Mon',
    due: '2025-10-13T16:00:00Z',
  },

  // No official calendar yet, by the older calendar: Monday–Friday fallback, flagged as provisional.
  {
    reads: '2031 has no notice: 15 days from 2031-09-16 end on Wed Oct 1, treated as a working day',
    rule: CALENDAR,
    start: '2031-09-16T10:00:00+08:00',
    length: 15,
    startDay: '2031-09-16',
    nominalLastDay: '2031-10-01',
    nominalWeekday: 'Wed',
    lastDay: '2031-10-01',
    lastWeekday: 'Wed',
    due: '2031-10-01T16:00:00Z',
    basis: 'weekends-only',
    version: WEEKENDS_ONLY_CALENDAR_VERSION,
  },
  {
    reads: '2031 has no notice: 15 days from 2031-09-19 end on Saturday Oct 4, rolling to Monday Oct 6',
    rule: CALENDAR,
    start: '2031-09-19T10:00:00+08:00',
    length: 15,
    startDay: '2031-09-19',
    nominalLastDay: '2031-10-04',
    nominalWeekday: 'Sat',
    lastDay: '2031-10-06',
    lastWeekday: 'Mon',
    due: '2031-10-06T16:00:00Z',
    basis: 'weekends-only',
    version: WEEKENDS_ONLY_CALENDAR_VERSION,
  },
  {
    reads: '5 working days from Tue 2026-12-29 run into 2027 (no notice): Jan 1 2027 counts, provisionally',
    rule: WORKING,
    start: '2026-12-29T10:00:00+08:00',
    length: 5,
    startDay: '2026-12-29',
    nominalLastDay: '2027-01-05',
    nominalWeekday: 'Tue',
    lastDay: '2027-01-05',
    lastWeekday: 'Tue',
    due: '2027-01-05T16:00:00Z',
    basis: 'weekends-only',
    version: WEEKENDS_ONLY_CALENDAR_VERSION,
  },
  // No official calendar yet, by the current one: the statutory holidays of the 放假办法, provisional.
  {
    reads:
      '2031 has no notice: 15 days from 2031-09-16 end on Wed Oct 1 (国庆节), rolling past 补假 Oct 6 to Tue Oct 7',
    rule: CALENDAR,
    start: '2031-09-16T10:00:00+08:00',
    length: 15,
    startDay: '2031-09-16',
    nominalLastDay: '2031-10-01',
    nominalWeekday: 'Wed',
    lastDay: '2031-10-07',
    lastWeekday: 'Tue',
    due: '2031-10-07T16:00:00Z',
    basis: 'statutory',
  },
  {
    reads: '5 working days from Tue 2026-12-29 run into 2027 (no notice): 元旦 2027 rests, provisionally',
    rule: WORKING,
    start: '2026-12-29T10:00:00+08:00',
    length: 5,
    startDay: '2026-12-29',
    nominalLastDay: '2027-01-06',
    nominalWeekday: 'Wed',
    lastDay: '2027-01-06',
    lastWeekday: 'Wed',
    due: '2027-01-06T16:00:00Z',
    basis: 'statutory',
  },
  {
    reads: 'a calendar-day period without roll-forward consults no calendar, so 2031 is still exact',
    rule: CALENDAR_NO_ROLL,
    start: '2031-09-19T10:00:00+08:00',
    length: 15,
    startDay: '2031-09-19',
    nominalLastDay: '2031-10-04',
    nominalWeekday: 'Sat',
    lastDay: '2031-10-04',
    lastWeekday: 'Sat',
    due: '2031-10-04T16:00:00Z',
    basis: 'official',
  },
];

describe('computeDeadline: counting a period', () => {
  it.each(cases)('$reads', (c) => {
    expect(weekdayOf(c.nominalLastDay)).toBe(c.nominalWeekday);
    expect(weekdayOf(c.lastDay)).toBe(c.lastWeekday);
    const version = c.version ?? CALENDAR_VERSION;
    expect(computeDeadline(c.rule, at(c.start), c.length, c.excluded, version)).toEqual({
      startDay: c.startDay,
      nominalLastDay: c.nominalLastDay,
      lastDay: c.lastDay,
      dueAt: at(c.due),
      rolledForward: c.lastDay !== c.nominalLastDay,
      calendarBasis: c.basis ?? 'official',
      calendarVersion: version,
    });
  });

  it('dueAt is 24:00 Shanghai of the last day, i.e. 00:00 +08:00 of the next day', () => {
    const d = computeDeadline(CALENDAR, at('2025-09-20T10:00:00+08:00'), 15);
    expect(d.dueAt).toBe(at('2025-10-10T00:00:00+08:00'));
  });

  it('the time of day of the start does not matter within the same Shanghai day', () => {
    const early = computeDeadline(CALENDAR, at('2025-09-20T00:00:00+08:00'), 15);
    const late = computeDeadline(CALENDAR, at('2025-09-20T23:59:59.999+08:00'), 15);
    expect(late).toEqual(early);
  });

  it('a working-day period is lengthened by excluded days in its own unit', () => {
    // Thu 2025-09-25 + 5 + 2 working days: ..., Oct 9 (5), Oct 10 (6), Oct 11 make-up Saturday (7).
    const d = computeDeadline(WORKING, at('2025-09-25T10:00:00+08:00'), 5, 2);
    expect([d.lastDay, d.dueAt]).toEqual(['2025-10-11', at('2025-10-11T16:00:00Z')]);
  });

  it('is deterministic: the same input always gives the same result', () => {
    const args = [CALENDAR, at('2025-12-20T10:00:00+08:00'), 60, 0] as const;
    expect(computeDeadline(...args)).toEqual(computeDeadline(...args));
  });

  it.each([
    ['negative length', () => computeDeadline(CALENDAR, 0, -1), /lengthDays/],
    ['zero length', () => computeDeadline(CALENDAR, 0, 0), /lengthDays/],
    ['fractional length', () => computeDeadline(CALENDAR, 0, 1.5), /lengthDays/],
    ['NaN length', () => computeDeadline(CALENDAR, 0, Number.NaN), /lengthDays/],
    ['absurd length', () => computeDeadline(CALENDAR, 0, MAX_PERIOD_DAYS + 1), /lengthDays/],
    ['negative exclusion', () => computeDeadline(CALENDAR, 0, 30, -2), /excludedDays/],
    ['fractional exclusion', () => computeDeadline(CALENDAR, 0, 30, 0.5), /excludedDays/],
    ['bad start instant', () => computeDeadline(CALENDAR, Number.NaN, 30), /instant/],
    ['unknown unit', () => computeDeadline({ unit: 'hours' as never, rollForward: true }, 0, 30), /unit/],
    ['missing rollForward', () => computeDeadline({ unit: 'calendar' } as CountingRule, 0, 30), /rollForward/],
  ])('rejects %s with a clear error', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});

describe('inclusiveDayCount: hearing days, start to end date inclusive', () => {
  it.each([
    ['2025-11-10', '2025-11-21', 12],
    ['2025-11-10', '2025-11-10', 1],
    ['2025-12-30', '2026-01-02', 4],
    ['2024-02-28', '2024-03-01', 3],
  ])('%s to %s is %i days', (from, to, days) => {
    expect(inclusiveDayCount(from, to)).toBe(days);
  });

  it('rejects an end before the start and malformed dates', () => {
    expect(() => inclusiveDayCount('2025-11-21', '2025-11-10')).toThrow(/before/);
    expect(() => inclusiveDayCount('2025-11-10', '21/11/2025')).toThrow(/YYYY-MM-DD/);
  });
});

describe('fractionInstant: escalation warnings at 70% and 90%', () => {
  // routing of example 1: 2025-09-20T10:00+08:00 to 2025-10-10T00:00+08:00 is 19 d 14 h = 470 h;
  // 70% is 329 h (13 d 17 h) and 90% is 423 h (17 d 15 h) after the start.
  const start = at('2025-09-20T10:00:00+08:00');
  const due = at('2025-10-09T16:00:00Z');
  it.each([
    [0, '2025-09-20T02:00:00Z'],
    [0.7, '2025-10-03T19:00:00Z'],
    [0.9, '2025-10-07T17:00:00Z'],
    [1, '2025-10-09T16:00:00Z'],
  ])('at %p of the routing period: %s', (fraction, iso) => {
    expect(fractionInstant(start, due, fraction)).toBe(at(iso));
  });

  it('rounds to the nearest millisecond (halves up)', () => {
    expect(fractionInstant(0, 3, 0.5)).toBe(2);
    expect(fractionInstant(1000, 1003, 0.3)).toBe(1001);
    expect(fractionInstant(5, 5, 0.7)).toBe(5);
  });

  it.each([
    ['fraction above 1', () => fractionInstant(0, 10, 1.2), /fraction/],
    ['negative fraction', () => fractionInstant(0, 10, -0.1), /fraction/],
    ['NaN fraction', () => fractionInstant(0, 10, Number.NaN), /fraction/],
    ['due before start', () => fractionInstant(10, 0, 0.5), /before/],
    ['non-integer instant', () => fractionInstant(0.5, 10, 0.5), /startedAt/],
  ])('rejects %s', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
