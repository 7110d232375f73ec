/**
 * Who may take which action on a campaign case, and when the case's state allows it: the one rule
 * the campaign workflow's validator applies (workflows/campaign/campaign.state.ts) and the API's
 * list of the actions open to the signed-in user (GET /campaigns/:id/cases/:petitionId/actions)
 * computes, so the console offers exactly what the workflow would accept (but for the arguments).
 */
import { shanghaiDateOf } from './calendar';
import {
  CampaignActionName,
  CampaignActingUnit,
  CampaignCaseStatus,
  CampaignPolicy,
  LEADER_LEVELS_TOP_DOWN,
  LeaderLevel,
  RESOLVED_STATUSES,
} from './campaign-policy';
import type { Actor } from './actors';
import type { RejectionCode } from './action-args';
import type { RefusalMessageKey, RefusalParams } from './refusal';
import type { UnitLevel } from './units';

/** What the rule needs of a case: the workflow's state and the read model's view both have it. */
export interface CampaignCaseShape {
  unitId: string;
  /** Petition offices over the case's unit, with their level (who assigns leaders of each level). */
  offices: readonly { unitId: string; level: UnitLevel }[];
  unitLevel: UnitLevel;
  leaders: readonly { level: LeaderLevel; userId: string }[];
  status: CampaignCaseStatus;
  followUp: { status: 'scheduled' | 'open' | 'passed' | 'relapsed'; dueAt: number } | null;
  strikeOff: unknown;
  removed: unknown;
}

export interface CampaignShape {
  status: 'active' | 'closed';
  office: { unitId: string };
}

export interface CampaignRefusal {
  code: RejectionCode;
  message: string;
  field: string | null;
  messageKey: RefusalMessageKey;
  params: RefusalParams;
}

/** The actions taken on one case of the campaign (launch, close and add are the campaign's). */
export const CAMPAIGN_CASE_ACTIONS = [
  'removeCase',
  'assignLeader',
  'setResponsiblePerson',
  'editPlan',
  'recordProgress',
  'recordFollowUpCheck',
  'strikeOff',
  'reportRelapse',
] as const satisfies readonly CampaignActionName[];
export type CampaignCaseActionName = (typeof CAMPAIGN_CASE_ACTIONS)[number];

const refusal = (
  code: RejectionCode,
  message: string,
  field: string | null,
  messageKey: RefusalMessageKey,
  params: RefusalParams = {},
): CampaignRefusal => ({ code, message, field, messageKey, params });

/** The actor is not of the unit this action is taken from (`level`: the leader's level, for assignLeader). */
export function actingUnitRefusal(
  campaign: CampaignShape,
  acting: CampaignActingUnit,
  actor: Actor,
  c: CampaignCaseShape | undefined,
  level: unknown,
  what: string,
): CampaignRefusal | null {
  const refuse = (message: string, params: RefusalParams) =>
    refusal('wrongUnit', message, null, 'campaign.wrongUnit', { acting, ...params });
  if (acting === 'campaignOffice') {
    if (actor.unitId !== campaign.office.unitId)
      return refuse(
        `only the campaign office (${campaign.office.unitId}) may ${what}; the actor belongs to ${actor.unitId}`,
        { unitId: campaign.office.unitId, actorUnitId: actor.unitId ?? null },
      );
  } else if (acting === 'leaderLevelOffice') {
    const offices = c!.offices.filter((o) => o.level === level).map((o) => o.unitId);
    if (!offices.includes(actor.unitId ?? ''))
      return refuse(
        `a ${String(level)}-level case leader is assigned by a petition office of that level over the case (${offices.join(', ') || 'none'}); the actor belongs to ${actor.unitId}`,
        { level: String(level), offices, actorUnitId: actor.unitId ?? null },
      );
  } else {
    const allowed =
      actor.role === 'supervisor'
        ? actor.unitId === campaign.office.unitId
        : actor.role === 'caseLeader'
          ? c!.leaders.some((l) => l.userId === actor.userId)
          : actor.unitId === c!.unitId;
    if (!allowed)
      return refuse(`only the responsible unit (${c!.unitId}), the case's leaders or the campaign office may ${what}`, {
        unitId: c!.unitId,
        actorUnitId: actor.unitId ?? null,
      });
  }
  return null;
}

/** What the case's own state forbids, whatever the arguments (struck off, no 回头看 due, not resolved…). */
export function caseStateRefusal(
  policy: CampaignPolicy,
  action: CampaignCaseActionName,
  c: CampaignCaseShape,
): CampaignRefusal | null {
  const bad = (message: string, messageKey: RefusalMessageKey, params: RefusalParams = {}) =>
    refusal('badArgument', message, null, messageKey, params);
  switch (action) {
    case 'editPlan':
      return c.strikeOff ? bad('the case was struck off (销号); its plan is closed', 'campaign.planClosed') : null;
    case 'recordProgress':
      return c.strikeOff
        ? bad('the case was struck off (销号); a relapse is reported with reportRelapse', 'campaign.struckOff')
        : null;
    case 'recordFollowUpCheck':
      if (c.followUp?.status === 'open') return null;
      return c.followUp?.status === 'scheduled'
        ? bad(
            `the 回头看 check falls due on ${shanghaiDateOf(c.followUp.dueAt)}; it cannot be recorded before`,
            'campaign.followUpNotYet',
            { dueDate: shanghaiDateOf(c.followUp.dueAt) },
          )
        : bad('no 回头看 check is due: the case has not been reported resolved', 'case.noFollowUpDue');
    case 'strikeOff':
      if (c.strikeOff) return bad('the case is already struck off (销号)', 'campaign.alreadyStruckOff');
      if (!policy.strikeOff.statuses.includes(c.status))
        return bad(
          `only a case reported ${policy.strikeOff.statuses.join(', ')} can be struck off; it is ${c.status}`,
          'campaign.notResolvedForStrikeOff',
          { statuses: [...policy.strikeOff.statuses], status: c.status },
        );
      if (c.followUp?.status !== 'passed')
        return bad(
          `a 回头看 check must pass first (${policy.strikeOff.followUpAfterDays} days after the case was reported resolved)`,
          'campaign.followUpNotPassed',
          { days: policy.strikeOff.followUpAfterDays },
        );
      return null;
    case 'reportRelapse':
      return !c.strikeOff && !RESOLVED_STATUSES.includes(c.status)
        ? bad('only a case reported resolved or struck off can relapse', 'campaign.cannotRelapse')
        : null;
    default:
      return null;
  }
}

/** Leader levels a case may have: its own unit's level and above, top first. */
export function leaderLevelsFor(c: Pick<CampaignCaseShape, 'unitLevel'>): LeaderLevel[] {
  const caseRank = LEADER_LEVELS_TOP_DOWN.indexOf(c.unitLevel as LeaderLevel);
  return LEADER_LEVELS_TOP_DOWN.filter((_, i) => caseRank < 0 || i <= caseRank);
}

export interface AvailableCaseAction {
  action: CampaignCaseActionName;
  /** assignLeader: the levels this actor's office assigns for this case. */
  levels?: LeaderLevel[];
}

/**
 * The case actions `actor` may take now: the role, the acting unit and the case's state allow them
 * (the arguments are checked when the action is sent). Nothing on a closed campaign or a removed case.
 */
export function availableCaseActions(
  policy: CampaignPolicy,
  campaign: CampaignShape,
  c: CampaignCaseShape,
  actor: Actor,
): AvailableCaseAction[] {
  if (campaign.status !== 'active' || c.removed) return [];
  const out: AvailableCaseAction[] = [];
  for (const action of CAMPAIGN_CASE_ACTIONS) {
    const rule = policy.actions[action];
    if (!rule.roles.includes(actor.role)) continue;
    if (action === 'assignLeader') {
      const levels = leaderLevelsFor(c).filter(
        (level) => actingUnitRefusal(campaign, rule.acting, actor, c, level, rule.describe) === null,
      );
      if (levels.length > 0) out.push({ action, levels });
      continue;
    }
    if (actingUnitRefusal(campaign, rule.acting, actor, c, undefined, rule.describe)) continue;
    if (caseStateRefusal(policy, action, c)) continue;
    out.push({ action });
  }
  return out;
}
