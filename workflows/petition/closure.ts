/** When a reply becomes final: the 30-day request windows, their lapse, and closing the case (终结). */
import { policyByVersion, type ClockId, type Step } from '../../libs/process/policy';
import { startClock, stopClock } from './clocks';
import { scheduleFollowUp } from './follow-up';
import { DAY_MS, type ClockState } from './state';
import { responsible, type Transition } from './transition';

export function openWindow(ctx: Transition, step: Step, clockId: ClockId, from: number): void {
  ctx.state.step = step;
  startClock(ctx, clockId, ctx.state.handlingUnit!.id, from);
}

export function lapseWindow(ctx: Transition, clock: ClockState): void {
  clock.status = 'lapsed';
  clock.stoppedAt = ctx.now;
  clock.stopReason = 'lapsed';
  ctx.event('clockLapsed', { clockId: clock.id }, clock.key);
  if (clock.id === 'reviewRequestWindow')
    closeCase(ctx, ctx.now, 'no review was requested within 30 days: the reply is final');
  else if (clock.id === 'reReviewRequestWindow')
    closeCase(ctx, ctx.now, 'no re-review was requested within 30 days: the review reply is final');
}

/** The reply is final: the case leader's clock stops, and the 回头看 checks are scheduled. */
export function closeCase(ctx: Transition, at: number, why: string): void {
  const s = ctx.state;
  s.step = 'closed';
  s.final = true;
  s.closedAt = at;
  const seq = ctx.event('closed', { why, finalAt: at });
  ctx.milestone('final', at);
  stopClock(ctx, 'leaderResolution', 'resolved');
  if (s.reply?.outcome === 'supported' && s.reply.implementationConfirmedAt === null) {
    ctx.ledger({
      rule: 'supportedReplyNotImplemented',
      unitId: s.handlingUnit!.id,
      ...responsible(ctx.handlingResponsible(s.handlingUnit!.id)),
      eventSeqs: [seq],
      discriminator: `round:${s.handlingRound}`,
      detail: s.reply.document
        ? { documentId: s.reply.document.documentId, number: s.reply.document.number }
        : { documentRef: s.reply.documentRef },
    });
  }
  for (const offset of policyByVersion(s.policyVersion).followUpOffsetsDays)
    scheduleFollowUp(ctx, 'scheduled', at + offset * DAY_MS);
}
