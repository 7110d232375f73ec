/** 受理: accepting a case (which starts handling) or ending it without handling (不予受理, 不再受理, 导入其他程序). */
import { isProvisionalBasis } from '../../libs/process/calendar';
import { REDIRECT_PROCEDURES, TERMINAL_STEPS, type Step } from '../../libs/process/policy';
import type { MilestoneType } from '../../libs/process';
import { bad, requireOneOf, requireText, type Appliers, type ArgumentChecks } from './checks';
import { runningClock, startClock, stopAcceptanceClocks } from './clocks';
import { requestNotice } from './notices';
import { withdrawPendingObjection } from './routing';
import type { Transition } from './transition';

/** A new handling round with its own 60-day clock and extension allowance. */
export function startHandling(ctx: Transition): void {
  ctx.state.step = 'handling';
  ctx.state.handlingRound += 1;
  ctx.state.extensionsUsed = 0;
  startClock(ctx, 'handling', ctx.state.handlingUnit!.id, ctx.now);
}

/** A case ended without handling: acceptance stops and the case is in a terminal step. */
export function endCase(
  ctx: Transition,
  step: Step,
  milestone: MilestoneType,
  data: Record<string, unknown>,
  publicDetail?: string,
): number {
  if (!TERMINAL_STEPS.includes(step)) throw new Error(`${step} is not a terminal step`);
  withdrawPendingObjection(ctx);
  stopAcceptanceClocks(ctx, milestone);
  ctx.state.step = step;
  const seq = ctx.event(milestone, data);
  ctx.milestone(milestone, ctx.now, publicDetail);
  return seq;
}

export const ACCEPTANCE_CHECKS: ArgumentChecks<'accept' | 'decline' | 'notAcceptedAgain' | 'redirect'> = {
  accept: (state) => {
    if (state.caseLeaderRequired && !state.caseLeader) {
      bad(
        'a case handed down (交办) by a higher level needs a case leader (包案) before it is accepted: assign one first',
        null,
        'case.caseLeaderRequired',
      );
    }
  },
  decline: (_s, args) => requireText(args?.reason, 'reason'),
  notAcceptedAgain: (_s, args) => requireText(args?.earlierPetitionId, 'earlierPetitionId', 100),
  redirect: (state, args) => {
    if (state.category !== 'appeal')
      bad('only an appeal/request (申诉求决) is guided into another legal procedure', null, 'case.redirectOnlyAppeal');
    requireOneOf(args?.procedure, REDIRECT_PROCEDURES, 'procedure');
  },
};

export const ACCEPTANCE: Appliers<'accept' | 'decline' | 'notAcceptedAgain' | 'redirect'> = {
  accept: (ctx) => {
    withdrawPendingObjection(ctx);
    ctx.state.acceptedBy = ctx.actor?.userId ?? null;
    stopAcceptanceClocks(ctx, 'accepted');
    const seq = ctx.event('accepted', {});
    ctx.milestone('accepted', ctx.now);
    startHandling(ctx);
    const handling = runningClock(ctx.state, 'handling')!;
    requestNotice(ctx, seq, handling.unitId, {
      kind: 'acceptanceNotice',
      handlingDays: handling.lengthDays,
      handlingLastDay: handling.lastDay!,
      // Only when so: requests of earlier cases are unchanged.
      ...(isProvisionalBasis(handling.calendarBasis) ? { provisional: true } : {}),
    });
  },
  decline: (ctx, args) => {
    const unitId = ctx.state.handlingUnit!.id;
    const seq = endCase(ctx, 'endedDeclined', 'declined', { reason: args.reason }, args.reason);
    requestNotice(ctx, seq, unitId, { kind: 'declineNotice', reason: args.reason });
  },
  notAcceptedAgain: (ctx, args) => {
    const unitId = ctx.state.handlingUnit!.id;
    const seq = endCase(ctx, 'endedNotAcceptedAgain', 'notAcceptedAgain', {
      earlierPetitionId: args.earlierPetitionId,
    });
    requestNotice(ctx, seq, unitId, { kind: 'notAcceptedAgainNotice', earlierPetitionId: args.earlierPetitionId });
  },
  redirect: (ctx, args) => {
    const unitId = ctx.state.handlingUnit!.id;
    const seq = endCase(
      ctx,
      'endedRedirected',
      'redirected',
      { procedure: args.procedure, note: args.note ?? null },
      args.procedure,
    );
    requestNotice(ctx, seq, unitId, { kind: 'redirectNotice', procedure: args.procedure, note: args.note ?? null });
  },
};
