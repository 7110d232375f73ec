/** The passage of time: the next instant something is due, firing what fell due, and when a case is done. */
import { TERMINAL_STEPS, policyByVersion } from '../../libs/process/policy';
import { rungInstants } from './clocks';
import { lapseWindow } from './closure';
import { fireRung } from './escalation';
import { openFollowUpCheck } from './follow-up';
import type { Outbox, PetitionState } from './state';
import { Transition } from './transition';

/** The next instant at which something is due: a rung, a window lapsing, or a follow-up check. */
export function nextWakeAt(state: PetitionState): number | null {
  const policy = policyByVersion(state.policyVersion);
  let next: number | null = null;
  const consider = (at: number) => {
    if (next === null || at < next) next = at;
  };
  for (const clock of state.clocks) {
    if (clock.status !== 'running' || clock.dueAt === null) continue;
    if (policy.clocks[clock.id].kind === 'window') consider(clock.dueAt);
    else for (const r of rungInstants(clock, policy)) if (!clock.firedRungs.includes(r.rung)) consider(r.at);
  }
  for (const followUp of state.followUps) if (followUp.status === 'scheduled') consider(followUp.dueAt);
  return next;
}

/** Fires everything due at or before `now`, in instant order: rungs, lapsing windows, follow-ups falling due. */
export function advanceTime(state: PetitionState, now: number, outbox: Outbox): void {
  const policy = policyByVersion(state.policyVersion);
  for (;;) {
    let next: { at: number; fire: (ctx: Transition) => void } | null = null;
    const consider = (at: number, fire: (ctx: Transition) => void) => {
      if (at <= now && (next === null || at < next.at)) next = { at, fire };
    };
    for (const clock of state.clocks) {
      if (clock.status !== 'running' || clock.dueAt === null) continue;
      if (policy.clocks[clock.id].kind === 'window') consider(clock.dueAt, (ctx) => lapseWindow(ctx, clock));
      else {
        for (const r of rungInstants(clock, policy)) {
          if (!clock.firedRungs.includes(r.rung)) consider(r.at, (ctx) => fireRung(ctx, clock, r.rung));
        }
      }
    }
    for (const followUp of state.followUps) {
      if (followUp.status === 'scheduled') consider(followUp.dueAt, (ctx) => openFollowUpCheck(ctx, followUp));
    }
    if (next === null) break;
    const due: { at: number; fire: (ctx: Transition) => void } = next;
    due.fire(new Transition(state, outbox, due.at, null, null, now));
    state.revision += 1;
  }
}

/** Everything has happened that can: an ended case, or a closed one with no clock or follow-up left. */
export function isFinished(state: PetitionState): boolean {
  if (TERMINAL_STEPS.includes(state.step)) return true;
  return (
    state.step === 'closed' &&
    state.clocks.every((c) => c.status !== 'running') &&
    state.followUps.every((f) => f.status !== 'scheduled' && f.status !== 'open')
  );
}
