/** 办理: extending the handling period, the written reply, its implementation and its delivery. */
import { isProvisionalBasis } from '../../libs/process/calendar';
import { shanghaiDateOf } from '../../libs/process/calendar';
import { REPLY_OUTCOMES, policyByVersion } from '../../libs/process/policy';
import {
  bad,
  requireDays,
  requireInstant,
  requireOneOf,
  requireText,
  type Appliers,
  type ArgumentChecks,
} from './checks';
import {
  DELIVERY_METHODS,
  DELIVERY_SIGNERS,
  SIGNERS_BY_METHOD,
  deliverySignerProblem,
  type DeliveryMethod,
  type DeliveryRecord,
} from '../../libs/process/delivery';
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

/**
 * The delivery event names the document delivered (cases without written notices have none), and,
 * where given, how it was delivered and who signed the 送达回证.
 */
function deliveryData(args: ActionArgs['recordDelivery']): Record<string, unknown> {
  return {
    deliveredAt: args.deliveredAt,
    ...(args.documentId === undefined ? {} : { documentId: args.documentId }),
    ...(args.method === undefined ? {} : { method: args.method, signedBy: args.signedBy ?? null }),
    ...(args.receiptFileId === undefined ? {} : { receiptFileId: args.receiptFileId }),
  };
}

/** A case that records deliveries: the method, and the signer the method calls for. */
function checkDeliveryRecord(args: ActionArgs['recordDelivery']): void {
  if (!DELIVERY_METHODS.includes(args.method as DeliveryMethod))
    bad(`method must be one of ${DELIVERY_METHODS.join(', ')}`, 'args.method', 'args.notOneOf', {
      field: 'method',
      allowed: [...DELIVERY_METHODS],
    });
  if (args.signedBy !== undefined && args.signedBy !== null && !DELIVERY_SIGNERS.includes(args.signedBy))
    bad(`signedBy must be one of ${DELIVERY_SIGNERS.join(', ')}`, 'args.signedBy', 'args.notOneOf', {
      field: 'signedBy',
      allowed: [...DELIVERY_SIGNERS],
    });
  const problem = deliverySignerProblem(args.method!, args.signedBy);
  if (problem === 'noSigner')
    bad(`a ${args.method} delivery has no signature on its receipt`, 'args.signedBy', 'args.deliveryNoSigner', {
      field: 'signedBy',
      method: args.method!,
    });
  if (problem)
    bad(
      `a ${args.method} delivery is signed by ${SIGNERS_BY_METHOD[args.method!].join(' or ')}`,
      'args.signedBy',
      'args.deliverySigner',
      { field: 'signedBy', method: args.method!, allowedSigners: [...SIGNERS_BY_METHOD[args.method!]] },
    );
}

/** What was delivered, for the case's list of deliveries. */
function deliveredKind(step: PetitionState['step']): DeliveryRecord['of'] {
  return step === 'replyIssued' ? 'reply' : step === 'reviewDecided' ? 'reviewDecision' : 'reReviewDecision';
}

export const HANDLING_CHECKS: ArgumentChecks<
  'extendHandling' | 'issueReply' | 'confirmImplementation' | 'recordDelivery'
> = {
  extendHandling: (state, args, now) => {
    const policy = policyByVersion(state.policyVersion);
    if (state.extensionsUsed >= policy.maxHandlingExtensions) {
      throw new ActionRejected(
        'badArgument',
        'the handling period was already extended once; a second extension is not allowed (Art 34 of the 2022 regulation); the attempt is recorded',
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
    requireOneOf(args?.outcome, REPLY_OUTCOMES, 'outcome');
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
    if (state.deliveryRecords) checkDeliveryRecord(args);
    // Not before the document was issued, to the minute (the finest a 送达回证 records);
    // cases started before checked the day only (a receipt dated the day of issue, at any hour).
    if (
      state.deliveryRecords
        ? args.deliveredAt < Math.floor(issuedAt / 60_000) * 60_000
        : shanghaiDateOf(args.deliveredAt) < shanghaiDateOf(issuedAt)
    )
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
    if (s.deliveryRecords) {
      s.deliveries = s.deliveries ?? [];
      s.deliveries.push({
        of: deliveredKind(s.step),
        documentId: args.documentId ?? null,
        method: args.method!,
        deliveredAt: args.deliveredAt,
        signedBy: args.signedBy ?? null,
        ...(args.receiptFileId === undefined ? {} : { receiptFileId: args.receiptFileId }),
        recordedAt: ctx.now,
      });
    }
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
