/** 转送 / 交办: routing a case to the unit that handles it, objecting to a misroute, reporting back. */
import { LEVELS_TOP_DOWN, policyByVersion } from '../../libs/process/policy';
import type { UnitRef } from '../../libs/process';
import { bad, knownUnit, requireDays, requireOneOf, requireText, type Appliers, type ArgumentChecks } from './checks';
import { runningClock, startClock, stopClock } from './clocks';
import { ActionRejected, type PetitionState } from './state';
import { responsible, type Transition } from './transition';

type RoutingAction =
  'route' | 'assign' | 'objectMisroute' | 'decideMisrouteObjection' | 'reportBack' | 'decideReportBack';

/** Objections go to the routing office for verification (Art 23): policy v2 on. */
function objectionsVerified(state: PetitionState): boolean {
  return policyByVersion(state.policyVersion).misrouteObjections.verifiedByRoutingOffice;
}

/**
 * The case goes back to the routing office for a fresh routing decision: the unit's acceptance
 * obligations end (not counted against it) and a new 15-day routing period starts.
 */
function returnForRerouting(ctx: Transition): void {
  const s = ctx.state;
  stopClock(ctx, 'acceptanceNotice', 'objected');
  stopClock(ctx, 'assignedReport', 'objected');
  s.handlingUnit = null;
  s.assignment = null;
  s.step = 'routing';
  ctx.milestone('returnedForRerouting', ctx.now);
  startClock(ctx, 'routing', s.routingUnit.id, ctx.now);
}

/**
 * The unit accepted or ended the case while its objection waited: the objection is withdrawn.
 * Only cases of policy v2 ever have one pending.
 */
export function withdrawPendingObjection(ctx: Transition): void {
  const pending = ctx.state.pendingObjection;
  if (!pending) return;
  ctx.state.pendingObjection = null;
  ctx.event('misrouteObjectionWithdrawn', { unitId: pending.unitId });
}

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
  // Who made the routing decision: answers for 推诿 if the office re-routes past the policy's threshold.
  if (objectionsVerified(s)) s.routedBy = ctx.actor?.userId ?? null;
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

export const ROUTING_CHECKS: ArgumentChecks<RoutingAction> = {
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
    if (state.pendingObjection) bad('the objection is already with the routing office', null, 'case.objectionPending');
  },
  decideMisrouteObjection: (state, args) => {
    if (args?.decision !== 'agreed' && args?.decision !== 'refused')
      bad('decision must be agreed or refused', 'args.decision', 'args.notOneOf', {
        field: 'decision',
        allowed: ['agreed', 'refused'],
      });
    // A refusal states its reasons to the unit (Art 23); an agreement may.
    if (args.decision === 'refused' || args.reasons !== undefined) requireText(args.reasons, 'reasons');
    if (!state.pendingObjection)
      bad('no objection to a misroute is waiting for verification', null, 'case.noObjectionPending');
  },
  reportBack: (state, args) => {
    requireText(args?.summary, 'summary');
    if (!state.assignment)
      bad('the case was not handed down (交办); there is nothing to report back', null, 'case.notHandedDown');
    if (state.assignment.reportedBackAt !== null) bad('the report-back was already filed', null, 'case.reportedBack');
  },
  decideReportBack: (state, args) => {
    requireOneOf(args?.decision, ['accepted', 'returned'] as const, 'decision');
    if (args.decision === 'returned' || args.comments !== undefined) requireText(args.comments, 'comments');
    if (!state.assignment || state.assignment.reportedBackAt === null || state.assignment.accepted)
      bad('no 交办 report-back is waiting for a decision', null, 'case.noReportBackToDecide');
  },
};

export const ROUTING: Appliers<RoutingAction> = {
  route: (ctx, args, units) => transferTo(ctx, knownUnit(units, args.unitId), null),
  assign: (ctx, args, units) => transferTo(ctx, knownUnit(units, args.unitId), args.reportBackDays),
  objectMisroute: (ctx, args) => {
    const s = ctx.state;
    if (objectionsVerified(s)) {
      // Filed in time: the window closes; the case stays with the unit, its clocks running, until
      // the routing office verifies the objection.
      stopClock(ctx, 'misrouteObjection', 'objected');
      ctx.event('misrouteObjected', {
        unitId: s.handlingUnit!.id,
        reasons: args.reasons,
        verifiedBy: s.routingUnit.id,
      });
      s.pendingObjection = {
        unitId: s.handlingUnit!.id,
        byUserId: ctx.actor?.userId ?? null,
        reasons: args.reasons,
        at: ctx.now,
      };
      return;
    }
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
  decideMisrouteObjection: (ctx, args) => {
    const s = ctx.state;
    const objection = s.pendingObjection!;
    s.pendingObjection = null;
    if (args.decision === 'refused') {
      const seq = ctx.event('misrouteObjectionRefused', {
        unitId: objection.unitId,
        reasons: args.reasons,
        byUnitId: ctx.actor?.unitId ?? null,
      });
      // 推诿: the unit objected to a case within its authority. The objector answers for it.
      ctx.ledger({
        rule: 'repeatedRerouting',
        unitId: objection.unitId,
        ...(objection.byUserId
          ? { responsibleUserId: objection.byUserId, responsibleBy: 'actor' as const }
          : responsible(ctx.responsibleFor(objection.unitId))),
        eventSeqs: [seq],
        discriminator: `objectionRefused:${seq}`,
        detail: { basis: 'objectionRefused', reasons: args.reasons ?? null },
      });
      return;
    }
    const seq = ctx.event('misrouteObjectionAgreed', {
      unitId: objection.unitId,
      reasons: args.reasons ?? null,
      byUnitId: ctx.actor?.unitId ?? null,
    });
    s.objectionsAgreed = (s.objectionsAgreed ?? 0) + 1;
    s.misrouteObjections += 1;
    const threshold = policyByVersion(s.policyVersion).misrouteObjections.reroutingThreshold;
    if (s.objectionsAgreed >= threshold) {
      // The office sent the case to a unit without authority again and again: 推诿 is its own.
      ctx.ledger({
        rule: 'repeatedRerouting',
        unitId: s.routingUnit.id,
        ...(s.routedBy
          ? { responsibleUserId: s.routedBy, responsibleBy: 'actor' as const }
          : responsible(ctx.responsibleFor(s.routingUnit.id))),
        eventSeqs: [seq],
        discriminator: `rerouting:${s.objectionsAgreed}`,
        detail: { basis: 'reroutingThreshold', reroutings: s.objectionsAgreed, threshold },
      });
    }
    returnForRerouting(ctx);
  },
  reportBack: (ctx, args) => {
    stopClock(ctx, 'assignedReport', 'reported');
    ctx.state.assignment!.reportedBackAt = ctx.now;
    ctx.event('reportedBack', { summary: args.summary });
  },
  decideReportBack: (ctx, args) => {
    const assignment = ctx.state.assignment!;
    ctx.event('reportBackDecided', {
      decision: args.decision,
      comments: args.comments ?? null,
      byUnitId: ctx.actor?.unitId ?? null,
    });
    if (args.decision === 'accepted') {
      assignment.accepted = true;
      return;
    }
    // Returned: the unit owes a new report within the days it was first given.
    assignment.reportedBackAt = null;
    startClock(ctx, 'assignedReport', ctx.state.handlingUnit!.id, ctx.now, assignment.reportBackDays);
  },
};
