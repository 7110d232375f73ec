/**
 * 书面告知: the written notices of a case. A transition that owes the petitioner a notice asks for
 * it here; the workflow then has an activity render and store it (keyed by the case and the
 * event, so a retry finds the same document and 文号) and attaches the returned id, hash and
 * 文号 to the milestone and to the reply awaiting delivery. Cases started before written notices
 * (state.writtenNotices unset) ask for none and keep their free `documentRef`.
 */
import { CLOCKS } from '../../libs/process/policy';
import {
  noticeDocumentKey,
  type DocumentRef,
  type IssuedNotice,
  type NoticeDetails,
  type NoticeKind,
  type NoticeRequest,
  type WrittenGrounds,
} from '../../libs/process';
import { bad, requireText } from './checks';
import type { Outbox, PetitionState } from './state';
import type { Transition } from './transition';

/** Which record of the case the document belongs to, besides its milestone. */
export type NoticeHolder = 'reply' | 'review' | 'reReview' | null;

export interface PendingNotice {
  request: NoticeRequest;
  milestoneIndex: number;
  holder: NoticeHolder;
}

export const GROUNDS_MAX_LENGTH = 5000;

/** What a reply or decision carried in cases started before written notices. */
export interface LegacyDocumentArgs {
  documentRef?: string;
}

/** The facts, reasons and legal basis a written reply or decision states; or, for a case without written notices, its free reference. */
export function checkGrounds(state: PetitionState, args: Partial<WrittenGrounds> & { documentRef?: unknown }): void {
  if (!state.writtenNotices) {
    requireText(args.documentRef, 'documentRef', 200);
    return;
  }
  requireText(args.facts, 'facts', GROUNDS_MAX_LENGTH);
  requireText(args.reasons, 'reasons', GROUNDS_MAX_LENGTH);
  requireText(args.legalBasis, 'legalBasis', GROUNDS_MAX_LENGTH);
}

export function groundsOf(args: Partial<WrittenGrounds>): WrittenGrounds | null {
  return args.facts === undefined ? null : { facts: args.facts, reasons: args.reasons!, legalBasis: args.legalBasis! };
}

/** The notices of outcomes that ended a case without a document before OUTCOME_NOTICES_PATCH. */
const OUTCOME_NOTICE_KINDS: readonly NoticeKind[] = ['notAcceptedAgainNotice', 'redirectNotice'];

/** Asks for the notice of the milestone just recorded; `eventSeq` is the event it belongs to. */
export function requestNotice(
  ctx: Transition,
  eventSeq: number,
  unitId: string,
  details: NoticeDetails,
  holder: NoticeHolder = null,
): void {
  const notice = noticeFor(ctx.state, ctx.now, eventSeq, unitId, details, holder);
  if (notice) ctx.outbox.notices.push(notice);
}

/** The notice owed, or null when the case predates notices of its kind. */
export function noticeFor(
  s: PetitionState,
  now: number,
  eventSeq: number,
  unitId: string,
  details: NoticeDetails,
  holder: NoticeHolder = null,
): PendingNotice | null {
  if (!s.writtenNotices) return null;
  if (OUTCOME_NOTICE_KINDS.includes(details.kind) && !s.outcomeNotices) return null;
  return {
    request: {
      documentKey: noticeDocumentKey(s.petitionId, details.kind, eventSeq),
      petitionId: s.petitionId,
      eventSeq,
      unitId,
      handlingUnitId: s.handlingUnit?.id ?? unitId,
      receivedAt: s.receivedAt,
      issuedAt: now,
      details,
    },
    milestoneIndex: s.milestones.length - 1,
    holder,
  };
}

/**
 * A registration that ended at once as 不再受理 owes its notice from the registering unit. Asked
 * once the case knows which notices it issues (the patch markers are read after registration).
 */
export function registrationNotice(s: PetitionState, outbox: Outbox): PendingNotice | null {
  if (s.step !== 'endedNotAcceptedAgain') return null;
  const event = outbox.events.find((e) => e.type === 'notAcceptedAgain');
  const earlierPetitionId = event?.data.earlierPetitionId;
  if (!event || typeof earlierPetitionId !== 'string') return null;
  return noticeFor(s, event.at, event.seq, s.routingUnit.id, { kind: 'notAcceptedAgainNotice', earlierPetitionId });
}

export const REVIEW_WINDOW_DAYS = CLOCKS.reviewRequestWindow.lengthDays!;
export const RE_REVIEW_WINDOW_DAYS = CLOCKS.reReviewRequestWindow.lengthDays!;

/** Keeps the stored document's reference (never its content) on the milestone and the reply it belongs to. */
export function attachNotice(state: PetitionState, pending: PendingNotice, ref: DocumentRef): void {
  const document: DocumentRef = { documentId: ref.documentId, sha256: ref.sha256, number: ref.number };
  const milestone = state.milestones[pending.milestoneIndex];
  if (milestone) milestone.document = document;
  const holder =
    pending.holder === 'reply'
      ? state.reply
      : pending.holder === 'review'
        ? state.review
        : pending.holder === 'reReview'
          ? state.reReview
          : null;
  if (holder) holder.document = document;
  const issued: IssuedNotice = {
    ...document,
    kind: pending.request.details.kind,
    eventSeq: pending.request.eventSeq,
    unitId: pending.request.unitId,
    issuedAt: pending.request.issuedAt,
  };
  state.documents = [...(state.documents ?? []), issued];
  state.revision += 1;
}

/**
 * The written reply now waiting for delivery and the kind of notice it is. `document` is null
 * while it is being generated, undefined for a reply issued before written notices.
 */
export function awaitingDelivery(
  state: PetitionState,
): { kind: NoticeKind; document: DocumentRef | null | undefined } | null {
  switch (state.step) {
    case 'replyIssued':
      return { kind: 'reply', document: state.reply?.document };
    case 'reviewDecided':
      return { kind: 'reviewDecision', document: state.review?.document };
    case 'reReviewDecided':
      return { kind: 'reReviewDecision', document: state.reReview?.document };
    default:
      return null;
  }
}

/** 送达 names the document delivered: it must be the written reply awaiting delivery. */
export function checkDeliveredDocument(state: PetitionState, documentId: unknown): void {
  const pending = awaitingDelivery(state);
  if (!pending || pending.document === undefined) return;
  if (pending.document === null)
    bad(
      'the written reply is still being generated; record its delivery once it has a document',
      null,
      'case.documentPending',
    );
  if (typeof documentId !== 'string' || documentId.length === 0) {
    bad(
      `documentId is required: the ${pending.kind} awaiting delivery is document ${pending.document.documentId} (${pending.document.number})`,
      'args.documentId',
      'args.documentRequired',
      {
        field: 'documentId',
        kind: pending.kind,
        documentId: pending.document.documentId,
        number: pending.document.number,
      },
    );
  }
  if (documentId !== pending.document.documentId) {
    bad(
      `documentId: the document named is not the ${pending.kind} awaiting delivery; that is document ${pending.document.documentId} (${pending.document.number})`,
      'args.documentId',
      'args.wrongDocument',
      {
        field: 'documentId',
        kind: pending.kind,
        documentId: pending.document.documentId,
        number: pending.document.number,
      },
    );
  }
}
