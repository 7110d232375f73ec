/** 督办, 挂牌督办 and 提级办理 by the supervising petition offices; case leaders (包案); urgent reports. */
import type { SupervisionTask, UnitRef } from '../../libs/process';
import { policyByVersion, type TakeoverRule } from '../../libs/process/policy';
import { caseLeaderRefusal, type LeaderPlacement } from '../../libs/process/case-leaders';
import { bad, knownUnit, requireDays, requireText, type Appliers, type ArgumentChecks } from './checks';
import { runningClock, startClock, stopClock, stopClockInstance } from './clocks';
import { withdrawDraft } from './drafts';
import { ActionRejected, type PetitionState } from './state';
import { CATCH_UP_THRESHOLD_MS, type Transition } from './transition';

/** 包案: a leader over the case at its level, never one of the accused unit (an attempt at that is evidence). */
export function checkCaseLeader(state: PetitionState, leader: LeaderPlacement): void {
  const caseUnit = state.handlingUnit ?? state.routingUnit;
  const refusal = caseLeaderRefusal(leader, {
    level: caseUnit.level,
    officesOverCase: caseUnit.supervisingOffices,
    accusedUnitId: state.accusedUnitId,
  });
  if (refusal)
    throw new ActionRejected(
      refusal.code,
      refusal.message,
      refusal.code === 'protectedParty' ? 'accusedPartyAccess' : null,
      'args.leaderUserId',
      refusal.messageKey,
      refusal.params,
    );
}

export function openSupervision(
  ctx: Transition,
  kind: SupervisionTask['kind'],
  source: SupervisionTask['source'],
  supervisingUnitId: string,
  clockKey: string | null,
  discriminator: string,
  /** The unit whose clock lapsed: it owes the feedback (cases started before: the unit holding the case). */
  lapsedUnitId: string | null = null,
): void {
  const holding = ctx.state.handlingUnit?.id ?? ctx.state.routingUnit.id;
  const supervisedUnitId = ctx.state.accountableUnits ? (lapsedUnitId ?? holding) : holding;
  // The unit owes feedback within 30 days of learning of the 督办, never of an instant already past.
  // A timer fires a moment after its instant; only a real catch-up (over a minute late) moves the start.
  const feedbackFrom = ctx.catchingUpAt - ctx.now > CATCH_UP_THRESHOLD_MS ? ctx.catchingUpAt : ctx.now;
  const feedback =
    kind === 'supervision' ? startClock(ctx, 'supervisionFeedback', supervisedUnitId, feedbackFrom) : null;
  ctx.state.supervisionTasks.push({
    key: `${ctx.state.petitionId}:${kind}:${discriminator}`,
    kind,
    source,
    supervisingUnitId,
    supervisedUnitId,
    clockKey,
    // Opened when the service opened it: a rung caught up on at registration opens its 督办 then.
    openedAt: ctx.recordedAt,
    status: 'open',
    feedbackClockKey: feedback?.key ?? null,
    closedAt: null,
  });
}

/** The 督办 whose feedback was given and waits for the asking office's decision. */
function answeredTask(state: PetitionState): PetitionState['supervisionTasks'][number] | undefined {
  return state.supervisionTasks.find((t) => t.kind === 'supervision' && t.status === 'answered');
}

/** The feedback clock of the 督办 owed now (libs/process/lapse-supervision.ts `feedbackOwedBy`). */
export function owedFeedbackClock(state: PetitionState) {
  const running = state.clocks.filter((c) => c.id === 'supervisionFeedback' && c.status === 'running');
  const keys = running.map((c) => c.key);
  const task = state.supervisionTasks.find(
    (t) =>
      t.kind === 'supervision' &&
      t.status === 'open' &&
      t.feedbackClockKey !== null &&
      keys.includes(t.feedbackClockKey),
  );
  return task ? running.find((c) => c.key === task.feedbackClockKey) : running[0];
}

/** The actions of supervision and oversight (督办, 挂牌, 提级, 包案, urgent reports). */
type SupervisionAction =
  | 'reportUrgent'
  | 'assignCaseLeader'
  | 'issueSupervision'
  | 'recordSupervisionFeedback'
  | 'decideSupervisionFeedback'
  | 'listForSupervision'
  | 'unlistFromSupervision'
  | 'takeOver';

export const SUPERVISION_CHECKS: ArgumentChecks<SupervisionAction> = {
  reportUrgent: (state, args) => {
    requireText(args?.reportedToUnitId, 'reportedToUnitId', 100);
    if (!runningClock(state, 'urgentReport'))
      bad('the case is not urgent, or it was already reported up', null, 'case.noUrgentReportDue');
  },
  assignCaseLeader: (_s, args) => {
    requireText(args?.leaderUserId, 'leaderUserId', 100);
    requireDays(args.resolutionDays, 'resolutionDays', 1, 365);
  },
  issueSupervision: (state, args) => {
    requireText(args?.instructions, 'instructions');
    if (!state.handlingUnit)
      bad('the case has no handling unit yet; supervise its routing office instead', null, 'case.noHandlingUnit');
  },
  recordSupervisionFeedback: (state, args) => {
    requireText(args?.feedback, 'feedback');
    if (!runningClock(state, 'supervisionFeedback'))
      bad('no 督办 is waiting for feedback', null, 'case.noSupervisionPending');
  },
  decideSupervisionFeedback: (state, args) => {
    if (args?.decision !== 'accepted' && args?.decision !== 'returned')
      bad('decision must be accepted or returned', 'args.decision', 'args.notOneOf', {
        field: 'decision',
        allowed: ['accepted', 'returned'],
      });
    if (args.decision === 'returned') requireText(args.comments, 'comments');
    else if (args.comments !== undefined) requireText(args.comments, 'comments');
    if (!answeredTask(state)) bad('no 督办 feedback is waiting for a decision', null, 'case.noFeedbackToDecide');
  },
  // The level above alone may list, unlist and take over: libs/process/who-may-act.ts, checked before these.
  listForSupervision: (state, args) => {
    requireText(args?.reason, 'reason');
    if (state.listedForSupervision) bad('the case is already listed for supervision', null, 'case.alreadyListed');
  },
  unlistFromSupervision: (state, args) => {
    requireText(args?.reason, 'reason');
    if (!state.listedForSupervision) bad('the case is not listed for supervision', null, 'case.notListed');
  },
  takeOver: (state, args) => {
    requireText(args?.reason, 'reason');
    if (!state.handlingUnit?.parentId)
      bad('the handling unit has no level above to take the case over', null, 'case.noLevelAbove');
    const available = state.clocks.some((c) => c.status === 'running' && c.firedRungs.includes('takeoverAvailable'));
    if (!available)
      bad(
        '提级办理 becomes available 30 days after a deadline was missed; no clock of this case is that far overdue',
        null,
        'case.takeOverNotYet',
        { days: 30 },
      );
  },
};

export const SUPERVISION: Appliers<SupervisionAction> = {
  reportUrgent: (ctx, args) => {
    stopClock(ctx, 'urgentReport', 'reported');
    ctx.event('urgentReported', { reportedToUnitId: args.reportedToUnitId, note: args.note ?? null });
  },
  assignCaseLeader: (ctx, args) => {
    const s = ctx.state;
    stopClock(ctx, 'leaderResolution', 'leaderReassigned');
    s.caseLeader = { userId: args.leaderUserId, assignedAt: ctx.now };
    ctx.event('caseLeaderAssigned', { leaderUserId: args.leaderUserId, resolutionDays: args.resolutionDays });
    startClock(ctx, 'leaderResolution', s.handlingUnit?.id ?? s.routingUnit.id, ctx.now, args.resolutionDays);
  },
  issueSupervision: (ctx, args) => {
    const seq = ctx.event('supervisionIssued', {
      instructions: args.instructions,
      byUnitId: ctx.actor?.unitId ?? null,
    });
    openSupervision(ctx, 'supervision', 'manual', ctx.actor!.unitId!, null, `manual:${seq}`);
  },
  recordSupervisionFeedback: (ctx, args) => {
    const clock = ctx.state.accountableUnits
      ? owedFeedbackClock(ctx.state)!
      : runningClock(ctx.state, 'supervisionFeedback')!;
    stopClockInstance(ctx, clock, 'feedbackGiven');
    const task = ctx.state.supervisionTasks.find((t) => t.feedbackClockKey === clock.key);
    if (task) task.status = 'answered';
    ctx.event('supervisionFeedbackRecorded', { feedback: args.feedback, taskKey: task?.key ?? null }, clock.key);
  },
  decideSupervisionFeedback: (ctx, args) => {
    const task = answeredTask(ctx.state)!;
    const returned = args.decision === 'returned';
    ctx.event('supervisionFeedbackDecided', {
      decision: args.decision,
      comments: args.comments ?? null,
      taskKey: task.key,
      byUnitId: ctx.actor?.unitId ?? null,
      supervisedUnitId: task.supervisedUnitId,
    });
    if (returned) {
      // Returned: the unit that lapsed owes a new written feedback, within a fresh period.
      task.status = 'open';
      task.feedbackClockKey = startClock(ctx, 'supervisionFeedback', task.supervisedUnitId, ctx.now).key;
    } else {
      task.status = 'closed';
      task.closedAt = ctx.now;
    }
  },
  listForSupervision: (ctx, args) => {
    const seq = ctx.event('listedForSupervision', { reason: args.reason, byUnitId: ctx.actor!.unitId });
    ctx.state.listedForSupervision = { byUnitId: ctx.actor!.unitId!, at: ctx.now, reason: args.reason };
    openSupervision(ctx, 'listed', 'manual', ctx.actor!.unitId!, null, `manual:${seq}`);
  },
  unlistFromSupervision: (ctx, args) => {
    ctx.state.listedForSupervision = null;
    for (const task of ctx.state.supervisionTasks) {
      if (task.kind === 'listed' && task.status !== 'closed') {
        task.status = 'closed';
        task.closedAt = ctx.now;
      }
    }
    ctx.event('unlistedFromSupervision', { reason: args.reason, byUnitId: ctx.actor!.unitId });
  },
  takeOver: (ctx, args, units) => {
    const s = ctx.state;
    const from = s.handlingUnit!;
    const to = knownUnit(units, from.parentId!, null);
    const rule = policyByVersion(s.policyVersion).takeover;
    if (rule) return takeOverKeepingRecords(ctx, rule, from, to, args.reason);
    s.handlingUnit = to;
    // The case keeps its clocks and history: the obligations now rest on the unit that took it over.
    for (const clock of s.clocks) if (clock.status === 'running' && clock.unitId === from.id) clock.unitId = to.id;
    for (const task of s.supervisionTasks) {
      if (task.kind === 'takeoverAvailable' && task.status !== 'closed') {
        task.status = 'closed';
        task.closedAt = ctx.now;
      }
    }
    ctx.event('takenOver', { fromUnitId: from.id, toUnitId: to.id, reason: args.reason, byUnitId: ctx.actor!.unitId });
    withdrawDraft(ctx, 'takenOver');
  },
};

/**
 * 提级办理 that keeps each unit's record (DOMAIN §4; policy v2): the original unit's clocks stop
 * (reason `takenOver`) with their breaches and rungs as they fired, so its lapses stay in its
 * ledger and figures; the 督办 feedback it owes on its own lapse stays owed by it. The unit above
 * starts the step's statutory period afresh (the policy's TakeoverRule) with its own rungs.
 */
function takeOverKeepingRecords(ctx: Transition, rule: TakeoverRule, from: UnitRef, to: UnitRef, reason: string): void {
  const s = ctx.state;
  for (const clock of s.clocks) {
    if (clock.status === 'running' && clock.unitId === from.id && clock.id !== 'supervisionFeedback')
      stopClockInstance(ctx, clock, 'takenOver');
  }
  for (const task of s.supervisionTasks) {
    if (task.kind === 'takeoverAvailable' && task.status !== 'closed') {
      task.status = 'closed';
      task.closedAt = ctx.now;
    }
  }
  s.takeovers = [
    ...(s.takeovers ?? []),
    { fromUnit: from, toUnitId: to.id, at: ctx.now, byUnitId: ctx.actor?.unitId ?? null },
  ];
  s.handlingUnit = to;
  // A 交办's report-back was owed to the office that handed the case down, by the unit it went to.
  s.assignment = null;
  s.caseLeaderRequired = false;
  const fresh = rule.freshPeriods[s.step];
  ctx.event('takenOver', {
    fromUnitId: from.id,
    toUnitId: to.id,
    reason,
    byUnitId: ctx.actor!.unitId,
    freshClock: fresh?.clock ?? null,
  });
  // A fresh handling period comes with its own one extension.
  if (fresh?.clock === 'handling') s.extensionsUsed = 0;
  const clock = fresh ? startClock(ctx, fresh.clock, to.id, ctx.now, fresh.lengthDays) : null;
  s.milestones.push({
    type: 'takenOver',
    at: ctx.now,
    unitId: to.id,
    ...(clock?.lastDay ? { lastDay: clock.lastDay } : {}),
  });
}
