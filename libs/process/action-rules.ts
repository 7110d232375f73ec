/**
 * The staff actions of the 2022 《信访工作条例》 procedure as data: for each action, the steps it is
 * taken in, the roles that may take it and which unit of the case must act. Part of the versioned
 * policy (policy.ts); who may act on a given case is decided from it by who-may-act.ts.
 */
import type { ActionName } from './action-names';
import type { Role, Step } from './policy';

/**
 * Which unit of the case must act: the routing office, the handling unit, the reviewer, the
 * re-reviewer, or whichever of those issued the reply now being delivered.
 */
export type ActingUnit =
  | 'routingUnit'
  | 'handlingUnit'
  | 'reviewUnit'
  | 'reReviewUnit'
  | 'replyingUnit'
  | 'supervisingOffice'
  /** The unit that lapsed and owes 督办 feedback (the handling unit, on cases started before that rule). */
  | 'lapsedUnit'
  /** The office whose 督办 was answered: it accepts or returns the feedback. */
  | 'feedbackRequester'
  /** The unit holding the case now (routing office, handling unit, reviewer, re-reviewer): 分办 there. */
  | 'holdingUnit'
  | 'anyUnit';

export interface ActionRule {
  /** 'any' for actions that do not depend on the procedure's step (supervision, case leaders). */
  steps: readonly Step[] | 'open';
  roles: readonly Role[];
  actingUnit: ActingUnit;
  /** Shown in the rejection when the case is in another step. */
  describe: string;
}

/** Every step from the written reply on, review and re-review included: the case has an answer. */
const FROM_THE_REPLY: Step[] = [
  'replyIssued',
  'reviewWindow',
  'review',
  'reviewDecided',
  'reReviewWindow',
  'reReview',
  'reReviewDecided',
  'closed',
];

/** The steps a written reply or decision is drafted in, and approved or returned. */
const DRAFTING_STEPS: Step[] = ['handling', 'review', 'reReview'];

export const ACTIONS: Readonly<Record<ActionName, ActionRule>> = {
  route: {
    steps: ['routing'],
    roles: ['registrar'],
    actingUnit: 'routingUnit',
    describe: 'route (转送) the petition to the unit with authority',
  },
  assign: {
    steps: ['routing'],
    roles: ['registrar'],
    actingUnit: 'routingUnit',
    describe: 'hand the petition down (交办) with a report-back deadline',
  },
  objectMisroute: {
    steps: ['acceptance'],
    roles: ['handler', 'unitHead'],
    actingUnit: 'handlingUnit',
    describe: 'object that the unit has no authority (misroute)',
  },
  decideMisrouteObjection: {
    steps: ['acceptance'],
    roles: ['registrar', 'supervisor'],
    actingUnit: 'routingUnit',
    describe: 'verify an objection to a misroute (核实同意 or refuse with reasons)',
  },
  assignHandler: {
    steps: 'open',
    roles: ['unitHead', 'registrar'],
    actingUnit: 'holdingUnit',
    describe: 'assign the case within the unit (分办) to a 承办人',
  },
  accept: {
    steps: ['acceptance'],
    roles: ['handler', 'unitHead'],
    actingUnit: 'handlingUnit',
    describe: 'accept (受理) the petition',
  },
  decline: {
    steps: ['acceptance'],
    roles: ['handler', 'unitHead'],
    actingUnit: 'handlingUnit',
    describe: 'decline (不予受理) the petition',
  },
  notAcceptedAgain: {
    steps: ['acceptance'],
    roles: ['handler', 'unitHead'],
    actingUnit: 'handlingUnit',
    describe: 'refuse a repeat of a finally decided matter (不再受理)',
  },
  redirect: {
    steps: ['acceptance'],
    roles: ['handler', 'unitHead'],
    actingUnit: 'handlingUnit',
    describe: 'guide the matter into another legal procedure (导入)',
  },
  extendHandling: {
    steps: ['handling'],
    roles: ['unitHead'],
    actingUnit: 'handlingUnit',
    describe: 'extend the handling period (延期)',
  },
  issueReply: {
    steps: ['handling'],
    roles: ['handler', 'unitHead'],
    actingUnit: 'handlingUnit',
    describe: 'issue the written reply (处理意见书)',
  },
  confirmImplementation: {
    steps: FROM_THE_REPLY,
    roles: ['handler', 'unitHead'],
    actingUnit: 'handlingUnit',
    describe: 'confirm that a supported request was carried out',
  },
  recordDelivery: {
    steps: ['replyIssued', 'reviewDecided', 'reReviewDecided'],
    roles: ['registrar', 'handler'],
    actingUnit: 'replyingUnit',
    describe: 'record delivery (送达) of a reply',
  },
  requestReview: {
    steps: ['reviewWindow'],
    roles: ['registrar', 'petitioner'],
    actingUnit: 'reviewUnit',
    describe: 'request review (复查)',
  },
  issueReviewDecision: {
    steps: ['review'],
    roles: ['handler', 'unitHead'],
    actingUnit: 'reviewUnit',
    describe: 'issue the review decision',
  },
  requestReReview: {
    steps: ['reReviewWindow'],
    roles: ['registrar', 'petitioner'],
    actingUnit: 'reReviewUnit',
    describe: 'request re-review (复核)',
  },
  startHearing: {
    steps: ['reReview'],
    roles: ['handler', 'unitHead'],
    actingUnit: 'reReviewUnit',
    describe: 'start a hearing (听证)',
  },
  endHearing: {
    steps: ['reReview'],
    roles: ['handler', 'unitHead'],
    actingUnit: 'reReviewUnit',
    describe: 'end the hearing',
  },
  issueReReviewDecision: {
    steps: ['reReview'],
    roles: ['handler', 'unitHead'],
    actingUnit: 'reReviewUnit',
    describe: 'issue the re-review decision',
  },
  // 签发: the head of the unit that drafted (the handling unit, or the reviewing organ for review and re-review).
  approveDraft: {
    steps: DRAFTING_STEPS,
    roles: ['unitHead'],
    actingUnit: 'holdingUnit',
    describe: 'approve (签发) the draft written reply or decision',
  },
  returnDraft: {
    steps: DRAFTING_STEPS,
    roles: ['unitHead'],
    actingUnit: 'holdingUnit',
    describe: 'return the draft written reply or decision with comments',
  },
  reportBack: {
    steps: ['acceptance', 'handling', ...FROM_THE_REPLY],
    roles: ['handler', 'unitHead'],
    actingUnit: 'handlingUnit',
    describe: 'file the report-back (交办 report)',
  },
  decideReportBack: {
    steps: ['acceptance', 'handling', ...FROM_THE_REPLY],
    roles: ['registrar', 'supervisor'],
    actingUnit: 'routingUnit',
    describe: 'accept the 交办 report-back, or return it with comments (a new report is owed)',
  },
  reportUrgent: {
    steps: 'open',
    roles: ['registrar', 'handler', 'unitHead'],
    actingUnit: 'routingUnit',
    describe: 'report an urgent (重大紧急) case up at once',
  },
  assignCaseLeader: {
    steps: 'open',
    roles: ['unitHead', 'supervisor'],
    actingUnit: 'handlingUnit',
    describe: 'assign a case leader (包案) with a resolution deadline',
  },
  issueSupervision: { steps: 'open', roles: ['supervisor'], actingUnit: 'supervisingOffice', describe: 'issue 督办' },
  recordSupervisionFeedback: {
    steps: 'open',
    roles: ['handler', 'unitHead', 'caseLeader'],
    actingUnit: 'lapsedUnit',
    describe: 'record the written feedback on 督办',
  },
  decideSupervisionFeedback: {
    steps: 'open',
    roles: ['supervisor'],
    actingUnit: 'feedbackRequester',
    describe: 'accept or return the feedback on 督办',
  },
  listForSupervision: {
    steps: 'open',
    roles: ['supervisor'],
    actingUnit: 'supervisingOffice',
    describe: 'list the case for supervision (挂牌督办)',
  },
  unlistFromSupervision: {
    steps: 'open',
    roles: ['supervisor'],
    actingUnit: 'supervisingOffice',
    describe: 'strike the case off the supervision list (销号)',
  },
  takeOver: {
    steps: 'open',
    roles: ['supervisor'],
    actingUnit: 'supervisingOffice',
    describe: 'take the case over at the level above (提级办理)',
  },
  recordFollowUp: {
    steps: 'open',
    roles: ['handler', 'unitHead', 'caseLeader'],
    actingUnit: 'handlingUnit',
    describe: 'record a follow-up check (回头看)',
  },
  rate: {
    steps: ['reviewWindow', 'reReviewWindow'],
    roles: ['petitioner', 'registrar'],
    actingUnit: 'replyingUnit',
    describe: 'rate the reply (满意度评价)',
  },
  correctRegistration: {
    steps: 'open',
    roles: ['registrar'],
    actingUnit: 'routingUnit',
    describe: 'correct the registration (a new event; never a silent edit)',
  },
  reprojectCalendar: {
    steps: 'open',
    roles: ['admin'],
    actingUnit: 'anyUnit',
    describe: 're-project the open clocks on a newer official calendar',
  },
};

/**
 * The actions of policy v1 (cases started before objections were verified): an objection sent the
 * case straight back, so nobody ever verifies one; a 交办 report-back was filed, never accepted or returned.
 */
export const ACTIONS_V1: Readonly<Record<ActionName, ActionRule>> = {
  ...ACTIONS,
  decideMisrouteObjection: { ...ACTIONS.decideMisrouteObjection, steps: [] },
  decideReportBack: { ...ACTIONS.decideReportBack, steps: [] },
};
