/**
 * The calendar beyond the official notices: for a year whose State Council holiday notice is not
 * in the data, the statutory holidays of 《全国年节及纪念日放假办法》 (2025) are computed, lunar
 * festivals from chinese-days' tables, with 补假 for festival days on a weekend; every deadline
 * counted through such a year is provisional.
 *
 * Expected lunar dates are from the published Chinese calendar (农历): 2027 春节 (正月初一) is
 * Saturday 6 February, 除夕 Friday 5 February; 2028 春节 is Wednesday 26 January; 2028 has a leap
 * fifth month, so 中秋 falls on 3 October, inside 国庆节.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import {
  CALENDAR_VERSION,
  OFFICIAL_CALENDAR_YEARS,
  WEEKENDS_ONLY_CALENDAR_VERSION,
  calendarCoverage,
  isProvisionalBasis,
  isStatutoryHoliday,
  isWorkingDay,
} from '../../libs/process/calendar';
import { CLOCKS } from '../../libs/process/policy';
import { computeDeadline } from '../../libs/process/deadline';
import { statutoryYear } from '../../libs/process/statutory-holidays';

const at = (iso: string) => Date.parse(iso);
const festival = (year: number, name: string) => statutoryYear(year).festivals.find((f) => f.name === name)!.days;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const weekdayOf = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];

describe('statutory holidays of a year without an official notice', () => {
  it('2027 and 2028 are beyond the data, so they are computed', () => {
    expect(OFFICIAL_CALENDAR_YEARS).not.toContain(2027);
    expect(OFFICIAL_CALENDAR_YEARS).not.toContain(2028);
    expect(calendarCoverage('2027-02-05')).toBe('statutory');
    expect(calendarCoverage('2028-10-03')).toBe('statutory');
  });

  it('2027: the festivals of the 放假办法 on their days', () => {
    expect(Object.fromEntries(statutoryYear(2027).festivals.map((f) => [f.name, f.days]))).toEqual({
      元旦: ['2027-01-01'],
      // 除夕 (腊月廿九: 腊月 has 29 days that year) and 正月初一 to 初三
      春节: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08'],
      清明节: ['2027-04-05'],
      劳动节: ['2027-05-01', '2027-05-02'],
      端午节: ['2027-06-09'],
      中秋节: ['2027-09-15'],
      国庆节: ['2027-10-01', '2027-10-02', '2027-10-03'],
    });
    // 补假: 春节's Saturday and Sunday, 劳动节 on a weekend, 国庆节's Saturday and Sunday.
    expect(statutoryYear(2027).makeUpRestDays).toEqual([
      '2027-02-09',
      '2027-02-10',
      '2027-05-03',
      '2027-05-04',
      '2027-10-04',
      '2027-10-05',
    ]);
  });

  it('2028: 春节 from the lunar calendar, 元旦 on a Saturday made up on Monday, 中秋 inside 国庆节', () => {
    expect(festival(2028, '春节')).toEqual(['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28']);
    expect(weekdayOf('2028-01-01')).toBe('Sat');
    expect(isWorkingDay('2028-01-03')).toBe(false);
    expect(isWorkingDay('2028-01-04')).toBe(true);
    expect(festival(2028, '清明节')).toEqual(['2028-04-04']);
    expect(festival(2028, '端午节')).toEqual(['2028-05-28']);
    expect(festival(2028, '中秋节')).toEqual(['2028-10-03']);
    // 10-01 Sun (made up), 10-03 twice (国庆 and 中秋): two working days given after the block.
    expect(statutoryYear(2028).makeUpRestDays).toEqual(['2028-01-03', '2028-05-29', '2028-10-04', '2028-10-05']);
    expect(isWorkingDay('2028-10-06')).toBe(true);
  });

  it('every festival day rests; weekends rest; no 调休 working weekend is invented', () => {
    for (const day of [
      '2027-01-01',
      '2027-02-05',
      '2027-02-08',
      '2027-04-05',
      '2027-06-09',
      '2027-09-15',
      '2027-10-01',
    ])
      expect(isStatutoryHoliday(day)).toBe(true);
    expect(isWorkingDay('2027-01-02')).toBe(false); // Saturday
    expect(isWorkingDay('2027-01-31')).toBe(false); // a Sunday an official notice might make a working day
    expect(isWorkingDay('2027-02-11')).toBe(true);
  });

  it('is a pure function of the year, whatever the host time zone (the library formats in local time)', () => {
    const script = `require(${JSON.stringify(resolve(__dirname, '../support/register-ts.js'))});
      const { statutoryYear } = require(${JSON.stringify(resolve(__dirname, '../../libs/process/statutory-holidays'))});
      process.stdout.write(JSON.stringify([2027, 2028, 2031, 2045].map((y) => statutoryYear(y)).map((s) => [s.festivals, s.makeUpRestDays])));`;
    const run = (tz: string) =>
      execFileSync(process.execPath, ['-e', script], { env: { ...process.env, TZ: tz } }).toString();
    const shanghai = run('Asia/Shanghai');
    expect(run('America/New_York')).toBe(shanghai);
    expect(run('Pacific/Honolulu')).toBe(shanghai);
    expect(run('UTC')).toBe(shanghai);
  });
});

describe('deadlines in a year without an official notice', () => {
  const routing = CLOCKS.routing;

  it('a period ending on 元旦 2027 rolls to Monday 4 January, provisionally', () => {
    // 30 calendar days from Wednesday 2026-12-02 end on Friday 2027-01-01.
    const d = computeDeadline({ unit: 'calendar', rollForward: true }, at('2026-12-02T10:00:00+08:00'), 30);
    expect(d).toMatchObject({
      nominalLastDay: '2027-01-01',
      lastDay: '2027-01-04',
      rolledForward: true,
      calendarBasis: 'statutory',
      calendarVersion: CALENDAR_VERSION,
    });
    // The older calendar counted the Friday as a working day.
    const before = computeDeadline(
      { unit: 'calendar', rollForward: true },
      at('2026-12-02T10:00:00+08:00'),
      30,
      0,
      WEEKENDS_ONLY_CALENDAR_VERSION,
    );
    expect(before).toMatchObject({ lastDay: '2027-01-01', rolledForward: false, calendarBasis: 'weekends-only' });
  });

  it('the 60-day handling period accepted on 2026-12-07 ends on 除夕 2027-02-05 and rolls past 春节 and its 补假', () => {
    const handling = CLOCKS.handling;
    const d = computeDeadline(handling, at('2026-12-07T10:00:00+08:00'), handling.lengthDays!);
    expect(d).toMatchObject({
      nominalLastDay: '2027-02-05',
      lastDay: '2027-02-11',
      rolledForward: true,
      calendarBasis: 'statutory',
    });
    expect(isProvisionalBasis(d.calendarBasis)).toBe(true);
  });

  it('a period whose days all lie in official years is not provisional', () => {
    const d = computeDeadline(routing, at('2026-03-02T10:00:00+08:00'), 15);
    expect(d.calendarBasis).toBe('official');
    expect(isProvisionalBasis(d.calendarBasis)).toBe(false);
  });
});
