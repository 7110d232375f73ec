/**
 * Working days and rest days in mainland China (Asia/Shanghai), from the official yearly holiday
 * notices as maintained by the `chinese-days` package.
 *
 * This module runs inside Temporal's deterministic workflow sandbox, so it must not read the clock,
 * do I/O, or depend on the host's time zone. Calendar dates are plain 'YYYY-MM-DD' strings meaning
 * a day in Asia/Shanghai (UTC+8 all year, no DST); instants are epoch milliseconds. Day arithmetic
 * is done on integer day numbers rather than `Date` objects, so no local-time method is ever
 * involved.
 */

// The JSON data, not the package entry point: Temporal's webpack bundler cannot parse the ES build
// the package advertises under "module", and the JSON is the package's own source of truth anyway.
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
// Earlier releases stay installed (npm aliases) so that a case keeps counting by the calendar it
// started with, and replays of its history compute the same deadlines, until it is re-projected.
import chineseDays151Data from 'chinese-days-1.5.1/dist/chinese-days.json';
import { STATUTORY_YEARS, statutoryYear } from './statutory-holidays';

/**
 * The data source and its pinned version that new cases use. A case records the version it
 * started with; a later calendar (next year's holiday notice) is applied to it explicitly, by
 * re-projection. Must match the installed package (a unit test enforces this, so bumping the
 * package forces a conscious update here, and the old data must be kept as an alias).
 */
export const CALENDAR_VERSION = 'chinese-days@1.5.7+statutory';

/**
 * The same data counted as before the statutory holidays were computed: a year with no official
 * notice is Monday–Friday. Cases that started by it keep it (replays compute the same deadlines)
 * until they are re-projected.
 */
export const WEEKENDS_ONLY_CALENDAR_VERSION = 'chinese-days@1.5.7';

/**
 * How the year of a day is known: 'official' from the State Council's notice in the data;
 * 'statutory' computed from 《全国年节及纪念日放假办法》 (statutory-holidays.ts; no 调休 known yet);
 * 'weekends-only' Monday–Friday (calendars that predate the computation). Anything but 'official'
 * is provisional: re-projected when the notice arrives.
 */
export type CalendarCoverage = 'official' | 'statutory' | 'weekends-only';

interface ChineseDaysData {
  /** Statutory rest days, including weekend days inside a holiday block. */
  readonly holidays: Readonly<Record<string, string>>;
  /** 调休 make-up working days (weekend days that are working days). */
  readonly workdays: Readonly<Record<string, string>>;
}

interface Calendar {
  readonly data: ChineseDaysData;
  /**
   * Years for which an official notice is in the data. Every notice declares at least New Year's
   * Day, so a year with no holiday entry has no notice (yet).
   */
  readonly officialYears: ReadonlySet<number>;
  /** Years beyond the notices count the statutory holidays of the 放假办法 (else Monday–Friday only). */
  readonly statutoryBeyond: boolean;
}

function calendarOf(version: string, data: ChineseDaysData, statutoryBeyond: boolean): Calendar {
  if (typeof data.holidays !== 'object' || typeof data.workdays !== 'object') {
    // Fail loudly at load rather than silently treating every year as weekends-only after a
    // package upgrade changes the data layout.
    throw new Error(`${version}: unexpected calendar data shape`);
  }
  return {
    data,
    officialYears: new Set(Object.keys(data.holidays).map((day) => Number(day.slice(0, 4)))),
    statutoryBeyond,
  };
}

const CALENDARS: Readonly<Record<string, Calendar>> = {
  'chinese-days@1.5.1': calendarOf('chinese-days@1.5.1', chineseDays151Data, false),
  [WEEKENDS_ONLY_CALENDAR_VERSION]: calendarOf(WEEKENDS_ONLY_CALENDAR_VERSION, chineseDaysData, false),
  [CALENDAR_VERSION]: calendarOf(CALENDAR_VERSION, chineseDaysData, true),
};

/** Every calendar version a case can count by, oldest first. */
export const CALENDAR_VERSIONS: readonly string[] = Object.freeze(Object.keys(CALENDARS));

function calendar(version: string): Calendar {
  const found = CALENDARS[version];
  if (!found) throw new Error(`unknown calendar version "${version}"; known: ${CALENDAR_VERSIONS.join(', ')}`);
  return found;
}

/** The years with an official calendar in the current version, ascending. Derived from the data, never hand-typed. */
export const OFFICIAL_CALENDAR_YEARS: readonly number[] = Object.freeze(
  [...calendar(CALENDAR_VERSION).officialYears].sort((a, b) => a - b),
);

/** One calendar day in milliseconds (Asia/Shanghai has no daylight saving), the one definition every layer uses. */
export const DAY_MS = 86_400_000;
/** Asia/Shanghai has been UTC+8 without DST since 1991; the product has no earlier instants. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) {
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    return leap ? 29 : 28;
  }
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A real proleptic-Gregorian date written exactly as 'YYYY-MM-DD' (year 0001–9999). */
export function isValidDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = DATE_PATTERN.exec(s);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function assertDate(date: string, what = 'date'): void {
  if (!isValidDate(date)) {
    throw new Error(`${what} must be a calendar date 'YYYY-MM-DD', got ${JSON.stringify(date)}`);
  }
}

/** Days since 1970-01-01 (H. Hinnant's days_from_civil), pure integer arithmetic. */
function toDayNumber(date: string): number {
  assertDate(date);
  let year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  if (month <= 2) year -= 1;
  const era = Math.floor(year / 400);
  const yoe = year - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of toDayNumber (H. Hinnant's civil_from_days). */
function fromDayNumber(dayNumber: number): string {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  if (year < 1 || year > 9999) {
    throw new Error(`date out of range (year ${year}); supported years are 0001–9999`);
  }
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
function weekdayOf(date: string): number {
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new Error(`${what} must be an integer, got ${n}`);
}

/** The date `n` calendar days after `date` (before it when `n` is negative). */
export function addDays(date: string, n: number): string {
  assertInteger(n, 'day offset');
  return fromDayNumber(toDayNumber(date) + n);
}

/** Signed number of calendar days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Whether the official calendar of `date`'s year is in the data, computed from the statute, or Mon–Fri only. */
export function calendarCoverage(date: string, version = CALENDAR_VERSION): CalendarCoverage {
  assertDate(date);
  const found = calendar(version);
  const year = Number(date.slice(0, 4));
  if (found.officialYears.has(year)) return 'official';
  return found.statutoryBeyond && year >= STATUTORY_YEARS.first && year <= STATUTORY_YEARS.last
    ? 'statutory'
    : 'weekends-only';
}

/** A coverage other than the official notice: the deadline is provisional (如遇法定节假日顺延). */
export function isProvisionalBasis(basis: CalendarCoverage): boolean {
  return basis !== 'official';
}

/** A 调休 make-up working day: a Saturday or Sunday that the official notice makes a working day. */
export function isMakeUpWorkingDay(date: string, version = CALENDAR_VERSION): boolean {
  assertDate(date);
  return Object.prototype.hasOwnProperty.call(calendar(version).data.workdays, date);
}

/**
 * A statutory holiday day (法定节假日), including the weekend days inside a holiday block; in a year
 * with no notice, the computed festival and 补假 days (calendarCoverage 'statutory').
 */
export function isStatutoryHoliday(date: string, version = CALENDAR_VERSION): boolean {
  const coverage = calendarCoverage(date, version);
  if (coverage === 'statutory') return statutoryYear(Number(date.slice(0, 4))).restDays.has(date);
  return Object.prototype.hasOwnProperty.call(calendar(version).data.holidays, date);
}

/**
 * A working day: Monday–Friday unless a statutory holiday, or a make-up weekend day. Years with no
 * official calendar count the computed statutory holidays, or (older calendar versions) fall back
 * to Monday–Friday (see calendarCoverage).
 */
export function isWorkingDay(date: string, version = CALENDAR_VERSION): boolean {
  if (isMakeUpWorkingDay(date, version)) return true;
  if (isStatutoryHoliday(date, version)) return false;
  const weekday = weekdayOf(date);
  return weekday >= 1 && weekday <= 5;
}

/** A rest day (休息日/法定休假日): a weekend or statutory holiday that is not a make-up working day. */
export function isRestDay(date: string, version = CALENDAR_VERSION): boolean {
  return !isWorkingDay(date, version);
}

/**
 * The longest run of rest days in the data is ten (2020's extended Spring Festival). A run longer
 * than a month means broken data, and looping forever inside a workflow task would be worse than
 * failing it.
 */
const MAX_REST_RUN = 31;

/** `date` itself when it is a working day, else the first working day after it. */
export function nextWorkingDayOnOrAfter(date: string, version = CALENDAR_VERSION): string {
  let day = date;
  for (let i = 0; i <= MAX_REST_RUN; i += 1) {
    if (isWorkingDay(day, version)) return day;
    day = addDays(day, 1);
  }
  throw new Error(`no working day within ${MAX_REST_RUN} days of ${date} (${version})`);
}

/**
 * The `n`-th working day strictly after `date` (`date` itself when `n` is 0); `date` need not be
 * a working day, since the start day is never counted.
 */
export function addWorkingDays(date: string, n: number, version = CALENDAR_VERSION): string {
  assertInteger(n, 'working-day count');
  if (n < 0) throw new Error(`working-day count must not be negative, got ${n}`);
  assertDate(date);
  let day = date;
  for (let counted = 0; counted < n;) {
    day = addDays(day, 1);
    if (isWorkingDay(day, version)) counted += 1;
  }
  return day;
}

function assertInstant(instantMs: number): void {
  if (typeof instantMs !== 'number' || !Number.isFinite(instantMs)) {
    throw new Error(`instant must be finite epoch milliseconds, got ${String(instantMs)}`);
  }
}

/** The Asia/Shanghai calendar date containing the instant. */
export function shanghaiDateOf(instantMs: number): string {
  assertInstant(instantMs);
  return fromDayNumber(Math.floor((instantMs + SHANGHAI_OFFSET_MS) / DAY_MS));
}

/** 00:00 Asia/Shanghai of `date`, as epoch ms. */
export function startOfShanghaiDay(date: string): number {
  return toDayNumber(date) * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** 24:00 Asia/Shanghai of `date` (= 00:00 of the next day), as epoch ms: when a period ends. */
export function endOfShanghaiDay(date: string): number {
  return (toDayNumber(date) + 1) * DAY_MS - SHANGHAI_OFFSET_MS;
}
