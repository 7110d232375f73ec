/**
 * The petition's procedure as pure state transitions, split by concern (registration.ts, routing.ts,
 * acceptance.ts, handling.ts, review.ts, supervision.ts, escalation.ts, follow-up.ts, closure.ts,
 * corrections.ts, clocks.ts, passage-of-time.ts, view.ts; actions.ts dispatches staff actions).
 * No Temporal API in any of them, so the workflow stays a thin loop and every rule can be read
 * where its name says. This file holds what they share: the state of a case and what a transition emits.
 */
import type {
  AccountabilityRuleId,
  ClockId,
  ReplyOutcome,
  ReviewDecision,
  RungId,
  Step,
} from '../../libs/process/policy';
import type { AppliedRequestIdentity } from '../../libs/process/request-fingerprint';
import type {
  Actor,
  BacklogHistory,
  ClockStatus,
  EscalationEntry,
  HandlerAssignment,
  LedgerEntry,
  Milestone,
  PendingObjection,
  PetitionView,
  ProjectedEvent,
  RefusalMessageKey,
  RefusalParams,
  RejectionCode,
  UnitRef,
} from '../../libs/process';
import type { DeliveryRecord, DocumentRef, IssuedNotice, WrittenGrounds } from '../../libs/process';
import type { DraftView, ReturnedDraftView } from '../../libs/process/view';
import type { PendingNotice } from './notices';
import { RefusalError } from '../refusal-error';
import type { RegistrationInput } from './petition.contract';

export { DAY_MS } from '../../libs/process/calendar';

export class ActionRejected extends RefusalError {
  constructor(
    code: RejectionCode,
    message: string,
    /** Refused, but the attempt itself is evidence (DOMAIN §5): recorded in the timeline and the ledger. */
    readonly recordAs: AccountabilityRuleId | null = null,
    field: string | null,
    messageKey: RefusalMessageKey,
    params: RefusalParams = {},
  ) {
    super(code, message, field, messageKey, params);
    this.name = 'ActionRejected';
  }
}

/** What a transition emits besides the new state: timeline events and ledger/escalation records. */
export interface Outbox {
  events: TimelineEvent[];
  ledger: LedgerEntry[];
  escalations: EscalationEntry[];
  /** Written notices owed to the petitioner: the workflow has them rendered and stored. */
  notices: PendingNotice[];
}

export function emptyOutbox(): Outbox {
  return { events: [], ledger: [], escalations: [], notices: [] };
}

export interface ClockState {
  key: string;
  id: ClockId;
  generation: number;
  unitId: string;
  status: Exclude<ClockStatus, 'suspended'>;
  startedAt: number;
  lengthDays: number;
  excludedDays: number;
  /** Shanghai date a hearing opened on; the clock is suspended while set. */
  hearingOpenSince: string | null;
  dueAt: number | null;
  lastDay: string | null;
  rolledForward: boolean;
  calendarBasis: 'official' | 'statutory' | 'weekends-only';
  calendarVersion: string;
  stoppedAt: number | null;
  stopReason: string | null;
  firedRungs: RungId[];
}

/** A draft awaiting 签发: what the view shows, and the action's own arguments to issue it with. */
export interface DraftState extends DraftView {
  level: 'reply' | 'review' | 'reReview';
  args: { outcome?: ReplyOutcome; decision?: ReviewDecision } & WrittenGrounds;
}

/** One line of the case timeline; `seq` is its idempotency key in the read model. */
export type TimelineEvent = ProjectedEvent;

/** The fields the view shows as they are: one declaration, in libs/process/view.ts. */
type ViewedAsIs =
  | 'caseLeader'
  | 'caseLeaderRequired'
  | 'listedForSupervision'
  | 'supervisionTasks'
  | 'followUps'
  | 'ratings'
  | 'firstTimeResolution'
  | 'reopenedCount';

export interface PetitionState extends Pick<PetitionView, ViewedAsIs> {
  petitionId: string;
  /** 信访件编号, when the registration carried one. */
  caseNumber?: string;
  policyVersion: string;
  calendarVersion: string;
  category: RegistrationInput['category'];
  channel: RegistrationInput['channel'];
  urgent: boolean;
  collective: boolean;
  repeatOf: string[];
  accusedUnitId: string | null;
  receivedAt: number;
  registeredAt: number;
  registeredBy: Actor;
  step: Step;
  routingUnit: UnitRef;
  handlingUnit: UnitRef | null;
  reviewUnit: UnitRef | null;
  reReviewUnit: UnitRef | null;
  assignment: {
    reportBackDays: number;
    assignedAt: number;
    reportedBackAt: number | null;
    /** Policy v2: the office that handed the case down accepted the report (a returned one is owed again). */
    accepted?: boolean;
  } | null;
  handlingRound: number;
  extensionsUsed: number;
  misrouteObjections: number;
  reply: {
    outcome: ReplyOutcome;
    /** Cases started before written notices: a free reference to a paper reply. */
    documentRef?: string;
    grounds?: WrittenGrounds | null;
    document?: DocumentRef | null;
    issuedAt: number;
    deliveredAt: number | null;
    implementationConfirmedAt: number | null;
  } | null;
  review: {
    receivedAt: number;
    /** A request received by letter: its postmark. */
    postmarkedAt?: number;
    decision: ReviewDecision | null;
    decidedAt: number | null;
    deliveredAt: number | null;
    document?: DocumentRef | null;
  } | null;
  reReview: {
    receivedAt: number;
    postmarkedAt?: number;
    hearings: { startDate: string; endDate: string | null }[];
    decision: ReviewDecision | null;
    decidedAt: number | null;
    deliveredAt: number | null;
    document?: DocumentRef | null;
  } | null;
  final: boolean;
  closedAt: number | null;
  clocks: ClockState[];
  milestones: Milestone[];
  /** requestId → revision it produced: a repeated request changes nothing. */
  appliedRequests: Record<string, number>;
  /**
   * requestId → the action and fingerprint it was applied with, so a reused id on another request is
   * refused (idempotencyConflict) rather than answered as a retry. Parallel to appliedRequests (whose
   * shape old histories keep); absent, or without an entry, for requests applied before it existed.
   */
  appliedActions?: Record<string, AppliedRequestIdentity>;
  /** Upload requestId → the materialAttached event it recorded (absent until a case's first material). */
  materialRequests?: Record<string, number>;
  /** requestId → why it was refused, for refused attempts that were recorded as evidence. */
  /** Keys and field kept since refusals carried them; older entries have code and message only. */
  refusedRequests: Record<
    string,
    {
      code: RejectionCode;
      message: string;
      field?: string | null;
      messageKey?: RefusalMessageKey;
      params?: RefusalParams;
    }
  >;
  /** The handler who accepted the case (cases started before 分办 named it responsible for overdue records). */
  acceptedBy: string | null;
  /**
   * The case names the unit that lapsed and the person who owed the act (DOMAIN §4, §5; set when the
   * case starts, behind the ACCOUNTABLE_UNITS_PATCH marker): no office supervises itself, 督办
   * feedback is owed by the unit that lapsed, the ledger names the 承办人 or the person in charge,
   * and events are dated when they were recorded. Unset in cases started before, which replay as they ran.
   */
  accountableUnits?: boolean;
  /** 分办: each unit's 承办人 on the case, the latest per unit (absent in cases started before). */
  handlers?: HandlerAssignment[];
  /** 积案 imported with its history (absent in cases that predate imports). */
  backlog?: BacklogHistory | null;
  /**
   * The workflow has the statutory notices rendered as documents (受理告知书, 处理意见书, …). Set
   * when the case starts (behind a patch marker); unset in cases started before, which keep free
   * document references.
   */
  writtenNotices?: boolean;
  /**
   * 不再受理 and 导入 issue written notices too (OUTCOME_NOTICES_PATCH); unset in cases started
   * before, which ended those ways without a document.
   */
  outcomeNotices?: boolean;
  /** An objection to a misroute waiting for the routing office (policy v2; absent before). */
  pendingObjection?: PendingObjection | null;
  /** The registrar who made the latest routing decision (policy v2; absent before). */
  routedBy?: string | null;
  /** Re-routings after objections the routing office agreed to (policy v2; absent before). */
  objectionsAgreed?: number;
  /**
   * 提级办理 under policy v2: the unit each takeover came from, kept so that unit's lapses before
   * the takeover (and its 督办 feedback) still name it and its person in charge.
   */
  takeovers?: { fromUnit: UnitRef; toUnitId: string; at: number; byUnitId: string | null }[];
  /**
   * 送达 recorded with its method, the 送达回证's date and who signed, refused before the document was
   * issued (DELIVERY_RECORDS_PATCH); unset in cases started before, which recorded a date alone.
   */
  deliveryRecords?: boolean;
  /** Each delivery with its method and signer (cases that record deliveries). */
  deliveries?: DeliveryRecord[];
  /** The notices issued so far (references only). */
  documents?: IssuedNotice[];
  /**
   * 签发 (APPROVALS_PATCH, set when the case starts): the handler drafts the 处理意见书 and the
   * reviewing organ drafts its decisions; the unit head approves (the 文号 is taken and the document
   * issued then) or returns the draft. Unset in cases started before, which issue in one step.
   */
  approvals?: boolean;
  /** The draft awaiting approval, with the arguments it is issued with on approval. */
  draft?: DraftState | null;
  /** How many drafts the case has had (the next draft's number less one). */
  draftsMade?: number;
  returnedDraft?: ReturnedDraftView | null;
  revision: number;
  eventSeq: number;
}
