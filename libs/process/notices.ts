/**
 * The written notices the statute requires (DOMAIN §2): what the workflow asks an activity to
 * render and store, and the reference it keeps. The request carries ids, dates and the staff's
 * written reasons only; the petitioner's name and the matter are read by the activity from the
 * registration record, so no personal data enters Temporal.
 */
import type { RedirectProcedure, ReplyOutcome, ReviewDecision } from './policy';

/**
 * 受理告知书 · 不予受理告知书 (with the reason) · 延长办理期限告知书 (reason, new last day) ·
 * 处理意见书 · 复查意见书 · 复核意见书 · 不再受理告知书 (naming the final decision) ·
 * 导入法定途径告知书 (which procedure, before which organ)
 */
export type NoticeKind =
  | 'acceptanceNotice'
  | 'declineNotice'
  | 'extensionNotice'
  | 'reply'
  | 'reviewDecision'
  | 'reReviewDecision'
  | 'notAcceptedAgainNotice'
  | 'redirectNotice';
export const NOTICE_KINDS: readonly NoticeKind[] = [
  'acceptanceNotice',
  'declineNotice',
  'extensionNotice',
  'reply',
  'reviewDecision',
  'reReviewDecision',
  'notAcceptedAgainNotice',
  'redirectNotice',
];

/** The substance of a written reply or decision: the facts found, the reasons, and the legal basis. */
export interface WrittenGrounds {
  facts: string;
  reasons: string;
  legalBasis: string;
}

/**
 * `provisional`: the last day lies in (or was counted through) a year whose official holiday notice
 * is not out yet, so the notice adds 如遇法定节假日顺延. Absent in requests made before it existed.
 */
export type NoticeDetails =
  | { kind: 'acceptanceNotice'; handlingDays: number; handlingLastDay: string; provisional?: boolean }
  | { kind: 'declineNotice'; reason: string }
  | { kind: 'extensionNotice'; days: number; reason: string; newLastDay: string; provisional?: boolean }
  | {
      kind: 'reply';
      outcome: ReplyOutcome;
      grounds: WrittenGrounds;
      reviewUnitId: string | null;
      reviewWindowDays: number;
    }
  | {
      kind: 'reviewDecision';
      decision: ReviewDecision;
      grounds: WrittenGrounds;
      requestedAt: number;
      reReviewUnitId: string | null;
      reReviewWindowDays: number;
    }
  | { kind: 'reReviewDecision'; decision: ReviewDecision; grounds: WrittenGrounds; requestedAt: number }
  /** The activity finds the earlier case's 复核意见书 (its 文号, organ and date) to name it. */
  | { kind: 'notAcceptedAgainNotice'; earlierPetitionId: string }
  | { kind: 'redirectNotice'; procedure: RedirectProcedure; note: string | null };

export interface NoticeRequest {
  /** `${petitionId}:${kind}:${eventSeq}`: a retry finds the same document and the same 文号. */
  documentKey: string;
  petitionId: string;
  /** The timeline event the notice belongs to. */
  eventSeq: number;
  /** The unit that issues it: its 文号 series. */
  unitId: string;
  /** The unit that handled the matter (named in review decisions). */
  handlingUnitId: string;
  /** When the petition was received (printed in the notice). */
  receivedAt: number;
  issuedAt: number;
  details: NoticeDetails;
}

/** What the workflow keeps of a stored document: never its content. */
export interface DocumentRef {
  documentId: string;
  sha256: string;
  /** 文号, e.g. 示住建信〔2026〕12号 */
  number: string;
}

export interface IssuedNotice extends DocumentRef {
  kind: NoticeKind;
  eventSeq: number;
  unitId: string;
  issuedAt: number;
}

export function noticeDocumentKey(petitionId: string, kind: NoticeKind, eventSeq: number): string {
  return `${petitionId}:${kind}:${eventSeq}`;
}
