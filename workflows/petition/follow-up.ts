/** 回头看 checks after closure and after a 不满意 rating, relapse (反弹) reopening the case, and ratings. */
import { FOLLOW_UP_RESULTS, RATINGS, policyByVersion } from '../../libs/process/policy';
import type { FollowUpView } from '../../libs/process';
import { currentReplyKey } from '../../libs/process/replies';
import { startHandling } from './acceptance';
import { bad, requireOneOf, requireText, type Appliers, type ArgumentChecks } from './checks';
import { startClock, stopClockInstance } from './clocks';
import type { PetitionState } from './state';
import { responsible, type Transition } from './transition';

function openFollowUp(state: PetitionState): FollowUpView | undefined {
  return state.followUps.find((f) => f.status === 'open');
}

export function scheduleFollowUp(ctx: Transition, reason: FollowUpView['reason'], dueAt: number): FollowUpView {
  const followUp: FollowUpView = {
    key: `followUp#${ctx.state.followUps.length + 1}`,
    reason,
    dueAt,
    status: 'scheduled',
    clockKey: null,
    recordedAt: null,
  };
  ctx.state.followUps.push(followUp);
  ctx.event('followUpScheduled', { followUpKey: followUp.key, reason, dueAt });
  if (dueAt <= ctx.now) openFollowUpCheck(ctx, followUp);
  return followUp;
}

export function openFollowUpCheck(ctx: Transition, followUp: FollowUpView): void {
  const unitId = ctx.state.handlingUnit?.id ?? ctx.state.routingUnit.id;
  const clock = startClock(ctx, 'followUp', unitId, followUp.dueAt);
  followUp.status = 'open';
  followUp.clockKey = clock.key;
  ctx.event('followUpDue', { followUpKey: followUp.key, reason: followUp.reason }, clock.key);
}

/** 反弹: a follow-up found the problem back. Handling starts again; the case no longer counts as resolved first time. */

export function reopen(ctx: Transition, followUpSeq: number, followUpKey: string): void {
  const s = ctx.state;
  for (const clock of s.clocks) {
    if (clock.status === 'running' && policyByVersion(s.policyVersion).clocks[clock.id].kind === 'window')
      stopClockInstance(ctx, clock, 'reopened');
  }
  for (const followUp of s.followUps) if (followUp.status === 'scheduled') followUp.status = 'cancelled';
  s.final = false;
  s.closedAt = null;
  s.firstTimeResolution = false;
  s.reopenedCount += 1;
  s.reply = null;
  s.review = null;
  s.reReview = null;
  s.reviewUnit = null;
  s.reReviewUnit = null;
  ctx.ledger({
    rule: 'resolutionNotReal',
    unitId: s.handlingUnit!.id,
    ...responsible(ctx.handlingResponsible(s.handlingUnit!.id)),
    eventSeqs: [followUpSeq],
    discriminator: followUpKey,
    detail: { followUpKey },
  });
  ctx.event('reopened', { followUpKey, round: s.handlingRound + 1 });
  ctx.milestone('reopened', ctx.now);
  startHandling(ctx);
}

export const FOLLOW_UP_CHECKS: ArgumentChecks<'recordFollowUp' | 'rate'> = {
  recordFollowUp: (state, args) => {
    requireOneOf(args?.result, FOLLOW_UP_RESULTS, 'result');
    requireText(args.note, 'note');
    if (!openFollowUp(state)) bad('no follow-up check (回头看) is due', null, 'case.noFollowUpDue');
  },
  rate: (state, args) => {
    requireOneOf(args?.rating, RATINGS, 'rating');
    const replyKey = currentReplyKey(state.step, state.handlingRound);
    if (state.ratings.some((r) => r.replyKey === replyKey))
      bad('this reply was already rated; each reply is rated once', null, 'case.alreadyRated');
  },
};

export const FOLLOW_UP: Appliers<'recordFollowUp' | 'rate'> = {
  recordFollowUp: (ctx, args) => {
    const s = ctx.state;
    const followUp = openFollowUp(s)!;
    const clock = s.clocks.find((c) => c.key === followUp.clockKey)!;
    stopClockInstance(ctx, clock, 'recorded');
    followUp.status = args.result;
    followUp.recordedAt = ctx.now;
    const seq = ctx.event(
      'followUpRecorded',
      { followUpKey: followUp.key, result: args.result, note: args.note },
      clock.key,
    );
    ctx.milestone('followUpChecked', ctx.now, args.result);
    if (args.result === 'relapsed') reopen(ctx, seq, followUp.key);
  },
  rate: (ctx, args) => {
    const s = ctx.state;
    const replyKey = currentReplyKey(s.step, s.handlingRound);
    s.ratings.push({ replyKey, rating: args.rating, at: ctx.now });
    ctx.event('rated', { replyKey, rating: args.rating });
    ctx.milestone('rated', ctx.now, args.rating);
    if (args.rating === 'dissatisfied') scheduleFollowUp(ctx, 'dissatisfied', ctx.now);
  },
};
