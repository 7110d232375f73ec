/** The arguments of each staff action (DOMAIN §2a), and why an action may be refused. */
import type {
  CorrectableField,
  FollowUpResult,
  Rating,
  RedirectProcedure,
  ReplyOutcome,
  ReviewDecision,
} from './policy';

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

/** Why an action was refused; the API maps these to HTTP statuses. */
export type RejectionCode = 'wrongStep' | 'wrongRole' | 'wrongUnit' | 'badArgument' | 'protectedParty';
