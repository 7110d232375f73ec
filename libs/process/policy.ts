/**
 * THE STATUTE AS DATA: the 2022 《信访工作条例》 procedure (steps, who may act, every clock and how
 * it is counted, the escalation ladder, the follow-up schedule), versioned. Pure: imported by the
 * workflow sandbox, the API and the tests alike. A running case keeps the version it started
 * with, so a new version is added beside the old one, never edited in place.
 */
import { policyLookup } from './policy-versions';
import { ACTIONS, ACTIONS_V1 } from './action-rules';
import { cite } from './articles';
import type { DayUnit } from './deadline';

export type Role =
  'registrar' | 'handler' | 'unitHead' | 'caseLeader' | 'supervisor' | 'auditor' | 'admin' | 'petitioner';
export const STAFF_ROLES: readonly Role[] = [
  'registrar',
  'handler',
  'unitHead',
  'caseLeader',
  'supervisor',
  'auditor',
  'admin',
];

/** 建议意见 suggestion · 检举控告 report/accusation · 申诉求决 appeal/request */
export type PetitionCategory = 'suggestion' | 'accusation' | 'appeal';
export const PETITION_CATEGORIES: readonly PetitionCategory[] = ['suggestion', 'accusation', 'appeal'];
/** 来信 letter · 来访 visit · 电话 phone · 传真 fax · 网上 online */
export type IntakeChannel = 'letter' | 'visit' | 'phone' | 'fax' | 'online';
export const INTAKE_CHANNELS: readonly IntakeChannel[] = ['letter', 'visit', 'phone', 'fax', 'online'];

/** Where a case stands. `closed` (reply final) can be reopened by a follow-up; the `ended*` steps cannot. */
export type Step =
  | 'routing' // at the petition office, a routing decision (转送/交办) is due
  | 'acceptance' // at the handling unit, the acceptance notice (受理告知) is due
  | 'handling' // 办理
  | 'replyIssued' // 处理意见书 issued, waiting for proof of delivery (送达)
  | 'reviewWindow' // reply delivered: the petitioner may ask for review (复查)
  | 'review' // the parent unit is reviewing
  | 'reviewDecided' // review reply issued, waiting for delivery
  | 'reReviewWindow' // review reply delivered: the petitioner may ask for re-review (复核)
  | 'reReview' // the grandparent unit is re-reviewing
  | 'reReviewDecided' // re-review reply issued, waiting for delivery; final (终结) on delivery
  | 'closed' // the reply is final
  | 'endedDeclined' // 不予受理
  | 'endedNotAcceptedAgain' // 不再受理
  | 'endedRedirected'; // 导入 another legal procedure

export const TERMINAL_STEPS: readonly Step[] = ['endedDeclined', 'endedNotAcceptedAgain', 'endedRedirected'];
// Keyed by every Step: a step added to the union does not compile until it is listed here too.
const STEP_ORDER: Record<Step, number> = {
  routing: 0,
  acceptance: 1,
  handling: 2,
  replyIssued: 3,
  reviewWindow: 4,
  review: 5,
  reviewDecided: 6,
  reReviewWindow: 7,
  reReview: 8,
  reReviewDecided: 9,
  closed: 10,
  endedDeclined: 11,
  endedNotAcceptedAgain: 12,
  endedRedirected: 13,
};
/** Every step, in the order of the procedure. */
export const STEPS: readonly Step[] = (Object.keys(STEP_ORDER) as Step[]).sort((a, b) => STEP_ORDER[a] - STEP_ORDER[b]);

/** The actions themselves are listed once, in action-names.ts. */
export type { ActionName } from './action-names';

/** Who may take each staff action and when: action-rules.ts. */
export { ACTIONS, type ActingUnit, type ActionRule } from './action-rules';

export type ClockId =
  | 'routing'
  | 'misrouteObjection'
  | 'acceptanceNotice'
  | 'handling'
  | 'assignedReport'
  | 'reviewRequestWindow'
  | 'review'
  | 'reReviewRequestWindow'
  | 'reReview'
  | 'supervisionFeedback'
  | 'followUp'
  | 'leaderResolution'
  | 'urgentReport';

/**
 * `obligation`: a unit owes an act by the due instant; missing it is a breach that escalates.
 * `window`: the petitioner may act until the due instant; when it lapses the case moves on.
 */
export type ClockKind = 'obligation' | 'window';

export interface ClockRule {
  id: ClockId;
  kind: ClockKind;
  /** null: the length is set per case (by the sender of a 交办, or by the case leader). */
  lengthDays: number | null;
  unit: DayUnit;
  rollForward: boolean;
  /** Time in a hearing (听证) does not count. */
  hearingSuspends: boolean;
  /** Statutory basis and what starts and stops it, for people reading the policy. */
  basis: string;
}

export const CLOCKS: Readonly<Record<ClockId, ClockRule>> = {
  routing: {
    id: 'routing',
    kind: 'obligation',
    lengthDays: 15,
    unit: 'calendar',
    rollForward: true,
    hearingSuspends: false,
    basis: `${cite('routing')}：自收到之日起15日内转送、交办`,
  },
  misrouteObjection: {
    id: 'misrouteObjection',
    kind: 'window',
    lengthDays: 5,
    unit: 'working',
    rollForward: false,
    hearingSuspends: false,
    basis: `${cite('misrouteObjection')}：收到转送、交办之日起5个工作日内提出异议`,
  },
  acceptanceNotice: {
    id: 'acceptanceNotice',
    kind: 'obligation',
    lengthDays: 15,
    unit: 'calendar',
    rollForward: true,
    hearingSuspends: false,
    basis: `${cite('acceptanceNotice')}：自收到之日起15日内书面告知信访人是否受理`,
  },
  handling: {
    id: 'handling',
    kind: 'obligation',
    lengthDays: 60,
    unit: 'calendar',
    rollForward: true,
    hearingSuspends: false,
    basis: `${cite('handlingPeriod')}：自受理之日起60日内办结，经负责人批准可延长一次，不超过30日`,
  },
  assignedReport: {
    id: 'assignedReport',
    kind: 'obligation',
    lengthDays: null,
    unit: 'calendar',
    rollForward: true,
    hearingSuspends: false,
    basis: '交办：在交办机关规定的期限内报告办理结果',
  },
  reviewRequestWindow: {
    id: 'reviewRequestWindow',
    kind: 'window',
    lengthDays: 30,
    unit: 'calendar',
    rollForward: true,
    hearingSuspends: false,
    basis: `${cite('review')}：自收到书面答复之日起30日内请求复查；邮寄提出的以邮戳日期为准（请求在寄出时已经提出，在途时间不计入）`,
  },
  review: {
    id: 'review',
    kind: 'obligation',
    lengthDays: 30,
    unit: 'calendar',
    rollForward: true,
    hearingSuspends: false,
    basis: `${cite('review')}：自收到复查请求之日起30日内提出复查意见（邮寄的请求自复查机关收到之日起算）`,
  },
  reReviewRequestWindow: {
    id: 'reReviewRequestWindow',
    kind: 'window',
    lengthDays: 30,
    unit: 'calendar',
    rollForward: true,
    hearingSuspends: false,
    basis: `${cite('reReview')}：自收到复查意见之日起30日内请求复核；邮寄提出的以邮戳日期为准（请求在寄出时已经提出，在途时间不计入）`,
  },
  reReview: {
    id: 'reReview',
    kind: 'obligation',
    lengthDays: 30,
    unit: 'calendar',
    rollForward: true,
    hearingSuspends: true,
    basis: `${cite('reReview')}：自收到复核请求之日起30日内提出复核意见，听证所需时间不计算在内（邮寄的请求自复核机关收到之日起算）`,
  },
  supervisionFeedback: {
    id: 'supervisionFeedback',
    kind: 'obligation',
    lengthDays: 30,
    unit: 'calendar',
    rollForward: true,
    hearingSuspends: false,
    basis: `${cite('supervision')}：收到督办之日起30日内书面反馈`,
  },
  followUp: {
    id: 'followUp',
    kind: 'obligation',
    lengthDays: 10,
    unit: 'calendar',
    rollForward: true,
    hearingSuspends: false,
    basis: '回头看：每次回访在到期后10日内完成',
  },
  leaderResolution: {
    id: 'leaderResolution',
    kind: 'obligation',
    lengthDays: null,
    unit: 'calendar',
    rollForward: true,
    hearingSuspends: false,
    basis: '包案：在包案领导规定的期限内化解',
  },
  urgentReport: {
    id: 'urgentReport',
    kind: 'obligation',
    lengthDays: 1,
    unit: 'calendar',
    rollForward: false,
    hearingSuspends: false,
    basis: `${cite('urgentReport')}：重大紧急信访事项及时报告，至迟于次日内`,
  },
};

export const MAX_HANDLING_EXTENSION_DAYS = 30;
export const MAX_HANDLING_EXTENSIONS = 1;
/** Registration fields a registrar may correct; each correction is a new event and a ledger record. */
export type CorrectableField = 'receivedAt' | 'channel' | 'urgent' | 'collective';
export const CORRECTABLE_FIELDS: readonly CorrectableField[] = ['receivedAt', 'channel', 'urgent', 'collective'];

/** Registered more than this many days after receipt counts as late registration (Arts 43–44). */
export const LATE_REGISTRATION_DAYS = 3;

export type ReplyOutcome = 'supported' | 'explained' | 'notSupported';
export const REPLY_OUTCOMES: readonly ReplyOutcome[] = ['supported', 'explained', 'notSupported'];
export type ReviewDecision = 'upheld' | 'changed' | 'revoked';
export const REVIEW_DECISIONS: readonly ReviewDecision[] = ['upheld', 'changed', 'revoked'];
/** 诉讼 litigation · 仲裁 arbitration · 行政复议 administrative review · 其他 other statutory procedure */
export type RedirectProcedure = 'litigation' | 'arbitration' | 'administrativeReview' | 'other';
export const REDIRECT_PROCEDURES: readonly RedirectProcedure[] = [
  'litigation',
  'arbitration',
  'administrativeReview',
  'other',
];

/** Escalation rungs (DOMAIN §4); each fires at most once per clock instance. */
export type RungId = 'warning70' | 'warning90' | 'breach' | 'listedSupervision' | 'takeoverAvailable';
export interface RungRule {
  id: RungId;
  /** Fraction of the way from start to due (warnings), or calendar days after the due instant. */
  at: { fractionOfPeriod: number } | { daysAfterDue: number };
  /** Who it goes to: the handler and unit head, the supervising petition office, or the level above. */
  recipient: 'handlingUnit' | 'supervisingOffice' | 'levelAbove';
  /** Accountability action suggested with this rung, if any. */
  suggests?: 'admonitoryTalk' | 'accountability';
}

export const ESCALATION_LADDER: readonly RungRule[] = [
  { id: 'warning70', at: { fractionOfPeriod: 0.7 }, recipient: 'handlingUnit' },
  { id: 'warning90', at: { fractionOfPeriod: 0.9 }, recipient: 'handlingUnit' },
  { id: 'breach', at: { daysAfterDue: 0 }, recipient: 'supervisingOffice' },
  { id: 'listedSupervision', at: { daysAfterDue: 15 }, recipient: 'levelAbove', suggests: 'admonitoryTalk' },
  { id: 'takeoverAvailable', at: { daysAfterDue: 30 }, recipient: 'levelAbove', suggests: 'accountability' },
];

/** 回头看: follow-up checks at these offsets after closure (days). */
export const FOLLOW_UP_OFFSETS_DAYS: readonly number[] = [30, 180];
export type FollowUpResult = 'stable' | 'relapsed';
export const FOLLOW_UP_RESULTS: readonly FollowUpResult[] = ['stable', 'relapsed'];

/** 满意 · 基本满意 · 不满意 */
export type Rating = 'satisfied' | 'basicallySatisfied' | 'dissatisfied';
export const RATINGS: readonly Rating[] = ['satisfied', 'basicallySatisfied', 'dissatisfied'];

/** The unit levels, top first: "the level above" a county unit is a city unit. */
export const LEVELS_TOP_DOWN = ['province', 'city', 'county', 'township'] as const;

export type AccountabilityRuleId =
  | 'lateRegistration'
  | 'registrationCorrected'
  | 'routingOverdue'
  | 'acceptanceNoticeOverdue'
  | 'handlingOverdue'
  | 'assignedReportOverdue'
  | 'reviewOverdue'
  | 'reReviewOverdue'
  | 'leaderResolutionOverdue'
  | 'listedForSupervision'
  | 'takeoverAvailable'
  | 'secondExtensionAttempt'
  | 'repeatedRerouting'
  | 'replyChangedOnReview'
  | 'resolutionNotReal'
  | 'followUpOverdue'
  | 'supervisionFeedbackOverdue'
  | 'supportedReplyNotImplemented'
  | 'urgentNotReported'
  | 'accusedPartyAccess'
  | 'campaignPlanStepOverdue'
  | 'campaignLaggard';

export type SuggestedAction =
  'correction' | 'criticism' | 'admonitoryTalk' | 'accountability' | 'responsibilityTracing';

export interface AccountabilityRule {
  id: AccountabilityRuleId;
  basis: string;
  severity: 'low' | 'medium' | 'high';
  suggestedAction: SuggestedAction;
  describe: string;
}

const rule = (
  id: AccountabilityRuleId,
  basis: string,
  severity: AccountabilityRule['severity'],
  suggestedAction: SuggestedAction,
  describe: string,
): AccountabilityRule => ({
  id,
  basis,
  severity,
  suggestedAction,
  describe,
});

/** 问责 / 责任倒查 triggers (DOMAIN §5). */
export const ACCOUNTABILITY_RULES: Readonly<Record<AccountabilityRuleId, AccountabilityRule>> = {
  lateRegistration: rule(
    'lateRegistration',
    cite('registrationDuty'),
    'low',
    'correction',
    'registered more than the allowed days after receipt',
  ),
  registrationCorrected: rule(
    'registrationCorrected',
    cite('registrationDuty'),
    'low',
    'correction',
    'registration corrected after the fact (untruthful or careless registration)',
  ),
  routingOverdue: rule('routingOverdue', cite('routingDuty'), 'medium', 'criticism', 'routing decision overdue'),
  acceptanceNoticeOverdue: rule(
    'acceptanceNoticeOverdue',
    cite('acceptanceDuty'),
    'medium',
    'criticism',
    'acceptance notice overdue',
  ),
  handlingOverdue: rule('handlingOverdue', cite('handlingDuty'), 'medium', 'criticism', 'handling overdue (拖延)'),
  assignedReportOverdue: rule(
    'assignedReportOverdue',
    cite('handlingDuty'),
    'medium',
    'criticism',
    '交办 report-back overdue',
  ),
  reviewOverdue: rule('reviewOverdue', cite('decisionDuty'), 'medium', 'criticism', 'review decision overdue'),
  reReviewOverdue: rule('reReviewOverdue', cite('decisionDuty'), 'medium', 'criticism', 're-review decision overdue'),
  leaderResolutionOverdue: rule(
    'leaderResolutionOverdue',
    'seeds: 包案',
    'medium',
    'criticism',
    "not resolved by the case leader's deadline",
  ),
  listedForSupervision: rule(
    'listedForSupervision',
    'DOMAIN §4: breach + 15 days',
    'high',
    'admonitoryTalk',
    '挂牌督办: overdue by 15 days',
  ),
  takeoverAvailable: rule(
    'takeoverAvailable',
    'DOMAIN §4: breach + 30 days',
    'high',
    'accountability',
    '提级办理 available: overdue by 30 days',
  ),
  secondExtensionAttempt: rule(
    'secondExtensionAttempt',
    cite('handlingDuty'),
    'medium',
    'criticism',
    'a second extension was attempted (拖延)',
  ),
  repeatedRerouting: rule(
    'repeatedRerouting',
    cite('handlingDuty'),
    'medium',
    'criticism',
    'the case was objected back for re-routing more than once (推诿)',
  ),
  replyChangedOnReview: rule(
    'replyChangedOnReview',
    cite('decisionDuty'),
    'medium',
    'responsibilityTracing',
    'review or re-review changed or revoked the reply (责任倒查)',
  ),
  resolutionNotReal: rule(
    'resolutionNotReal',
    'seeds: 回头看',
    'high',
    'responsibilityTracing',
    'a follow-up found the problem back: resolution not real',
  ),
  followUpOverdue: rule('followUpOverdue', 'seeds: 回头看', 'medium', 'criticism', 'follow-up check not done in time'),
  supervisionFeedbackOverdue: rule(
    'supervisionFeedbackOverdue',
    cite('supervision'),
    'medium',
    'criticism',
    '督办 feedback not given within 30 days',
  ),
  supportedReplyNotImplemented: rule(
    'supportedReplyNotImplemented',
    cite('supervision'),
    'high',
    'accountability',
    'a supported request was not carried out',
  ),
  urgentNotReported: rule(
    'urgentNotReported',
    cite('urgentReport'),
    'high',
    'accountability',
    'urgent case not reported up at once (隐瞒/缓报)',
  ),
  accusedPartyAccess: rule(
    'accusedPartyAccess',
    cite('accusedParty'),
    'high',
    'accountability',
    'an attempt to route an accusation to, or read it as, the accused (blocked)',
  ),
  // 专项攻坚 (DOMAIN §9): recorded by campaign workflows under their campaign policy.
  campaignPlanStepOverdue: rule(
    'campaignPlanStepOverdue',
    'seeds: 一案一策, 明确时限',
    'medium',
    'criticism',
    "a step of a campaign case's resolution plan (一案一策) is overdue",
  ),
  campaignLaggard: rule(
    'campaignLaggard',
    'seeds: 通报, 进展缓慢的落实约谈机制',
    'medium',
    'admonitoryTalk',
    "a unit behind the campaign's expected progress in a bulletin (通报): 约谈 suggested",
  ),
};

/** Which rule a breach of each obligation clock triggers. */
export const OVERDUE_RULE: Readonly<Partial<Record<ClockId, AccountabilityRuleId>>> = {
  routing: 'routingOverdue',
  acceptanceNotice: 'acceptanceNoticeOverdue',
  handling: 'handlingOverdue',
  assignedReport: 'assignedReportOverdue',
  review: 'reviewOverdue',
  reReview: 'reReviewOverdue',
  supervisionFeedback: 'supervisionFeedbackOverdue',
  followUp: 'followUpOverdue',
  leaderResolution: 'leaderResolutionOverdue',
  urgentReport: 'urgentNotReported',
};

/**
 * 提级办理 (DOMAIN §4): what the unit taking a case over owes. Per step in which a case can be taken
 * over, the clock it starts afresh at the taking unit, counted from the takeover; the original
 * unit's clocks of that step stop (reason `takenOver`) and its lapses stay its own.
 */
export interface TakeoverRule {
  freshPeriods: Readonly<Partial<Record<Step, { clock: ClockId; lengthDays: number }>>>;
}

/** 提级办理 gives the unit above the statutory period of the step it takes the case over in. */
export const TAKEOVER_2022: TakeoverRule = {
  freshPeriods: {
    // Art 22: it tells the petitioner within 15 days whether it accepts the case.
    acceptance: { clock: 'acceptanceNotice', lengthDays: 15 },
    // Art 34: it handles the case within 60 days (once extendable, as any handling period).
    handling: { clock: 'handling', lengthDays: 60 },
  },
};

/**
 * An objection to a misroute (Art 23). `verifiedByRoutingOffice`: the routing office agrees
 * (核实同意: the case returns for routing) or refuses with reasons (the case stays); without it
 * (v1) the objection sent the case straight back. `reroutingThreshold`: how many re-routings of
 * one case, each after an agreed objection, record 推诿 (repeatedRerouting) against the routing
 * office (v1: how many objections recorded it against the objecting unit).
 */
export interface MisrouteObjectionRule {
  verifiedByRoutingOffice: boolean;
  reroutingThreshold: number;
}

export interface ProcessPolicy {
  version: string;
  actions: typeof ACTIONS;
  /** null (v1): the unit taking over took on the original unit's clocks as they stood. */
  takeover: TakeoverRule | null;
  misrouteObjections: MisrouteObjectionRule;
  /**
   * 交办 report-backs are accepted or returned by the office that handed the case down (DOMAIN §2a),
   * a returned one owed again within the same number of days; v1: filing the report ended it.
   */
  reportBackDecidedByAssigningOffice: boolean;
  clocks: typeof CLOCKS;
  escalationLadder: typeof ESCALATION_LADDER;
  followUpOffsetsDays: typeof FOLLOW_UP_OFFSETS_DAYS;
  accountabilityRules: typeof ACCOUNTABILITY_RULES;
  overdueRule: typeof OVERDUE_RULE;
  maxHandlingExtensionDays: number;
  maxHandlingExtensions: number;
  lateRegistrationDays: number;
}

export const POLICY_2022_V1: ProcessPolicy = {
  version: 'xinfang-2022/v1',
  actions: ACTIONS_V1,
  takeover: null,
  misrouteObjections: { verifiedByRoutingOffice: false, reroutingThreshold: 2 },
  reportBackDecidedByAssigningOffice: false,
  clocks: CLOCKS,
  escalationLadder: ESCALATION_LADDER,
  followUpOffsetsDays: FOLLOW_UP_OFFSETS_DAYS,
  accountabilityRules: ACCOUNTABILITY_RULES,
  overdueRule: OVERDUE_RULE,
  maxHandlingExtensionDays: MAX_HANDLING_EXTENSION_DAYS,
  maxHandlingExtensions: MAX_HANDLING_EXTENSIONS,
  lateRegistrationDays: LATE_REGISTRATION_DAYS,
};

/**
 * v2: 提级办理 keeps each unit's record (a fresh period for the unit taking over), objections to
 * a misroute are verified by the routing office (Art 23), and a 交办 report-back is accepted or
 * returned by the office that handed the case down. Chosen at registration behind
 * TAKEOVER_OBJECTION_POLICY_PATCH; cases started on v1 keep v1.
 */
export const POLICY_2022_V2: ProcessPolicy = {
  ...POLICY_2022_V1,
  version: 'xinfang-2022/v2',
  actions: ACTIONS,
  takeover: TAKEOVER_2022,
  misrouteObjections: { verifiedByRoutingOffice: true, reroutingThreshold: 2 },
  reportBackDecidedByAssigningOffice: true,
};

export const CURRENT_POLICY = POLICY_2022_V2;

/** The policy a case started with. */
export const policyByVersion = policyLookup('process policy', [POLICY_2022_V1, POLICY_2022_V2]);
