/** 办理: extending the handling period, the written reply, its implementation and its delivery. */
import { isProvisionalBasis } from '../../libs/process/calendar';
import { shanghaiDateOf } from '../../libs/process/calendar';
import { REPLY_OUTCOMES, policyByVersion } from '../../libs/process/policy';
import { bad, requireDays, requireInstant, requireText, type Appliers, type ArgumentChecks } from './checks';
import { reproject, runningClock, stopClock } from './clocks';
import { closeCase, openWindow } from './closure';
import { refuseWhileDraftAwaits, replyNoticeDetails, submitDraft } from './drafts';
import { checkDeliveredDocument, checkGrounds, groundsOf, requestNotice, type LegacyDocumentArgs } from './notices';
import { ActionRejected, type PetitionState } from './state';
import type { Transition } from './transition';
import type { ActionArgs } from '../../libs/process';

function deliverableIssuedAt(state: PetitionState): number {
  switch (state.step) {
    case 'replyIssued':
      return state.reply!.issuedAt;
    case 'reviewDecided':
      return state.review!.decidedAt!;
    default:
      return state.reReview!.decidedAt!;
  }
}

/** The delivery event names the document delivered (cases without written notices have none). */
function deliveryData(args: { deliveredAt: number; documentId?: string }): Record<string, unknown> {
  return args.documentId === undefined
    ? { deliveredAt: args.deliveredAt }
    : { deliveredAt: args.deliveredAt, documentId: args.documentId };
}

export const HANDLING_CHECKS: ArgumentChecks<
  'extendHandling' | 'issueReply' | 'confirmImplementation' | 'recordDelivery'
> = {
  extendHandling: (state, args, now) => {
    const policy = policyByVersion(state.policyVersion);
    if (state.extensionsUsed >= policy.maxHandlingExtensions) {
      throw new ActionRejected(
        'badArgument',
        'the handling period was already extended once; a second extension is not allowed (Art 33); the attempt is recorded',
        'secondExtensionAttempt',
        null,
        'case.secondExtension',
        { maxExtensions: policy.maxHandlingExtensions },
      );
    }
    requireDays(args?.days, 'days', 1, policy.maxHandlingExtensionDays);
    requireText(args.reason, 'reason');
    const handling = runningClock(state, 'handling');
    if (!handling || handling.dueAt === null || now >= handling.dueAt)
      bad(
        'the handling period has already ended; it can only be extended before it ends',
        null,
        'case.handlingPeriodEnded',
      );
  },
  issueReply: (state, args) => {
    if (!REPLY_OUTCOMES.includes(args?.outcome))
      bad(`outcome must be one of ${REPLY_OUTCOMES.join(', ')}`, 'args.outcome', 'args.notOneOf', {
        field: 'outcome',
        allowed: [...REPLY_OUTCOMES],
      });
    checkGrounds(state, args);
    refuseWhileDraftAwaits(state);
  },
  confirmImplementation: (state) => {
    if (state.reply?.outcome !== 'supported')
      bad('only a supported (支持) reply is carried out and confirmed', null, 'case.replyNotSupported');
    if (state.reply.implementationConfirmedAt !== null)
      bad('implementation was already confirmed', null, 'case.implementationConfirmed');
  },
  recordDelivery: (state, args, now) => {
    requireInstant(args?.deliveredAt, 'deliveredAt');
    const issuedAt = deliverableIssuedAt(state);
    if (shanghaiDateOf(args.deliveredAt) < shanghaiDateOf(issuedAt))
      bad('deliveredAt is before the reply was issued', 'args.deliveredAt', 'args.beforeReplyIssued', {
        field: 'deliveredAt',
      });
    if (args.deliveredAt > now)
      bad('deliveredAt is in the future', 'args.deliveredAt', 'args.inFuture', { field: 'deliveredAt' });
    checkDeliveredDocument(state, args.documentId);
  },
};

/**
 * Issues the 处理意见书 now: the handling clock stops (the period is met on issue, 第三十四条), the
 * 文号 is taken by the notice. On a case with 签发 this runs when the head approves the draft.
 */
export function issueReplyNow(ctx: Transition, args: ActionArgs['issueReply']): void {
  const s = ctx.state;
  stopClock(ctx, 'handling', 'replied');
  s.step = 'replyIssued';
  if (!s.writtenNotices) {
    const { documentRef } = args as LegacyDocumentArgs;
    s.reply = {
      outcome: args.outcome,
      documentRef,
      issuedAt: ctx.now,
      deliveredAt: null,
      implementationConfirmedAt: null,
    };
    ctx.event('replyIssued', { outcome: args.outcome, documentRef, round: s.handlingRound });
    ctx.milestone('replied', ctx.now, args.outcome);
    return;
  }
  s.reply = {
    outcome: args.outcome,
    grounds: groundsOf(args),
    document: null,
    issuedAt: ctx.now,
    deliveredAt: null,
    implementationConfirmedAt: null,
  };
  const seq = ctx.event('replyIssued', { outcome: args.outcome, round: s.handlingRound });
  ctx.milestone('replied', ctx.now, args.outcome);
  const unit = s.handlingUnit!;
  requestNotice(ctx, seq, unit.id, replyNoticeDetails(s, args), 'reply');
}

export const HANDLING: Appliers<'extendHandling' | 'issueReply' | 'confirmImplementation' | 'recordDelivery'> = {
  extendHandling: (ctx, args) => {
    const clock = runningClock(ctx.state, 'handling')!;
    ctx.state.extensionsUsed += 1;
    // The pending rungs (warnings, breach, …) are derived from the due instant, so they move with it.
    reproject(ctx, clock, clock.lengthDays + args.days, clock.excludedDays);
    const seq = ctx.event(
      'handlingExtended',
      { days: args.days, reason: args.reason, newDueAt: clock.dueAt, newLastDay: clock.lastDay },
      clock.key,
    );
    ctx.milestone('extended', ctx.now, args.reason);
    requestNotice(ctx, seq, clock.unitId, {
      kind: 'extensionNotice',
      days: args.days,
      reason: args.reason,
      newLastDay: clock.lastDay!,
      ...(isProvisionalBasis(clock.calendarBasis) ? { provisional: true } : {}),
    });
  },
  // On a case with 签发 the handler's reply is a draft for the unit head (approvals.ts).
  issueReply: (ctx, args) => (ctx.state.approvals ? submitDraft(ctx, 'reply', args) : issueReplyNow(ctx, args)),
  confirmImplementation: (ctx, args) => {
    ctx.state.reply!.implementationConfirmedAt = ctx.now;
    ctx.event('implementationConfirmed', { note: args?.note ?? null });
  },
  recordDelivery: (ctx, args) => {
    const s = ctx.state;
    if (s.step === 'replyIssued') {
      s.reply!.deliveredAt = args.deliveredAt;
      ctx.event('replyDelivered', deliveryData(args));
      ctx.milestone('replyDelivered', args.deliveredAt);
      if (s.handlingUnit!.parentId) openWindow(ctx, 'reviewWindow', 'reviewRequestWindow', args.deliveredAt);
      else closeCase(ctx, args.deliveredAt, 'the handling unit has no level above: the reply is final on delivery');
    } else if (s.step === 'reviewDecided') {
      s.review!.deliveredAt = args.deliveredAt;
      ctx.event('reviewReplyDelivered', deliveryData(args));
      ctx.milestone('reviewReplyDelivered', args.deliveredAt);
      if (s.reviewUnit!.parentId) openWindow(ctx, 'reReviewWindow', 'reReviewRequestWindow', args.deliveredAt);
      else
        closeCase(
          ctx,
          args.deliveredAt,
          'the reviewing unit has no level above: the review reply is final on delivery',
        );
    } else {
      s.reReview!.deliveredAt = args.deliveredAt;
      ctx.event('reReviewReplyDelivered', deliveryData(args));
      ctx.milestone('reReviewReplyDelivered', args.deliveredAt);
      closeCase(ctx, args.deliveredAt, 're-review decided: the matter is final (终结)');
    }
  },
};
