/**
 * BACKLOG CAMPAIGNS AS DATA (专项攻坚 / 积案化解, DOMAIN §9): which cases a campaign may select, how
 * often it reviews progress (调度) and publishes a bulletin (通报), when a unit is a laggard (约谈)
 * or ahead (表扬), what a strike-off (销号) needs, and how an overdue plan step (一案一策) climbs the
 * case's leaders (三级领导包案). Pure and versioned like the statute's policy: a running campaign
 * keeps the version it was launched with; a new version goes beside the old one.
 */
import { policyLookup } from './policy-versions';
import { ACCOUNTABILITY_RULES, AccountabilityRule, AccountabilityRuleId, Rating, Role, Step } from './policy';

/** 在办 · 已化解 · 停访息诉 · 终结备案 · 未化解 */
export const CAMPAIGN_CASE_STATUSES = [
  'inProgress',
  'resolved',
  'petitionerStopped',
  'terminated',
  'notResolved',
] as const;
export type CampaignCaseStatus = (typeof CAMPAIGN_CASE_STATUSES)[number];

/** Why a case belongs to a campaign when its rules selected it. */
export const SELECTION_REASONS = [
  'openLongerThan',
  'repeatPetition',
  'reopenedAfterRelapse',
  'listedForSupervision',
  'importedBacklog',
] as const;
export type SelectionReason = (typeof SELECTION_REASONS)[number];

/**
 * A campaign's selection rules: a case qualifies when it is open (not final, not ended) in the
 * campaign's region and matches ANY rule that is switched on.
 */
export interface CampaignSelectionRules {
  /** Received more than this many days ago and still open (信访积案). null: rule off. */
  openLongerThanDays: number | null;
  /** 重复信访: the petition repeats earlier ones. */
  repeatPetitions: boolean;
  /** 反弹: reopened after a follow-up found the problem back. */
  reopenedAfterRelapse: boolean;
  /** 挂牌督办: listed for supervision. */
  listedForSupervision: boolean;
  /** Backlog registered with its history from before the service (imported 积案). */
  importedBacklog: boolean;
}

/** Unit levels a case leader (包案领导) can have, top first. */
export type LeaderLevel = 'province' | 'city' | 'county' | 'township';
export const LEADER_LEVELS_TOP_DOWN: readonly LeaderLevel[] = ['province', 'city', 'county', 'township'];

/** One rung of an overdue plan step: days after the step's due instant, and which leader hears of it. */
export interface PlanStepRung {
  id: 'leader1' | 'leader2' | 'leader3';
  daysAfterDue: number;
  /**
   * 1 = the case's leader closest to the case (lowest level), 2 = the next level up, 3 = the top.
   * A case with fewer leaders sends the rung to the campaign office instead.
   */
  leaderRank: 1 | 2 | 3;
}

/** The ledger triggers a campaign records (DOMAIN §5): overdue plan steps, laggards, relapses. */
export type CampaignRuleId = Extract<
  AccountabilityRuleId,
  'campaignPlanStepOverdue' | 'campaignLaggard' | 'resolutionNotReal'
>;

export type CampaignActionName =
  | 'createCampaign'
  | 'closeCampaign'
  | 'addCase'
  | 'removeCase'
  | 'assignLeader'
  | 'setResponsiblePerson'
  | 'editPlan'
  | 'recordProgress'
  | 'recordFollowUpCheck'
  | 'strikeOff'
  | 'reportRelapse';

/**
 * Who acts: the campaign office's supervisors (launch, membership, 销号 approval); a petition office
 * of the leader's own level over the case (each 包案 leader is assigned by an office of their level);
 * or the case's people (the responsible unit's staff, the case's leaders, and the campaign office).
 */
export type CampaignActingUnit = 'campaignOffice' | 'leaderLevelOffice' | 'caseUnit';
export interface CampaignActionRule {
  roles: readonly Role[];
  acting: CampaignActingUnit;
  describe: string;
}

/** The case's own work: its unit's staff, its leaders, and the campaign's office. */
function caseWork(describe: string): CampaignActionRule {
  return { roles: ['handler', 'unitHead', 'caseLeader', 'supervisor'], acting: 'caseUnit', describe };
}

export const CAMPAIGN_ACTIONS: Readonly<Record<CampaignActionName, CampaignActionRule>> = {
  createCampaign: { roles: ['supervisor'], acting: 'campaignOffice', describe: 'launch a campaign (专项攻坚)' },
  closeCampaign: { roles: ['supervisor'], acting: 'campaignOffice', describe: 'close the campaign' },
  addCase: { roles: ['supervisor'], acting: 'campaignOffice', describe: 'add a case to the campaign (交办)' },
  removeCase: { roles: ['supervisor'], acting: 'campaignOffice', describe: 'remove a case from the campaign' },
  assignLeader: { roles: ['supervisor'], acting: 'leaderLevelOffice', describe: 'assign a case leader (包案领导)' },
  setResponsiblePerson: caseWork('name the person responsible for the case'),
  editPlan: caseWork('edit the resolution plan (一案一策)'),
  recordProgress: caseWork('record progress on the case'),
  recordFollowUpCheck: caseWork('record the 回头看 check before 销号'),
  strikeOff: { roles: ['supervisor'], acting: 'campaignOffice', describe: 'strike the case off (销号)' },
  reportRelapse: caseWork('report a relapse (反弹) of a resolved case'),
};

/**
 * Where 已化解 comes from. 'progressReport' (v1): the unit's progress report alone. 'petitionState'
 * (v2): the report and the petition's own state (its reply issued and delivered, or closed); a
 * report of a resolution on a petition that is not settled is refused, and a bulletin counts a case
 * only while its petition stays settled.
 */
export type ResolutionSource = 'progressReport' | 'petitionState';

export interface CampaignPolicy {
  version: string;
  resolvedFrom: ResolutionSource;
  /** 调度 cadence a campaign may choose, in days; and the default. */
  cadenceDays: { allowed: readonly number[]; default: number };
  /** Bulletins are dated at this hour (Asia/Shanghai) of their day: the morning of the 调度会. */
  bulletinHourShanghai: number;
  /** Bounds of the "open longer than" rule, days. */
  openLongerThanDays: { min: number; max: number };
  /** A campaign runs at least / at most this many days from start to target. */
  durationDays: { min: number; max: number };
  maxCases: number;
  maxLeadersPerCase: number;
  maxPlanSteps: number;
  /** Rungs of an overdue plan step, climbing the case's leaders in order. */
  planStepLadder: readonly PlanStepRung[];
  bulletin: {
    /** The expected rate at an instant is the elapsed share of the campaign (a straight line to 100% at the target). */
    expected: 'linear';
    /** Laggards are named only once this share of the campaign has elapsed. */
    laggardFromElapsedShare: number;
    /** A unit whose rate is below this fraction of the expected rate is a laggard: 约谈 suggested. */
    laggardBelowShareOfExpected: number;
    /** A unit at or above the expected rate, with at least this many cases resolved, is listed for praise (表扬). */
    praiseMinResolved: number;
  };
  strikeOff: {
    /** Only a case in one of these statuses can be struck off (案结事了 · 停访息诉 · 终结备案). */
    statuses: readonly CampaignCaseStatus[];
    /** Statuses that also need the petitioner's word: a statement reference or a rating in `acceptedRatings`. */
    petitionerEvidenceFor: readonly CampaignCaseStatus[];
    acceptedRatings: readonly Rating[];
    /** 回头看: the check before 销号 falls due this many days after the case was reported resolved. */
    followUpAfterDays: number;
  };
  accountabilityRules: Readonly<Record<CampaignRuleId, AccountabilityRule>>;
  actions: Readonly<Record<CampaignActionName, CampaignActionRule>>;
}

export const CAMPAIGN_POLICY_V1: CampaignPolicy = {
  version: 'campaign-2025/v1',
  resolvedFrom: 'progressReport',
  cadenceDays: { allowed: [7, 14, 30], default: 7 },
  bulletinHourShanghai: 9,
  openLongerThanDays: { min: 1, max: 3650 },
  durationDays: { min: 7, max: 1096 },
  maxCases: 500,
  maxLeadersPerCase: 3,
  maxPlanSteps: 20,
  planStepLadder: [
    { id: 'leader1', daysAfterDue: 0, leaderRank: 1 },
    { id: 'leader2', daysAfterDue: 7, leaderRank: 2 },
    { id: 'leader3', daysAfterDue: 14, leaderRank: 3 },
  ],
  bulletin: {
    expected: 'linear',
    laggardFromElapsedShare: 0.25,
    laggardBelowShareOfExpected: 0.5,
    praiseMinResolved: 1,
  },
  strikeOff: {
    statuses: ['resolved', 'petitionerStopped', 'terminated'],
    petitionerEvidenceFor: ['resolved', 'petitionerStopped'],
    acceptedRatings: ['satisfied', 'basicallySatisfied'],
    followUpAfterDays: 30,
  },
  accountabilityRules: {
    campaignPlanStepOverdue: ACCOUNTABILITY_RULES.campaignPlanStepOverdue,
    campaignLaggard: ACCOUNTABILITY_RULES.campaignLaggard,
    resolutionNotReal: ACCOUNTABILITY_RULES.resolutionNotReal,
  },
  actions: CAMPAIGN_ACTIONS,
};

/** v2: 已化解 from the petition's own state, never from a progress note alone (issue 16 item 11). */
export const CAMPAIGN_POLICY_V2: CampaignPolicy = {
  ...CAMPAIGN_POLICY_V1,
  version: 'campaign-2026/v2',
  resolvedFrom: 'petitionState',
};

export const CURRENT_CAMPAIGN_POLICY = CAMPAIGN_POLICY_V2;

/** The policy a campaign was launched with. */
export const campaignPolicyByVersion = policyLookup('campaign policy', [CAMPAIGN_POLICY_V1, CAMPAIGN_POLICY_V2]);

/** Resolved for the bulletin's rate: 已化解, 停访息诉 and 终结备案 (struck off or not). */
export const RESOLVED_STATUSES: readonly CampaignCaseStatus[] = ['resolved', 'petitionerStopped', 'terminated'];

/** The petition's own resolution: its reply (or review reply) issued and delivered, or the case closed. */
export const SETTLED_PETITION_STEPS: readonly Step[] = ['reviewWindow', 'reReviewWindow', 'closed'];

export function petitionSettled(step: Step | null | undefined): boolean {
  return step !== null && step !== undefined && SETTLED_PETITION_STEPS.includes(step);
}

/**
 * THE rule of 已化解 for a campaign's figures (bulletins, praise, 约谈): struck off, or reported
 * resolved (已化解 · 停访息诉 · 终结备案) and — from v2 on — the petition itself settled.
 */
export function countsAsResolved(
  policy: Pick<CampaignPolicy, 'resolvedFrom'>,
  c: { status: CampaignCaseStatus; struckOff: boolean; petitionSettled: boolean },
): boolean {
  if (c.struckOff) return true;
  if (!RESOLVED_STATUSES.includes(c.status)) return false;
  return policy.resolvedFrom === 'progressReport' || c.petitionSettled;
}

/** Whether reporting `status` needs the petition settled first (v2: a resolution is not a note alone). */
export function reportNeedsSettledPetition(
  policy: Pick<CampaignPolicy, 'resolvedFrom'>,
  status: CampaignCaseStatus,
): boolean {
  return policy.resolvedFrom === 'petitionState' && RESOLVED_STATUSES.includes(status);
}
