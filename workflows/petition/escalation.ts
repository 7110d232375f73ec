/** The escalation ladder: what each rung of an overdue clock does (warnings, 督办, 挂牌, 提级), and to whom. */
import { policyByVersion, type AccountabilityRuleId, type RungId } from '../../libs/process/policy';
import type { EscalationEntry } from '../../libs/process';
import { lapseSupervisors } from '../../libs/process/lapse-supervision';
import type { ClockState } from './state';
import { openSupervision } from './supervision';
import { responsible, type Transition } from './transition';

export function fireRung(ctx: Transition, clock: ClockState, rung: RungId): void {
  const policy = policyByVersion(ctx.state.policyVersion);
  clock.firedRungs.push(rung);
  const seq = ctx.event('escalationRungFired', { clockId: clock.id, rung, dueAt: clock.dueAt }, clock.key);
  const rule = policy.escalationLadder.find((r) => r.id === rung)!;
  const unit = ctx.unitRef(clock.unitId);
  const offices = unit?.supervisingOffices ?? [];
  // Who supervises this lapse: never the unit itself (libs/process/lapse-supervision.ts). Cases
  // started before took the unit's own office first, so an office supervised its own lapse.
  const supervisors = ctx.state.accountableUnits
    ? lapseSupervisors(unit ?? { id: clock.unitId, supervisingOffices: [] })
    : { supervising: offices[0] ?? null, levelAbove: offices[1] ?? offices[0] ?? null };
  const recipients: EscalationEntry['recipients'] = [];
  // 包案: the case leader hears of every rung first.
  if (ctx.state.caseLeader) recipients.push({ kind: 'caseLeader', userId: ctx.state.caseLeader.userId });
  if (rule.recipient === 'handlingUnit') recipients.push({ kind: 'handlingUnit', unitId: clock.unitId });
  if (rule.recipient === 'supervisingOffice' && supervisors.supervising)
    recipients.push({ kind: 'supervisingOffice', unitId: supervisors.supervising });
  if (rule.recipient === 'levelAbove' && supervisors.levelAbove)
    recipients.push({ kind: 'levelAbove', unitId: supervisors.levelAbove });
  ctx.outbox.escalations.push({
    key: `${ctx.state.petitionId}:${clock.key}:${rung}`,
    clockKey: clock.key,
    clockId: clock.id,
    rung,
    at: ctx.recordedAt,
    dueAt: clock.dueAt!,
    unitId: clock.unitId,
    recipients,
  });
  const owed = ctx.responsibleFor(clock.unitId);
  const discriminator = `${clock.key}:${rung}`;
  /** The unit behind on this clock answers for the rung, once per clock and rung. */
  const recordRung = (rule: AccountabilityRuleId, detail: Record<string, unknown>) =>
    ctx.ledger({ rule, unitId: clock.unitId, ...responsible(owed), eventSeqs: [seq], discriminator, detail });
  if (rung === 'breach') {
    const overdue = policy.overdueRule[clock.id];
    if (overdue) recordRung(overdue, { clockId: clock.id, dueAt: clock.dueAt });
    // 督办 with a 30-day feedback clock; a missed feedback clock is recorded, not supervised again.
    if (clock.id !== 'supervisionFeedback' && supervisors.supervising)
      openSupervision(ctx, 'supervision', 'automatic', supervisors.supervising, clock.key, discriminator, clock.unitId);
  } else if (rung === 'listedSupervision') {
    recordRung('listedForSupervision', { clockId: clock.id, suggests: rule.suggests });
    const above = supervisors.levelAbove;
    if (above) {
      openSupervision(ctx, 'listed', 'automatic', above, clock.key, discriminator, clock.unitId);
      ctx.state.listedForSupervision ??= {
        byUnitId: above,
        at: ctx.recordedAt,
        reason: `${clock.id} overdue by 15 days`,
      };
    }
  } else if (rung === 'takeoverAvailable') {
    recordRung('takeoverAvailable', { clockId: clock.id, suggests: rule.suggests });
    const above = supervisors.levelAbove;
    if (above) openSupervision(ctx, 'takeoverAvailable', 'automatic', above, clock.key, discriminator, clock.unitId);
  }
}
