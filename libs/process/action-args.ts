/** The arguments of each staff action (DOMAIN §2a), and why an action may be refused. */
import type {
  CorrectableField,
  FollowUpResult,
  Rating,
  RedirectProcedure,
  ReplyOutcome,
  ReviewDecision,
} from './policy';
import type { DeliveryMethod, DeliverySigner } from './delivery';
import type { WrittenGrounds } from './notices';
import type { ActionName } from './action-names';

/**
 * Arguments for every action and for nothing else: an action of ACTION_NAMES missing here, or a
 * name here that is no action, does not compile.
 */
type ForEveryAction<T extends { [A in ActionName]: unknown } & { [K in Exclude<keyof T, ActionName>]: never }> = T;

export type ActionArgs = ForEveryAction<ArgumentsOfEachAction>;

interface ArgumentsOfEachAction {
  route: { unitId: string };
  assign: { unitId: string; reportBackDays: number };
  objectMisroute: { reasons: string };
  /** 核实: the routing office agrees (the case returns for routing) or refuses with reasons (the case stays). */
  decideMisrouteObjection: { decision: 'agreed' | 'refused'; reasons?: string };
  /** 分办: the 承办人 of the acting unit; a reason is required when one was already assigned. */
  assignHandler: { handlerUserId: string; reason?: string };
  accept: Record<string, never>;
  decline: { reason: string };
  notAcceptedAgain: { earlierPetitionId: string };
  redirect: { procedure: RedirectProcedure; note?: string };
  extendHandling: { days: number; reason: string };
  /** The 处理意见书's substance. Cases started before written notices carried a free `documentRef` instead. */
  issueReply: { outcome: ReplyOutcome } & WrittenGrounds;
  confirmImplementation: { note?: string };
  /**
   * documentId: the 处理意见书 / 复查意见书 / 复核意见书 delivered, which must be the one awaiting delivery.
   * deliveredAt: the date on the 送达回证. method and signedBy: required on cases that record
   * deliveries (DELIVERY_RECORDS_PATCH); cases started before recorded the date alone.
   */
  recordDelivery: {
    deliveredAt: number;
    documentId?: string;
    method?: DeliveryMethod;
    signedBy?: DeliverySigner;
    /** The scanned 送达回证 among the case's materials (its file id; the API checks it is the case's). */
    receiptFileId?: string;
  };
  /** postmarkedAt: a request received by letter, its postmark (which meets the window; receivedAt starts the clock). */
  requestReview: { receivedAt: number; postmarkedAt?: number };
  issueReviewDecision: { decision: ReviewDecision } & WrittenGrounds;
  requestReReview: { receivedAt: number; postmarkedAt?: number };
  startHearing: { startDate: string };
  endHearing: { endDate: string };
  issueReReviewDecision: { decision: ReviewDecision } & WrittenGrounds;
  /** 签发: the draft approved, by its number (the one previewed), so a newer draft is never approved unseen. */
  approveDraft: { draftNo: number };
  /** The draft returned to its drafter, with the head's comments (required). */
  returnDraft: { draftNo: number; comments: string };
  reportBack: { summary: string };
  decideReportBack: { decision: 'accepted' | 'returned'; comments?: string };
  reportUrgent: { reportedToUnitId: string; note?: string };
  assignCaseLeader: { leaderUserId: string; resolutionDays: number };
  issueSupervision: { instructions: string };
  recordSupervisionFeedback: { feedback: string };
  /** The office that asked accepts the feedback, or returns it (comments required) for a new one. */
  decideSupervisionFeedback: { decision: 'accepted' | 'returned'; comments?: string };
  listForSupervision: { reason: string };
  unlistFromSupervision: { reason: string };
  takeOver: { reason: string };
  recordFollowUp: { result: FollowUpResult; note: string };
  rate: { rating: Rating };
  reprojectCalendar: { calendarVersion: string };
  /** receivedAt: an instant; channel: an IntakeChannel; urgent / collective: booleans. */
  correctRegistration: { field: CorrectableField; value: number | string | boolean; reason: string };
}

/** Why an action was refused; the API maps these to HTTP statuses. */
export type RejectionCode =
  'wrongStep' | 'wrongRole' | 'wrongUnit' | 'badArgument' | 'protectedParty' | 'idempotencyConflict';
