/** The escalation ladder: what each rung of an overdue clock does (warnings, 督办, 挂牌, 提级), and to whom. */
import { policyByVersion, type AccountabilityRuleId, type RungId } from '../../libs/process/policy';
import type { EscalationEntry } from '../../libs/process';
import type { ClockState } from './state';
import { openSupervision } from './supervision';
import type { Transition } from './transition';

export function fireRung(ctx: Transition, clock: ClockState, rung: RungId): void {
  const policy = policyByVersion(ctx.state.policyVersion);
  clock.firedRungs.push(rung);
  const seq = ctx.event('escalationRungFired', { clockId: clock.id, rung, dueAt: clock.dueAt }, clock.key);
  const rule = policy.escalationLadder.find((r) => r.id === rung)!;
  const unit = ctx.unitRef(clock.unitId);
  const offices = unit?.supervisingOffices ?? [];
  const recipients: EscalationEntry['recipients'] = [];
  // 包案: the case leader hears of every rung first.
  if (ctx.state.caseLeader) recipients.push({ kind: 'caseLeader', userId: ctx.state.caseLeader.userId });
  if (rule.recipient === 'handlingUnit') recipients.push({ kind: 'handlingUnit', unitId: clock.unitId });
  if (rule.recipient === 'supervisingOffice' && offices[0])
    recipients.push({ kind: 'supervisingOffice', unitId: offices[0] });
  if (rule.recipient === 'levelAbove' && (offices[1] ?? offices[0]))
    recipients.push({ kind: 'levelAbove', unitId: offices[1] ?? offices[0] });
  ctx.outbox.escalations.push({
    key: `${ctx.state.petitionId}:${clock.key}:${rung}`,
    clockKey: clock.key,
    clockId: clock.id,
    rung,
    at: ctx.now,
    dueAt: clock.dueAt!,
    unitId: clock.unitId,
    recipients,
  });
  const responsible = ctx.responsibleFor(clock.unitId);
  const discriminator = `${clock.key}:${rung}`;
  /** The unit behind on this clock answers for the rung, once per clock and rung. */
  const recordRung = (rule: AccountabilityRuleId, detail: Record<string, unknown>) =>
    ctx.ledger({ rule, unitId: clock.unitId, responsibleUserId: responsible, eventSeqs: [seq], discriminator, detail });
  if (rung === 'breach') {
    const overdue = policy.overdueRule[clock.id];
    if (overdue) recordRung(overdue, { clockId: clock.id, dueAt: clock.dueAt });
    // 督办 with a 30-day feedback clock; a missed feedback clock is recorded, not supervised again.
    if (clock.id !== 'supervisionFeedback' && offices[0])
      openSupervision(ctx, 'supervision', 'automatic', offices[0], clock.key, discriminator);
  } else if (rung === 'listedSupervision') {
    recordRung('listedForSupervision', { clockId: clock.id, suggests: rule.suggests });
    const above = offices[1] ?? offices[0];
    if (above) {
      openSupervision(ctx, 'listed', 'automatic', above, clock.key, discriminator);
      ctx.state.listedForSupervision ??= { byUnitId: above, at: ctx.now, reason: `${clock.id} overdue by 15 days` };
    }
  } else if (rung === 'takeoverAvailable') {
    recordRung('takeoverAvailable', { clockId: clock.id, suggests: rule.suggests });
    const above = offices[1] ?? offices[0];
    if (above) openSupervision(ctx, 'takeoverAvailable', 'automatic', above, clock.key, discriminator);
  }
}
