/** The passage of time: the next instant something is due, firing what fell due, and when a case is done. */
import { TERMINAL_STEPS, policyByVersion, type RungId } from '../../libs/process/policy';
import { rungInstants } from './clocks';
import { lapseWindow } from './closure';
import { fireRung } from './escalation';
import { openFollowUpCheck } from './follow-up';
import type { FollowUpView, UnitRef } from '../../libs/process';
import type { ClockState, Outbox, PetitionState } from './state';
import { Transition } from './transition';

/** Something the passage of time brings: a rung of a running clock, a window lapsing, a follow-up check falling due. */
type Due =
  | { at: number; kind: 'rung'; clock: ClockState; rung: RungId }
  | { at: number; kind: 'windowLapses'; clock: ClockState }
  | { at: number; kind: 'followUpDue'; followUp: FollowUpView };

/**
 * What falls due first. On a tie the first found wins: clocks in the case's order (a clock's rungs
 * in ladder order), then follow-ups. Replay depends on that order: keep it.
 */
function firstDue(state: PetitionState): Due | null {
  const policy = policyByVersion(state.policyVersion);
  let first: Due | null = null;
  const consider = (due: Due) => {
    if (first === null || due.at < first.at) first = due;
  };
  for (const clock of state.clocks) {
    if (clock.status !== 'running' || clock.dueAt === null) continue;
    if (policy.clocks[clock.id].kind === 'window') consider({ at: clock.dueAt, kind: 'windowLapses', clock });
    else {
      for (const r of rungInstants(clock, policy)) {
        if (!clock.firedRungs.includes(r.rung)) consider({ at: r.at, kind: 'rung', clock, rung: r.rung });
      }
    }
  }
  for (const followUp of state.followUps) {
    if (followUp.status === 'scheduled') consider({ at: followUp.dueAt, kind: 'followUpDue', followUp });
  }
  return first;
}

function fire(ctx: Transition, due: Due): void {
  if (due.kind === 'rung') fireRung(ctx, due.clock, due.rung);
  else if (due.kind === 'windowLapses') lapseWindow(ctx, due.clock);
  else openFollowUpCheck(ctx, due.followUp);
}

/** The next instant at which something is due: the workflow's timer waits for it. */
export function nextWakeAt(state: PetitionState): number | null {
  return firstDue(state)?.at ?? null;
}

/** Fires everything due at or before `now`, one at a time in instant order, each at its own instant. */
export function advanceTime(state: PetitionState, now: number, outbox: Outbox): void {
  for (let due = firstDue(state); due !== null && due.at <= now; due = firstDue(state)) {
    fire(new Transition(state, outbox, due.at, null, null, now), due);
    state.revision += 1;
  }
}

/** Rungs that put a record in the ledger: the unit's responsible person must be known when they fire. */
const RECORDED_RUNGS: readonly RungId[] = ['breach', 'listedSupervision', 'takeoverAvailable'];

/**
 * Units whose act lapses by `now` with nobody assigned (分办) to answer for it: the workflow asks
 * the unit directory for their person in charge as of the lapse before firing (a lapse at a window's
 * end may close a case and record against the handling unit too).
 */
export function unitsLapsingBy(state: PetitionState, now: number): string[] {
  const policy = policyByVersion(state.policyVersion);
  const units = new Set<string>();
  for (const clock of state.clocks) {
    if (clock.status !== 'running' || clock.dueAt === null) continue;
    if (policy.clocks[clock.id].kind === 'window') {
      if (clock.dueAt <= now && state.handlingUnit) units.add(state.handlingUnit.id);
      continue;
    }
    for (const r of rungInstants(clock, policy))
      if (r.at <= now && RECORDED_RUNGS.includes(r.rung) && !clock.firedRungs.includes(r.rung)) units.add(clock.unitId);
  }
  const assigned = new Set((state.handlers ?? []).map((h) => h.unitId));
  return [...units].filter((id) => !assigned.has(id)).sort();
}

/** The person in charge of each unit as the directory says now, onto the case's references to that unit. */
export function notePersonsInCharge(state: PetitionState, found: Record<string, UnitRef | null>): void {
  const refs = [state.routingUnit, state.handlingUnit, state.reviewUnit, state.reReviewUnit];
  for (const ref of [...refs, ...(state.takeovers ?? []).map((t) => t.fromUnit)]) {
    const now = ref ? found[ref.id] : null;
    if (ref && now) ref.personInChargeUserId = now.personInChargeUserId ?? null;
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
