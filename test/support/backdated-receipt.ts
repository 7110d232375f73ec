/**
 * Statutory clocks end at 24:00, but their warning rungs fall a fraction of the way through the
 * period: a receipt backdated to the right instant puts a case's 70% warning of the routing clock
 * at any chosen instant. Used by the fault tests (a timer due while Temporal is down) and the
 * benchmark (a thousand timers due at once).
 */
import { shanghaiDateOf } from '../../libs/process/calendar';
import { computeDeadline, fractionInstant } from '../../libs/process/deadline';
import { CLOCKS } from '../../libs/process/policy';

const DAY_MS = 86_400_000;

/** A receipt instant whose routing clock's rung at `fraction` (0.7: warning70) falls exactly at `targetAt`. */
export function receivedAtForRoutingRung(targetAt: number, fraction = 0.7): { receivedAt: number; dueAt: number } {
  const rule = CLOCKS.routing;
  for (let daysBack = 1; daysBack <= 40; daysBack++) {
    const probe = targetAt - daysBack * DAY_MS;
    const dueAt = computeDeadline({ unit: rule.unit, rollForward: rule.rollForward }, probe, rule.lengthDays!).dueAt;
    const estimate = Math.round((targetAt - fraction * dueAt) / (1 - fraction));
    for (let delta = -3; delta <= 3; delta++) {
      const receivedAt = estimate + delta;
      if (shanghaiDateOf(receivedAt) !== shanghaiDateOf(probe)) continue;
      if (computeDeadline({ unit: rule.unit, rollForward: rule.rollForward }, receivedAt, rule.lengthDays!).dueAt !== dueAt) continue;
      if (fractionInstant(receivedAt, dueAt, fraction) === targetAt) return { receivedAt, dueAt };
    }
  }
  throw new Error(`no receipt instant puts the routing clock's ${fraction} rung at ${new Date(targetAt).toISOString()}`);
}
