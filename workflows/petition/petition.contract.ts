/**
 * The petition workflow's contract: its name, id scheme, input, updates, queries and the view they
 * return. This file (with the pure policy) is all the API imports from the workflow side.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  AccountabilityRuleId,
  ActionName,
  ClockId,
  CorrectableField,
  FollowUpResult,
  Rating,
  SuggestedAction,
  IntakeChannel,
  PetitionCategory,
  RedirectProcedure,
  ReplyOutcome,
  ReviewDecision,
  Role,
  RungId,
  Step,
} from '../../libs/process/policy';

export const PETITION_WORKFLOW_TYPE = 'petitionWorkflow';

/** Workflow ids carry the petition id only: no personal data in ids (DOMAIN §6). */
export function petitionWorkflowId(petitionId: string): string {
  return `petition-${petitionId}`;
}

export type UnitKind = 'petitionOffice' | 'functionalDepartment' | 'discipline';
export type UnitLevel = 'province' | 'city' | 'county' | 'township';

/** What the workflow needs to know of a unit; resolved from the unit tree by an activity. */
export interface UnitRef {
  id: string;
  kind: UnitKind;
  level: UnitLevel;
  /** 上一级: the unit that reviews this unit's replies; null at the top. */
  parentId: string | null;
  /** The petition office at the same level that supervises this unit (itself, for an office). */
  supervisingOfficeId: string | null;
  /** Petition offices that supervise this unit, nearest first: its own level's, then each level above. */
  supervisingOffices: string[];
}

export interface Actor {
  userId: string;
  role: Role;
  /** null only for the petitioner acting with a query code. */
  unitId: string | null;
}

/** Every staff action: who, a request id that makes retries harmless, and the action's arguments. */
export interface ActionRequest<Args = Record<string, never>> {
  requestId: string;
  actor: Actor;
  args: Args;
}

export interface RegistrationInput {
  petitionId: string;
  requestId: string;
  registeredBy: Actor;
  registeringUnit: UnitRef;
  category: PetitionCategory;
  channel: IntakeChannel;
  /** When the petition office received it (may precede registration, e.g. a letter). */
  receivedAt: number;
  urgent: boolean;
  collective: boolean;
  repeatOf: string[];
  /** 检举控告: the accused unit, which may never receive or see the case. */
  accusedUnitId: string | null;
  /** The receiving unit handles the matter itself instead of routing it. */
  handleDirectly: boolean;
}

export interface ActionArgs {
  route: { unitId: string };
  assign: { unitId: string; reportBackDays: number };
  objectMisroute: { reasons: string };
  accept: Record<string, never>;
  decline: { reason: string };
  notAcceptedAgain: { earlierPetitionId: string };
  redirect: { procedure: RedirectProcedure; note?: string };
  extendHandling: { days: number; reason: string };
  issueReply: { outcome: ReplyOutcome; documentRef: string };
  confirmImplementation: { note?: string };
  recordDelivery: { deliveredAt: number };
  requestReview: { receivedAt: number };
  issueReviewDecision: { decision: ReviewDecision; documentRef: string };
  requestReReview: { receivedAt: number };
  startHearing: { startDate: string };
  endHearing: { endDate: string };
  issueReReviewDecision: { decision: ReviewDecision; documentRef: string };
  reportBack: { summary: string };
  reportUrgent: { reportedToUnitId: string; note?: string };
  assignCaseLeader: { leaderUserId: string; resolutionDays: number };
  issueSupervision: { instructions: string };
  recordSupervisionFeedback: { feedback: string };
  listForSupervision: { reason: string };
  unlistFromSupervision: { reason: string };
  takeOver: { reason: string };
  recordFollowUp: { result: FollowUpResult; note: string };
  rate: { rating: Rating };
  reprojectCalendar: { calendarVersion: string };
  /** receivedAt: an instant; channel: an IntakeChannel; urgent / collective: booleans. */
  correctRegistration: { field: CorrectableField; value: number | string | boolean; reason: string };
}

export type ClockStatus = 'running' | 'suspended' | 'stopped' | 'lapsed';

export interface ClockView {
  /** `${clockId}#${generation}`: a clock restarted (e.g. handling after a revoked review) is a new instance. */
  key: string;
  id: ClockId;
  generation: number;
  unitId: string;
  status: ClockStatus;
  startedAt: number;
  lengthDays: number;
  /** Days that do not count (hearing time). */
  excludedDays: number;
  /** null while suspended (a hearing is open). */
  dueAt: number | null;
  lastDay: string | null;
  rolledForward: boolean;
  remainingMs: number | null;
  overdue: boolean;
  stoppedAt: number | null;
  firedRungs: RungId[];
  calendarBasis: 'official' | 'weekends-only';
  calendarVersion: string;
}

export type MilestoneType =
  | 'registered'
  | 'transferred'
  | 'handedDown'
  | 'returnedForRerouting'
  | 'accepted'
  | 'declined'
  | 'notAcceptedAgain'
  | 'redirected'
  | 'extended'
  | 'replied'
  | 'replyDelivered'
  | 'reviewRequested'
  | 'reviewDecided'
  | 'reviewReplyDelivered'
  | 'reReviewRequested'
  | 'hearingStarted'
  | 'hearingEnded'
  | 'reReviewDecided'
  | 'reReviewReplyDelivered'
  | 'final'
  | 'followUpChecked'
  | 'reopened'
  | 'rated';

/** What the petitioner may see (阳光信访): what happened and when, with public reasons only. */
export interface Milestone {
  type: MilestoneType;
  at: number;
  detail?: string;
}

export interface PetitionView {
  petitionId: string;
  step: Step;
  policyVersion: string;
  calendarVersion: string;
  category: PetitionCategory;
  urgent: boolean;
  receivedAt: number;
  registeredAt: number;
  routingUnitId: string;
  handlingUnitId: string | null;
  reviewUnitId: string | null;
  reReviewUnitId: string | null;
  handlingRound: number;
  extensionsUsed: number;
  replyOutcome: ReplyOutcome | null;
  implementationConfirmed: boolean;
  reviewDecision: ReviewDecision | null;
  reReviewDecision: ReviewDecision | null;
  hearingOpen: boolean;
  final: boolean;
  closedAt: number | null;
  clocks: ClockView[];
  milestones: Milestone[];
  caseLeader: { userId: string; assignedAt: number } | null;
  /** 交办 by a higher level: a case leader is needed before acceptance. */
  caseLeaderRequired: boolean;
  listedForSupervision: { byUnitId: string; at: number; reason: string } | null;
  supervisionTasks: SupervisionTask[];
  followUps: FollowUpView[];
  ratings: { replyKey: string; rating: Rating; at: number }[];
  /** 一次性化解: closed without review, relapse or repeat petition. */
  firstTimeResolution: boolean;
  reopenedCount: number;
  revision: number;
}

export interface FollowUpView {
  key: string;
  /** 'scheduled' (after closure), 'dissatisfied' (after a 不满意 rating). */
  reason: 'scheduled' | 'dissatisfied';
  dueAt: number;
  status: 'scheduled' | 'open' | 'stable' | 'relapsed' | 'cancelled';
  clockKey: string | null;
  recordedAt: number | null;
}

/** 督办 (supervision), 挂牌 (listed) and 提级办理 (take-over) tasks of the supervising units. */
export interface SupervisionTask {
  key: string;
  kind: 'supervision' | 'listed' | 'takeoverAvailable';
  source: 'automatic' | 'manual';
  supervisingUnitId: string;
  supervisedUnitId: string;
  clockKey: string | null;
  openedAt: number;
  status: 'open' | 'answered' | 'closed';
  feedbackClockKey: string | null;
  closedAt: number | null;
}

/** Why an action was refused; the API maps these to HTTP statuses. */
export type RejectionCode = 'wrongStep' | 'wrongRole' | 'wrongUnit' | 'badArgument' | 'protectedParty';
export const REJECTION_FAILURE_TYPE_PREFIX = 'PetitionActionRejected.';

export const petitionViewQuery = defineQuery<PetitionView>('petitionView');
export const milestonesQuery = defineQuery<Milestone[]>('milestones');

type UpdateDefinitions = { [A in ActionName]: ReturnType<typeof defineUpdate<PetitionView, [ActionRequest<ActionArgs[A]>], A>> };

function updates(): UpdateDefinitions {
  const names: ActionName[] = [
    'route', 'assign', 'objectMisroute', 'accept', 'decline', 'notAcceptedAgain', 'redirect', 'extendHandling',
    'issueReply', 'confirmImplementation', 'recordDelivery', 'requestReview', 'issueReviewDecision',
    'requestReReview', 'startHearing', 'endHearing', 'issueReReviewDecision', 'reportBack', 'reportUrgent',
    'assignCaseLeader', 'issueSupervision', 'recordSupervisionFeedback', 'listForSupervision', 'unlistFromSupervision',
    'takeOver', 'recordFollowUp', 'rate', 'reprojectCalendar', 'correctRegistration',
  ];
  return Object.fromEntries(names.map((name) => [name, defineUpdate(name)])) as unknown as UpdateDefinitions;
}

/** One Temporal update per staff action, named as in DOMAIN §2a. */
export const petitionUpdates = updates();

/** What a projection activity writes to the read model; every part is keyed so a retry changes nothing. */
export interface ProjectionBatch {
  petitionId: string;
  workflowId: string;
  revision: number;
  view: PetitionView;
  events: ProjectedEvent[];
  ledger: LedgerEntry[];
  escalations: EscalationEntry[];
}

/** One accountability record (问责/责任倒查), appended once: `key` is its idempotency key. */
export interface LedgerEntry {
  key: string;
  rule: AccountabilityRuleId;
  unitId: string;
  responsibleUserId: string | null;
  severity: 'low' | 'medium' | 'high';
  suggestedAction: SuggestedAction;
  basis: string;
  at: number;
  /** The case, the timeline events (seq) and the workflow history length when it was recorded. */
  evidence: { petitionId: string; workflowId: string; eventSeqs: number[]; historyLength: number | null };
  detail: Record<string, unknown>;
}

/** One rung of the escalation ladder that fired, with who it goes to (the case leader first). */
export interface EscalationEntry {
  key: string;
  clockKey: string;
  clockId: ClockId;
  rung: RungId;
  at: number;
  dueAt: number;
  unitId: string;
  recipients: { kind: 'caseLeader' | 'handlingUnit' | 'supervisingOffice' | 'levelAbove'; userId?: string; unitId?: string }[];
}

export interface ProjectedEvent {
  seq: number;
  type: string;
  at: number;
  actor: Actor | null;
  requestId: string | null;
  clockKey: string | null;
  data: Record<string, unknown>;
}

/** The activities the petition workflow calls; implemented in activities/, idempotent. */
export interface PetitionActivities {
  projectPetition(batch: ProjectionBatch): Promise<void>;
  describeUnits(unitIds: string[]): Promise<Record<string, UnitRef | null>>;
}

export interface PetitionWorkflowInput {
  /** A new case. */
  registration?: RegistrationInput;
  /** A case continued-as-new: its full state (opaque to callers). */
  resume?: unknown;
  /** Continue-as-new once history reaches this many events (default: the server's suggestion, or 10,000). */
  continueAsNewAtHistoryLength?: number;
}
