/** 转送 / 交办: routing a case to the unit that handles it, objecting to a misroute, reporting back. */
import { LEVELS_TOP_DOWN } from '../../libs/process/policy';
import type { UnitRef } from '../../libs/process';
import { bad, knownUnit, requireDays, requireText, type Appliers, type ArgumentChecks } from './checks';
import { runningClock, startClock, stopClock } from './clocks';
import { ActionRejected, type PetitionState } from './state';
import type { Transition } from './transition';

/** An accusation (检举控告) never goes to the accused unit. */
export function checkTarget(state: PetitionState, unitId: unknown): void {
  requireText(unitId, 'unitId', 100);
  if (state.accusedUnitId && unitId === state.accusedUnitId) {
    throw new ActionRejected(
      'protectedParty',
      'an accusation (检举控告) is never routed to the accused unit; the attempt is recorded',
      'accusedPartyAccess',
      'args.unitId',
      'args.accusedUnit',
      { field: 'unitId' },
    );
  }
}

export function transferTo(ctx: Transition, unit: UnitRef, reportBackDays: number | null): void {
  const s = ctx.state;
  stopClock(ctx, 'routing', reportBackDays === null ? 'routed' : 'handedDown');
  s.handlingUnit = unit;
  s.step = 'acceptance';
  const self = unit.id === s.routingUnit.id;
  ctx.event(reportBackDays === null ? 'routed' : 'handedDown', {
    unitId: unit.id,
    reportBackDays,
    handledDirectly: self,
  });
  ctx.milestone(reportBackDays === null ? 'transferred' : 'handedDown', ctx.now);
  // A unit handling its own registration cannot have been misrouted to.
  if (!self) startClock(ctx, 'misrouteObjection', unit.id, ctx.now);
  startClock(ctx, 'acceptanceNotice', unit.id, ctx.now);
  if (reportBackDays !== null) {
    s.assignment = { reportBackDays, assignedAt: ctx.now, reportedBackAt: null };
    // 交办 by a higher level must have a case leader before it is accepted (DOMAIN §4).
    s.caseLeaderRequired = LEVELS_TOP_DOWN.indexOf(s.routingUnit.level) < LEVELS_TOP_DOWN.indexOf(unit.level);
    startClock(ctx, 'assignedReport', unit.id, ctx.now, reportBackDays);
  }
}

export const ROUTING_CHECKS: ArgumentChecks<'route' | 'assign' | 'objectMisroute' | 'reportBack'> = {
  route: (state, args) => checkTarget(state, args?.unitId),
  assign: (state, args) => {
    checkTarget(state, args?.unitId);
    requireDays(args.reportBackDays, 'reportBackDays', 1, 90);
  },
  objectMisroute: (state, args) => {
    requireText(args?.reasons, 'reasons');
    if (!runningClock(state, 'misrouteObjection')) {
      bad(
        'the 5-working-day objection period is over or the unit handles the case itself; a misroute can no longer be objected to',
        null,
        'case.objectionPeriodOver',
        { workingDays: 5 },
      );
    }
  },
  reportBack: (state, args) => {
    requireText(args?.summary, 'summary');
    if (!state.assignment)
      bad('the case was not handed down (交办); there is nothing to report back', null, 'case.notHandedDown');
    if (state.assignment.reportedBackAt !== null) bad('the report-back was already filed', null, 'case.reportedBack');
  },
};

export const ROUTING: Appliers<'route' | 'assign' | 'objectMisroute' | 'reportBack'> = {
  route: (ctx, args, units) => transferTo(ctx, knownUnit(units, args.unitId), null),
  assign: (ctx, args, units) => transferTo(ctx, knownUnit(units, args.unitId), args.reportBackDays),
  objectMisroute: (ctx, args) => {
    const s = ctx.state;
    stopClock(ctx, 'misrouteObjection', 'objected');
    stopClock(ctx, 'acceptanceNotice', 'objected');
    stopClock(ctx, 'assignedReport', 'objected');
    const seq = ctx.event('misrouteObjected', { unitId: s.handlingUnit!.id, reasons: args.reasons });
    s.misrouteObjections += 1;
    if (s.misrouteObjections >= 2) {
      ctx.ledger({
        rule: 'repeatedRerouting',
        unitId: s.handlingUnit!.id,
        responsibleUserId: ctx.actor?.userId ?? null,
        responsibleBy: 'actor',
        eventSeqs: [seq],
        discriminator: `objection:${s.misrouteObjections}`,
        detail: { objections: s.misrouteObjections },
      });
    }
    s.handlingUnit = null;
    s.assignment = null;
    s.step = 'routing';
    ctx.milestone('returnedForRerouting', ctx.now);
    startClock(ctx, 'routing', s.routingUnit.id, ctx.now);
  },
  reportBack: (ctx, args) => {
    stopClock(ctx, 'assignedReport', 'reported');
    ctx.state.assignment!.reportedBackAt = ctx.now;
    ctx.event('reportedBack', { summary: args.summary });
  },
};
