/**
 * 拟稿: on a case with 签发 (state.approvals), the 处理意见书 and the review and re-review decisions
 * are first drafted by the unit that owes them and wait for its head's approval (approvals.ts).
 * The draft holds the notice exactly as it will be requested on approval, so the 草稿 preview and
 * the issued document say the same thing; no 文号 is taken until then.
 */
import type { NoticeDetails, ReplyOutcome, ReviewDecision, WrittenGrounds } from '../../libs/process';
import type { DraftKind } from '../../libs/process/view';
import { bad } from './checks';
import { groundsOf, RE_REVIEW_WINDOW_DAYS, REVIEW_WINDOW_DAYS } from './notices';
import type { DraftState, PetitionState } from './state';
import type { Transition } from './transition';

export type DraftLevel = DraftState['level'];

export const DRAFT_KINDS: Readonly<Record<DraftLevel, DraftKind>> = {
  reply: 'reply',
  review: 'reviewDecision',
  reReview: 'reReviewDecision',
};

/** The unit that owes the reply or decision of this level, and issues it. */
export function draftingUnitId(s: PetitionState, level: DraftLevel): string {
  return (level === 'reply' ? s.handlingUnit : level === 'review' ? s.reviewUnit : s.reReviewUnit)!.id;
}

/** The 处理意见书 as requested: the outcome, its grounds, and where review may be asked. */
export function replyNoticeDetails(
  s: PetitionState,
  args: { outcome: ReplyOutcome } & Partial<WrittenGrounds>,
): NoticeDetails {
  return {
    kind: 'reply',
    outcome: args.outcome,
    grounds: groundsOf(args)!,
    reviewUnitId: s.handlingUnit!.parentId,
    reviewWindowDays: REVIEW_WINDOW_DAYS,
  };
}

/** The 复查意见书 or 复核意见书 as requested. */
export function decisionNoticeDetails(
  s: PetitionState,
  level: 'review' | 'reReview',
  args: { decision: ReviewDecision } & Partial<WrittenGrounds>,
): NoticeDetails {
  const grounds = groundsOf(args)!;
  if (level === 'review')
    return {
      kind: 'reviewDecision',
      decision: args.decision,
      grounds,
      requestedAt: s.review!.receivedAt,
      reReviewUnitId: s.reviewUnit!.parentId,
      reReviewWindowDays: RE_REVIEW_WINDOW_DAYS,
    };
  return { kind: 'reReviewDecision', decision: args.decision, grounds, requestedAt: s.reReview!.receivedAt };
}

/** One draft at a time: the head approves or returns it before the next is drafted. */
export function refuseWhileDraftAwaits(s: PetitionState): void {
  if (s.draft)
    bad(
      `draft ${s.draft.draftNo} awaits the unit head's approval; it must be approved or returned first`,
      null,
      'case.draftAwaitingApproval',
      { kind: s.draft.kind, draftNo: s.draft.draftNo },
    );
}

/** Records the draft of this level: no document and no 文号 yet, the clock runs on until it is issued. */
export function submitDraft(ctx: Transition, level: DraftLevel, args: DraftState['args']): void {
  const s = ctx.state;
  const details =
    level === 'reply'
      ? replyNoticeDetails(s, args as { outcome: ReplyOutcome } & WrittenGrounds)
      : decisionNoticeDetails(s, level, args as { decision: ReviewDecision } & WrittenGrounds);
  s.draftsMade = (s.draftsMade ?? 0) + 1;
  const draft: DraftState = {
    draftNo: s.draftsMade,
    kind: DRAFT_KINDS[level],
    level,
    unitId: draftingUnitId(s, level),
    details,
    args: { ...args },
    draftedAt: ctx.now,
    draftedBy: ctx.actor?.userId ?? '',
  };
  s.draft = draft;
  ctx.event('draftSubmitted', {
    draftNo: draft.draftNo,
    kind: draft.kind,
    ...(args.outcome !== undefined ? { outcome: args.outcome } : { decision: args.decision }),
    unitId: draft.unitId,
  });
}

/** A 提级办理 moves the case to another unit: a draft of the unit that lost it is void. */
export function withdrawDraft(ctx: Transition, reason: 'takenOver'): void {
  const draft = ctx.state.draft;
  if (!draft) return;
  ctx.state.draft = null;
  ctx.event('draftWithdrawn', { draftNo: draft.draftNo, kind: draft.kind, reason });
}
