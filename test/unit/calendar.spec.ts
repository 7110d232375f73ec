/**
 * The working-day calendar (DOMAIN §3): official yearly notices from chinese-days, with 调休
 * make-up working days, and a Monday–Friday fallback for years with no notice yet.
 *
 * Expected values come from the State Council holiday notices (2025: 国办发明电〔2024〕12号;
 * 2026: the notice of November 2025) as recorded in chinese-days' data, not from this code.
 * Weekday columns are checked against JavaScript's own Date so a typo in a table cannot hide.
 */
import { readFileSync } from 'fs';
import {
  CALENDAR_VERSION,
  OFFICIAL_CALENDAR_YEARS,
  WEEKENDS_ONLY_CALENDAR_VERSION,
  addDays,
  addWorkingDays,
  calendarCoverage,
  daysBetween,
  endOfShanghaiDay,
  isMakeUpWorkingDay,
  isRestDay,
  isStatutoryHoliday,
  isValidDate,
  isWorkingDay,
  nextWorkingDayOnOrAfter,
  shanghaiDateOf,
  startOfShanghaiDay,
} from '../../libs/process/calendar';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
type Weekday = (typeof WEEKDAYS)[number];
const weekdayOf = (date: string): Weekday => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];
const at = (iso: string): number => new Date(iso).getTime();

interface RawCalendar {
  holidays: Record<string, string>;
  workdays: Record<string, string>;
}
const raw = JSON.parse(readFileSync(require.resolve('chinese-days/dist/chinese-days.json'), 'utf8')) as RawCalendar;

describe('calendar data source', () => {
  it('CALENDAR_VERSION names the installed chinese-days version (bump both together)', () => {
    const pkg = JSON.parse(readFileSync(require.resolve('chinese-days/package.json'), 'utf8')) as {
      name: string;
      version: string;
    };
    expect(CALENDAR_VERSION).toBe(`${pkg.name}@${pkg.version}+statutory`);
    expect(WEEKENDS_ONLY_CALENDAR_VERSION).toBe(`${pkg.name}@${pkg.version}`);
  });

  it('official years are exactly the years whose notice is in the data, without gaps', () => {
    // Every notice declares 元旦 (New Year's Day), so its key identifies the covered years.
    const yearsWithNewYear = Object.keys(raw.holidays)
      .filter((d) => d.endsWith('-01-01'))
      .map((d) => Number(d.slice(0, 4)))
      .sort((a, b) => a - b);
    expect(OFFICIAL_CALENDAR_YEARS).toEqual(yearsWithNewYear);
    const first = OFFICIAL_CALENDAR_YEARS[0];
    const last = OFFICIAL_CALENDAR_YEARS[OFFICIAL_CALENDAR_YEARS.length - 1];
    expect(OFFICIAL_CALENDAR_YEARS).toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i));
    // The Regulation has been in force since 2022-05-01; those years must be official.
    expect(first).toBeLessThanOrEqual(2022);
    expect(last).toBeGreaterThanOrEqual(2026);
  });

  it.each([
    ['2022-05-01', 'official', 'official'],
    ['2025-10-05', 'official', 'official'],
    ['2026-02-15', 'official', 'official'],
    ['2031-10-01', 'statutory', 'weekends-only'],
    // Before the revised 放假办法 and before the data: nothing to compute from.
    ['1999-10-01', 'weekends-only', 'weekends-only'],
  ] as const)('calendarCoverage(%s) is %s (before the computation: %s)', (date, coverage, before) => {
    expect(calendarCoverage(date)).toBe(coverage);
    expect(calendarCoverage(date, WEEKENDS_ONLY_CALENDAR_VERSION)).toBe(before);
  });

  it('the year after the last official one is computed from the 放假办法 (the older calendar: weekends only)', () => {
    const after = OFFICIAL_CALENDAR_YEARS[OFFICIAL_CALENDAR_YEARS.length - 1] + 1;
    expect(calendarCoverage(`${after}-06-15`)).toBe('statutory');
    expect(calendarCoverage(`${after}-06-15`, WEEKENDS_ONLY_CALENDAR_VERSION)).toBe('weekends-only');
  });

  it("2025's make-up working days in the data are exactly those DOMAIN §3 lists", () => {
    const makeUp2025 = Object.keys(raw.workdays)
      .filter((d) => d.startsWith('2025-'))
      .sort();
    expect(makeUp2025).toEqual(['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']);
    for (const d of makeUp2025) expect(isMakeUpWorkingDay(d)).toBe(true);
  });

  it('every make-up working day is a weekend day and never also a holiday', () => {
    for (const d of Object.keys(raw.workdays)) {
      expect([d, weekdayOf(d)]).toEqual([d, expect.stringMatching(/^(Sat|Sun)$/)]);
      expect([d, isStatutoryHoliday(d)]).toEqual([d, false]);
    }
  });
});

describe('working days and rest days', () => {
  const table: Array<[date: string, weekday: Weekday, working: boolean, why: string]> = [
    ['2025-09-26', 'Fri', true, 'ordinary weekday'],
    ['2025-09-27', 'Sat', false, 'ordinary Saturday'],
    ['2025-09-28', 'Sun', true, '调休: works for National Day'],
    ['2025-10-01', 'Wed', false, 'National Day'],
    ['2025-10-04', 'Sat', false, 'National Day / Mid-autumn block'],
    ['2025-10-08', 'Wed', false, 'last day of the National Day block'],
    ['2025-10-09', 'Thu', true, 'first working day after National Day'],
    ['2025-10-11', 'Sat', true, '调休: works for National Day'],
    ['2025-10-12', 'Sun', false, 'ordinary Sunday'],
    ['2025-01-26', 'Sun', true, '调休: works for Spring Festival'],
    ['2025-02-04', 'Tue', false, 'Spring Festival'],
    ['2025-02-08', 'Sat', true, '调休: works for Spring Festival'],
    ['2025-04-27', 'Sun', true, '调休: works for Labour Day'],
    ['2025-05-05', 'Mon', false, 'Labour Day'],
    ['2025-06-02', 'Mon', false, 'Dragon Boat Festival'],
    ['2026-01-01', 'Thu', false, "New Year's Day"],
    ['2026-01-02', 'Fri', false, "New Year's holiday"],
    ['2026-01-04', 'Sun', true, "调休: works for New Year's Day"],
    ['2026-02-14', 'Sat', true, '调休: works for Spring Festival'],
    ['2026-02-16', 'Mon', false, 'Spring Festival'],
    ['2026-02-23', 'Mon', false, 'last day of the Spring Festival block'],
    ['2026-02-24', 'Tue', true, 'first working day after Spring Festival'],
    ['2026-02-28', 'Sat', true, '调休: works for Spring Festival'],
    ['2031-10-01', 'Wed', false, 'no official 2031 calendar: 国庆节 by the 放假办法'],
    ['2031-10-04', 'Sat', false, 'no official 2031 calendar: weekend'],
    ['2031-10-06', 'Mon', false, 'no official 2031 calendar: 补假, 中秋节 fell on 国庆节 (10月1日)'],
    ['2031-10-07', 'Tue', true, 'no official 2031 calendar: first working day after the block'],
  ];
  it.each(table)('%s (%s) working=%s: %s', (date, weekday, working) => {
    expect(weekdayOf(date)).toBe(weekday);
    expect(isWorkingDay(date)).toBe(working);
    expect(isRestDay(date)).toBe(!working);
  });

  it.each([
    ['2031-10-01', 'Wed', true],
    ['2031-10-04', 'Sat', false],
  ] as const)('the older calendar counts %s (%s) Monday–Friday: working=%s', (date, weekday, working) => {
    expect(weekdayOf(date)).toBe(weekday);
    expect(isWorkingDay(date, WEEKENDS_ONLY_CALENDAR_VERSION)).toBe(working);
  });

  it.each([
    ['2025-10-01', '2025-10-09'],
    ['2025-09-27', '2025-09-28'],
    ['2025-10-09', '2025-10-09'],
    ['2026-01-01', '2026-01-04'],
    ['2026-02-15', '2026-02-24'],
    ['2031-10-04', '2031-10-07'],
  ])('nextWorkingDayOnOrAfter(%s) is %s', (date, expected) => {
    expect(nextWorkingDayOnOrAfter(date)).toBe(expected);
  });

  it('the older calendar rolls 2031-10-04 (Sat) to Monday only', () => {
    expect(nextWorkingDayOnOrAfter('2031-10-04', WEEKENDS_ONLY_CALENDAR_VERSION)).toBe('2031-10-06');
  });

  it.each([
    ['2025-09-25', 0, '2025-09-25'],
    ['2025-09-25', 2, '2025-09-28'],
    ['2025-09-25', 5, '2025-10-09'],
    ['2025-09-30', 3, '2025-10-11'],
    ['2026-02-12', 3, '2026-02-24'],
  ])('addWorkingDays(%s, %i) is %s', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
  });
});

describe('date arithmetic', () => {
  it.each([
    ['2025-09-20', 15, '2025-10-05'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2000-02-28', 1, '2000-02-29'],
    ['1900-02-28', 1, '1900-03-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2025-03-03', 90, '2025-06-01'],
    ['1970-01-01', -1, '1969-12-31'],
  ])('addDays(%s, %i) is %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(n);
  });

  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2000-02-29', true],
    ['2025-04-31', false],
    ['2025-13-01', false],
    ['2025-00-10', false],
    ['2025-1-01', false],
    ['2025-09-20T00:00', false],
    [' 2025-09-20', false],
    ['', false],
    [20250920, false],
    [null, false],
  ])('isValidDate(%p) is %s', (s, valid) => {
    expect(isValidDate(s)).toBe(valid);
  });

  it('rejects malformed input instead of guessing', () => {
    expect(() => addDays('2025-02-29', 1)).toThrow(/YYYY-MM-DD/);
    expect(() => addDays('2025-09-20', 1.5)).toThrow(/integer/);
    expect(() => isWorkingDay('20250920')).toThrow(/YYYY-MM-DD/);
    expect(() => calendarCoverage('next week')).toThrow(/YYYY-MM-DD/);
    expect(() => addWorkingDays('2025-09-20', -1)).toThrow(/negative/);
    expect(() => shanghaiDateOf(Number.NaN)).toThrow(/finite/);
    expect(() => addDays('9999-12-31', 1)).toThrow(/out of range/);
  });
});

describe('Asia/Shanghai days and instants', () => {
  it.each([
    ['2025-09-20T15:59:59.999Z', '2025-09-20', '23:59:59.999 in Shanghai'],
    ['2025-09-20T16:00:00.000Z', '2025-09-21', 'midnight in Shanghai, still Sep 20 in UTC'],
    ['2025-09-20T15:30:00Z', '2025-09-20', '23:30 +08:00'],
    ['2025-09-20T16:05:00Z', '2025-09-21', '00:05 +08:00'],
    ['2025-09-21T00:00:00+08:00', '2025-09-21', 'offset form'],
    ['1969-12-31T16:00:00Z', '1970-01-01', 'negative epoch ms'],
    ['1969-12-31T15:59:59.999Z', '1969-12-31', 'negative epoch ms'],
  ])('shanghaiDateOf(%s) is %s (%s)', (iso, date) => {
    expect(shanghaiDateOf(at(iso))).toBe(date);
  });

  it('a Shanghai day runs from 00:00 +08:00 to 24:00 +08:00', () => {
    expect(startOfShanghaiDay('2025-10-09')).toBe(at('2025-10-08T16:00:00Z'));
    expect(endOfShanghaiDay('2025-10-09')).toBe(at('2025-10-09T16:00:00Z'));
    expect(endOfShanghaiDay('2025-12-31')).toBe(at('2026-01-01T00:00:00+08:00'));
    expect(shanghaiDateOf(endOfShanghaiDay('2025-10-09') - 1)).toBe('2025-10-09');
    expect(shanghaiDateOf(endOfShanghaiDay('2025-10-09'))).toBe('2025-10-10');
  });

  it("does not depend on the host's time zone", () => {
    const saved = process.env.TZ;
    const results: string[] = [];
    try {
      for (const tz of ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Shanghai']) {
        process.env.TZ = tz;
        results.push(
          [
            shanghaiDateOf(at('2025-09-20T16:05:00Z')),
            endOfShanghaiDay('2025-03-30'),
            isWorkingDay('2025-09-28'),
            addDays('2025-03-29', 2),
          ].join('|'),
        );
      }
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
    expect(new Set(results).size).toBe(1);
    expect(results[0]).toBe(`2025-09-21|${at('2025-03-30T16:00:00Z')}|true|2025-03-31`);
  });
});
