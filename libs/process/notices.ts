/**
 * The written notices the statute requires (DOMAIN §2): what the workflow asks an activity to
 * render and store, and the reference it keeps. The request carries ids, dates and the staff's
 * written reasons only; the petitioner's name and the matter are read by the activity from the
 * registration record, so no personal data enters Temporal.
 */
import type { ReplyOutcome, ReviewDecision } from './policy';

/**
 * 受理告知书 · 不予受理告知书 (with the reason) · 延长办理期限告知书 (reason, new last day) ·
 * 处理意见书 · 复查意见书 · 复核意见书
 */
export type NoticeKind =
  'acceptanceNotice' | 'declineNotice' | 'extensionNotice' | 'reply' | 'reviewDecision' | 'reReviewDecision';
export const NOTICE_KINDS: readonly NoticeKind[] = [
  'acceptanceNotice',
  'declineNotice',
  'extensionNotice',
  'reply',
  'reviewDecision',
  'reReviewDecision',
];

/** The substance of a written reply or decision: the facts found, the reasons, and the legal basis. */
export interface WrittenGrounds {
  facts: string;
  reasons: string;
  legalBasis: string;
}

export type NoticeDetails =
  | { kind: 'acceptanceNotice'; handlingDays: number; handlingLastDay: string }
  | { kind: 'declineNotice'; reason: string }
  | { kind: 'extensionNotice'; days: number; reason: string; newLastDay: string }
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
  | { kind: 'reReviewDecision'; decision: ReviewDecision; grounds: WrittenGrounds; requestedAt: number };

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
  /** 文号, e.g. x-zjj〔2026〕12号 */
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
