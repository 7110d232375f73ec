/**
 * What a campaign is launched with (专项攻坚): its office, plan document, dates, cadence and rules,
 * and the one check of it the API (before starting anything) and the workflow (in its validator)
 * both run, so a launch is refused the same way at either door.
 */
import { daysBetween, isValidDate, shanghaiDateOf } from './calendar';
import { CURRENT_CAMPAIGN_POLICY, CampaignPolicy, CampaignSelectionRules } from './campaign-policy';
import type { UnitLevel } from './units';

/** The petition office that runs the campaign; its region is the campaign's scope (属地管理). */
export interface CampaignOffice {
  unitId: string;
  level: UnitLevel;
  regionPath: string;
}

export interface CampaignDefinition {
  name: string;
  /** Reference of the 实施方案 (the plan document). */
  planRef: string;
  startDate: string;
  targetDate: string;
  /** 调度: a bulletin every this many days from the start date. */
  cadenceDays: number;
  rules: CampaignSelectionRules;
  office: CampaignOffice;
}

const text = (value: unknown, max: number) =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= max;

/** The first thing wrong with a definition, or null. `now` decides what "today" is. */
export function campaignDefinitionProblem(
  d: CampaignDefinition,
  now: number,
  policy: CampaignPolicy = CURRENT_CAMPAIGN_POLICY,
): string | null {
  if (!d || typeof d !== 'object') return 'the campaign definition is required';
  if (!text(d.name, 200)) return 'name is required (at most 200 characters)';
  if (!text(d.planRef, 200)) return 'planRef is required (at most 200 characters)';
  if (!isValidDate(d.startDate)) return 'startDate must be a date YYYY-MM-DD';
  if (!isValidDate(d.targetDate)) return 'targetDate must be a date YYYY-MM-DD';
  if (d.startDate < shanghaiDateOf(now))
    return `startDate ${d.startDate} is in the past: a campaign is launched today or later, never backdated`;
  const days = daysBetween(d.startDate, d.targetDate);
  if (days < policy.durationDays.min || days > policy.durationDays.max) {
    return `targetDate must be ${policy.durationDays.min} to ${policy.durationDays.max} days after startDate; it is ${days}`;
  }
  if (!policy.cadenceDays.allowed.includes(d.cadenceDays))
    return `cadenceDays must be one of ${policy.cadenceDays.allowed.join(', ')}`;
  const rules = d.rules;
  if (!rules || typeof rules !== 'object') return 'rules are required';
  for (const flag of ['repeatPetitions', 'reopenedAfterRelapse', 'listedForSupervision', 'importedBacklog'] as const) {
    if (typeof rules[flag] !== 'boolean') return `rules.${flag} must be true or false`;
  }
  const open = rules.openLongerThanDays;
  if (
    open !== null &&
    (!Number.isInteger(open) || open < policy.openLongerThanDays.min || open > policy.openLongerThanDays.max)
  ) {
    return `rules.openLongerThanDays must be null or a whole number of days from ${policy.openLongerThanDays.min} to ${policy.openLongerThanDays.max}`;
  }
  if (
    open === null &&
    !rules.repeatPetitions &&
    !rules.reopenedAfterRelapse &&
    !rules.listedForSupervision &&
    !rules.importedBacklog
  ) {
    return 'rules select nothing: switch on at least one rule';
  }
  const office = d.office;
  if (
    !office ||
    typeof office.unitId !== 'string' ||
    typeof office.regionPath !== 'string' ||
    !['province', 'city', 'county'].includes(office.level)
  ) {
    return 'a campaign is run by a petition office at province, city or county level';
  }
  return null;
}
