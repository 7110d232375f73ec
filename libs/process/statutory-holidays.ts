/**
 * The statutory holidays of a year for which no official holiday notice (放假安排, with its 调休)
 * is in the calendar data yet, computed from 《全国年节及纪念日放假办法》 (revised 2024-11-10, in
 * force 2025-01-01), 第二条 (全体公民放假的节日) and 第六条 (a holiday falling on a Saturday or Sunday
 * is made up on a working day):
 *
 *   元旦 1月1日 · 春节 农历除夕、正月初一至初三 (4 days) · 清明节 the 清明 solar term (4月4日 or 5日) ·
 *   劳动节 5月1日、2日 · 端午节 农历五月初五 · 中秋节 农历八月十五 · 国庆节 10月1日至3日.
 *
 * Weekends rest. No 调休 make-up working days are invented: they are announced only by the
 * official notice, and until it is in the data every deadline counted through such a year is
 * provisional (its basis is 'statutory') and re-projected when the notice arrives.
 *
 * Lunar dates come from the maintained `chinese-days` tables (its CommonJS build: the workflow
 * bundler cannot parse its ES build). This module runs inside the workflow sandbox: the result is
 * a pure function of the year. The library reads lunar fields by whole days since a fixed instant
 * (independent of the host's time zone), but formats the dates it returns in local time; so only
 * its lunar fields are read for given dates, and the solar term's day is corrected by the offset
 * the library's own formatting shows for a known date.
 */
// The declaration of the CJS build's path, found this way by every tsconfig that reaches this file
// (the console's too); a .d.ts has nothing to import.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./chinese-days-cjs.d.ts" />
import { getLunarDate, getSolarTermDate } from 'chinese-days/dist/index.min.js';

/** One holiday as the 放假办法 names it, and its days in the year. */
export interface StatutoryFestival {
  name: '元旦' | '春节' | '清明节' | '劳动节' | '端午节' | '中秋节' | '国庆节';
  days: readonly string[];
}

export interface StatutoryYear {
  year: number;
  festivals: readonly StatutoryFestival[];
  /** 补假: working days given for festival days that fell on a weekend or on another festival. */
  makeUpRestDays: readonly string[];
  /** Every statutory rest day of the year that is not a weekend day anyway, plus the festival days. */
  restDays: ReadonlySet<string>;
}

/**
 * From the revised 放假办法's entry into force (earlier years had other holidays; the official
 * notices cover them anyway) to the end of chinese-days' lunar tables.
 */
export const STATUTORY_YEARS = { first: 2025, last: 2099 } as const;

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`;

/** Day arithmetic on UTC midnights: no local-time method is involved. */
function shift(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
  const d = new Date(t + days * 86_400_000);
  return iso(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}
const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: string) => weekday(date) === 0 || weekday(date) === 6;

/** The Gregorian date of lunar month/day (not a leap month) of the lunar year that starts in `year`. */
function lunarDayIn(year: number, lunarMonth: number, lunarDay: number, from: string, window: number): string {
  let day = from;
  for (let i = 0; i < window; i += 1, day = shift(day, 1)) {
    const l = getLunarDate(day);
    if (l.lunarYear === year && l.lunarMon === lunarMonth && l.lunarDay === lunarDay && !l.isLeap) return day;
  }
  throw new Error(`lunar ${year}-${lunarMonth}-${lunarDay} not found in chinese-days' tables`);
}

/** 正月初一 lies between January 21 and February 20. */
const springFestivalOf = (year: number) => lunarDayIn(year, 1, 1, iso(year, 1, 21), 31);

/** A later lunar day: at least 29 days a month after 正月初一, at most 30 a month plus a leap month. */
function laterLunarDay(year: number, springFestival: string, lunarMonth: number, lunarDay: number): string {
  return lunarDayIn(year, lunarMonth, lunarDay, shift(springFestival, (lunarMonth - 1) * 29 + lunarDay - 1), 62);
}

/**
 * 清明: the library computes the day of the term and formats it in local time; the offset its
 * formatting adds to a known date of the same April (0 east of Greenwich, −1 west of it) is taken
 * back out.
 */
function qingming(year: number): string {
  // Probed in the same days: a zone's offset may have changed over the years.
  const probe = iso(year, 4, 4);
  const formattingOffset = Math.round(
    (Date.parse(`${getLunarDate(probe).date}T00:00:00Z`) - Date.parse(`${probe}T00:00:00Z`)) / 86_400_000,
  );
  const day = shift(getSolarTermDate(year, 4, 'pure_brightness'), -formattingOffset);
  if (day !== iso(year, 4, 4) && day !== iso(year, 4, 5) && day !== iso(year, 4, 6)) {
    throw new Error(`清明 ${year} computed as ${day}: outside 4月4日–6日`);
  }
  return day;
}

function festivalsOf(year: number): StatutoryFestival[] {
  const springFestival = springFestivalOf(year);
  return [
    { name: '元旦', days: [iso(year, 1, 1)] },
    // 除夕 is the last day of the old lunar year (腊月廿九 or 三十): the day before 正月初一.
    {
      name: '春节',
      days: [shift(springFestival, -1), springFestival, shift(springFestival, 1), shift(springFestival, 2)],
    },
    { name: '清明节', days: [qingming(year)] },
    { name: '劳动节', days: [iso(year, 5, 1), iso(year, 5, 2)] },
    { name: '端午节', days: [laterLunarDay(year, springFestival, 5, 5)] },
    { name: '中秋节', days: [laterLunarDay(year, springFestival, 8, 15)] },
    { name: '国庆节', days: [iso(year, 10, 1), iso(year, 10, 2), iso(year, 10, 3)] },
  ];
}

function compute(year: number): StatutoryYear {
  if (!Number.isInteger(year) || year < STATUTORY_YEARS.first || year > STATUTORY_YEARS.last) {
    throw new Error(
      `statutory holidays are computed for ${STATUTORY_YEARS.first}–${STATUTORY_YEARS.last}, not ${year}`,
    );
  }
  const festivals = festivalsOf(year);
  const festivalDays = new Set<string>();
  /** Festival days owed a working day: on a weekend, or on a day another festival already took. */
  let owed: string[] = [];
  for (const day of festivals.flatMap((f) => f.days).sort()) {
    if (festivalDays.has(day) || isWeekend(day)) owed.push(day);
    festivalDays.add(day);
  }
  // 第六条: each owed day is made up on the first working day after its festival's run of rest days.
  const makeUp: string[] = [];
  const rest = new Set(festivalDays);
  owed = owed.sort();
  for (const day of owed) {
    let next = shift(day, 1);
    while (rest.has(next) || isWeekend(next)) next = shift(next, 1);
    rest.add(next);
    makeUp.push(next);
  }
  return { year, festivals, makeUpRestDays: makeUp, restDays: rest };
}

const computed = new Map<number, StatutoryYear>();

/** The statutory holidays of `year` by the 放假办法 (memoized: a pure function of the year). */
export function statutoryYear(year: number): StatutoryYear {
  let found = computed.get(year);
  if (!found) {
    found = compute(year);
    computed.set(year, found);
  }
  return found;
}
