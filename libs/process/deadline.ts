/**
 * The counting rules for a period (期间) under the 《信访工作条例》, read as 民法典 Arts 201–203:
 * the start day is not counted; the period ends at 24:00 Asia/Shanghai of its last day; a last day
 * that is a rest day (法定休假日) moves to the next working day. Working-day periods count only
 * working days after the start day.
 *
 * Pure and deterministic: it runs inside Temporal workflows (see calendar.ts).
 */
import {
  CALENDAR_VERSION,
  addDays,
  addWorkingDays,
  calendarCoverage,
  type CalendarCoverage,
  daysBetween,
  endOfShanghaiDay,
  isValidDate,
  nextWorkingDayOnOrAfter,
  shanghaiDateOf,
} from './calendar';

export type DayUnit = 'calendar' | 'working';

export interface CountingRule {
  unit: DayUnit;
  /** Move a calendar-day period's rest-day last day to the next working day. */
  rollForward: boolean;
}

export interface DeadlineComputation {
  /** Shanghai date of the start instant (not counted). */
  startDay: string;
  /** Last day before roll-forward. */
  nominalLastDay: string;
  /** Last day after roll-forward. */
  lastDay: string;
  /** Epoch ms: 24:00 Asia/Shanghai of lastDay. */
  dueAt: number;
  rolledForward: boolean;
  /**
   * Not 'official' when any day whose working/rest status decided the result lies in a year with
   * no official calendar yet ('statutory': the holidays of the 放假办法 were computed;
   * 'weekends-only': an older calendar version counted Monday–Friday): the deadline is provisional
   * and must be re-projected when the notice is published. A calendar-day period without
   * roll-forward consults no day, so it is 'official'.
   */
  calendarBasis: CalendarCoverage;
  calendarVersion: string;
}

/**
 * Ten years: far beyond any statutory period, small enough that a bad policy value cannot make a
 * working-day count spin inside a workflow task.
 */
export const MAX_PERIOD_DAYS = 3660;

function assertCount(n: number, what: string, min: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > MAX_PERIOD_DAYS) {
    throw new Error(`${what} must be an integer from ${min} to ${MAX_PERIOD_DAYS}, got ${String(n)}`);
  }
}

/**
 * When a period of `lengthDays` that starts at `startedAt` ends.
 *
 * `excludedDays` is time that does not count (e.g. the hearing days of a re-review): it lengthens
 * the period by that many days of the rule's unit, and roll-forward then applies to the new last
 * day. A period has at least one counted day, so `lengthDays` must be positive.
 */
export function computeDeadline(
  rule: CountingRule,
  startedAt: number,
  lengthDays: number,
  excludedDays = 0,
  calendarVersion = CALENDAR_VERSION,
): DeadlineComputation {
  if (rule === null || typeof rule !== 'object') throw new Error('rule is required');
  if (rule.unit !== 'calendar' && rule.unit !== 'working') {
    throw new Error(`rule.unit must be 'calendar' or 'working', got ${JSON.stringify(rule.unit)}`);
  }
  if (typeof rule.rollForward !== 'boolean') {
    throw new Error(`rule.rollForward must be a boolean, got ${JSON.stringify(rule.rollForward)}`);
  }
  assertCount(lengthDays, 'lengthDays', 1);
  assertCount(excludedDays, 'excludedDays', 0);
  const total = lengthDays + excludedDays;
  if (total > MAX_PERIOD_DAYS) {
    throw new Error(`lengthDays + excludedDays must not exceed ${MAX_PERIOD_DAYS}, got ${total}`);
  }

  const startDay = shanghaiDateOf(startedAt);
  let nominalLastDay: string;
  let lastDay: string;
  /** Days whose working/rest status the result depends on. */
  let consultedFrom: string | undefined;

  if (rule.unit === 'working') {
    // Every day after the start day was classified while counting; the last counted day is a
    // working day by construction, so there is nothing to roll.
    nominalLastDay = addWorkingDays(startDay, total, calendarVersion);
    lastDay = nominalLastDay;
    consultedFrom = addDays(startDay, 1);
  } else {
    nominalLastDay = addDays(startDay, total);
    lastDay = nominalLastDay;
    if (rule.rollForward) {
      consultedFrom = nominalLastDay;
      lastDay = nextWorkingDayOnOrAfter(nominalLastDay, calendarVersion);
    }
  }

  return {
    startDay,
    nominalLastDay,
    lastDay,
    dueAt: endOfShanghaiDay(lastDay),
    rolledForward: lastDay !== nominalLastDay,
    calendarBasis: consultedFrom === undefined ? 'official' : basisOfRange(consultedFrom, lastDay, calendarVersion),
    calendarVersion,
  };
}

/** Coverage is per year, so checking each year touched by the range is enough; the least certain year wins. */
function basisOfRange(from: string, to: string, calendarVersion: string): CalendarCoverage {
  const firstYear = Number(from.slice(0, 4));
  const lastYear = Number(to.slice(0, 4));
  let basis: CalendarCoverage = 'official';
  for (let year = firstYear; year <= lastYear; year += 1) {
    const probe = year === firstYear ? from : `${String(year).padStart(4, '0')}-01-01`;
    const coverage = calendarCoverage(probe, calendarVersion);
    if (coverage === 'weekends-only') return coverage;
    if (coverage === 'statutory') basis = coverage;
  }
  return basis;
}

/** Days from `fromDate` to `toDate`, both counted (e.g. hearing days: start to end date). */
export function inclusiveDayCount(fromDate: string, toDate: string): number {
  if (!isValidDate(fromDate) || !isValidDate(toDate)) {
    throw new Error(
      `inclusiveDayCount needs two 'YYYY-MM-DD' dates, got ${JSON.stringify(fromDate)} and ${JSON.stringify(toDate)}`,
    );
  }
  const span = daysBetween(fromDate, toDate);
  if (span < 0) throw new Error(`toDate ${toDate} is before fromDate ${fromDate}`);
  return span + 1;
}

/**
 * The instant `fraction` of the way from `startedAt` to `dueAt` (e.g. 0.7 for the 70% warning),
 * rounded to the millisecond. IEEE-754 arithmetic and Math.round give identical results on every
 * engine, so a replay reproduces the same timer.
 */
export function fractionInstant(startedAt: number, dueAt: number, fraction: number): number {
  for (const [name, v] of [
    ['startedAt', startedAt],
    ['dueAt', dueAt],
  ] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
      throw new Error(`${name} must be integer epoch milliseconds, got ${String(v)}`);
    }
  }
  if (dueAt < startedAt) throw new Error(`dueAt ${dueAt} is before startedAt ${startedAt}`);
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) {
    throw new Error(`fraction must be a number from 0 to 1, got ${String(fraction)}`);
  }
  return startedAt + Math.round((dueAt - startedAt) * fraction);
}
