/** Statutory clocks: start, stop, re-project on a new length or calendar, and the instants of their rungs. */
import type { ClockId, ProcessPolicy, RungId } from '../../libs/process/policy';
import { policyByVersion } from '../../libs/process/policy';
import { computeDeadline, fractionInstant } from '../../libs/process/deadline';
import { DAY_MS, type ClockState, type PetitionState } from './state';
import type { Transition } from './transition';

export function runningClock(state: PetitionState, id: ClockId): ClockState | undefined {
  return state.clocks.find((c) => c.id === id && c.status === 'running');
}

export function startClock(
  ctx: Transition,
  id: ClockId,
  unitId: string,
  startedAt: number,
  lengthDays?: number,
): ClockState {
  const policy = policyByVersion(ctx.state.policyVersion);
  const rule = policy.clocks[id];
  const length = lengthDays ?? rule.lengthDays;
  if (length === null) throw new Error(`clock ${id} needs a length set for this case`);
  const generation = ctx.state.clocks.filter((c) => c.id === id).length + 1;
  const clock: ClockState = {
    key: `${id}#${generation}`,
    id,
    generation,
    unitId,
    status: 'running',
    startedAt,
    lengthDays: length,
    excludedDays: 0,
    hearingOpenSince: null,
    dueAt: null,
    lastDay: null,
    rolledForward: false,
    calendarBasis: 'official',
    calendarVersion: ctx.state.calendarVersion,
    stoppedAt: null,
    stopReason: null,
    firedRungs: [],
  };
  ctx.state.clocks.push(clock);
  reproject(ctx, clock, length, 0);
  ctx.event(
    'clockStarted',
    {
      clockId: id,
      startedAt,
      lengthDays: length,
      unit: rule.unit,
      dueAt: clock.dueAt,
      lastDay: clock.lastDay,
      calendarBasis: clock.calendarBasis,
    },
    clock.key,
  );
  return clock;
}

export function reproject(ctx: Transition, clock: ClockState, lengthDays: number, excludedDays: number): void {
  const rule = policyByVersion(ctx.state.policyVersion).clocks[clock.id];
  const computed = computeDeadline(
    { unit: rule.unit, rollForward: rule.rollForward },
    clock.startedAt,
    lengthDays,
    excludedDays,
    ctx.state.calendarVersion,
  );
  clock.lengthDays = lengthDays;
  clock.excludedDays = excludedDays;
  clock.dueAt = computed.dueAt;
  clock.lastDay = computed.lastDay;
  clock.rolledForward = computed.rolledForward;
  clock.calendarBasis = computed.calendarBasis;
  clock.calendarVersion = computed.calendarVersion;
}

export function stopClock(ctx: Transition, id: ClockId, reason: string): void {
  const clock = runningClock(ctx.state, id);
  if (clock) stopClockInstance(ctx, clock, reason);
}

export function stopClockInstance(ctx: Transition, clock: ClockState, reason: string): void {
  clock.status = 'stopped';
  clock.stoppedAt = ctx.now;
  clock.stopReason = reason;
  ctx.event(
    'clockStopped',
    { clockId: clock.id, reason, overdue: clock.dueAt !== null && ctx.now > clock.dueAt },
    clock.key,
  );
}

/** Acceptance ends (accepted, declined, objected to): its notice and objection clocks stop. */
export function stopAcceptanceClocks(ctx: Transition, reason: string): void {
  stopClock(ctx, 'acceptanceNotice', reason);
  stopClock(ctx, 'misrouteObjection', reason);
}

/** The instants a rung of this clock is due, from its current due instant. */
export function rungInstants(clock: ClockState, policy: ProcessPolicy): { rung: RungId; at: number }[] {
  if (clock.dueAt === null || clock.status !== 'running') return [];
  if (policy.clocks[clock.id].kind === 'window') return [];
  const dueAt = clock.dueAt;
  return policy.escalationLadder.map((rule) => ({
    rung: rule.id,
    at:
      'fractionOfPeriod' in rule.at
        ? fractionInstant(clock.startedAt, dueAt, rule.at.fractionOfPeriod)
        : dueAt + rule.at.daysAfterDue * DAY_MS,
  }));
}
