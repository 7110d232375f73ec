/**
 * What happens to a campaign with the passage of time, as pure functions of its state: overdue plan
 * steps climbing the case's leaders, 回头看 checks falling due, bulletins on the cadence (调度/通报),
 * and the cases the rules select on each cadence joining by themselves (动态交办).
 */
import { addDays, startOfShanghaiDay } from '../../libs/process/calendar';
import { BulletinCaseFacts, computeBulletin } from '../../libs/process/campaign-bulletin';
import { RESOLVED_STATUSES, campaignPolicyByVersion, petitionSettled } from '../../libs/process/campaign-policy';
import type { CampaignEscalation, SelectionResult } from './campaign.contract';
import { CampaignContext } from './campaign.context';
import { CampaignCaseState, CampaignState, DAY_MS, Outbox, PlanStepState, findCase } from './campaign.model';

const HOUR_MS = 3_600_000;

/** Cases that count: in the campaign and not removed. */
export function activeCases(state: CampaignState): CampaignCaseState[] {
  return state.cases.filter((c) => !c.removed);
}

/** The instant of scheduled bulletin `n` (1-based): the cadence's day at the policy's hour, Asia/Shanghai. */
export function bulletinInstant(state: CampaignState, n: number): number {
  const policy = campaignPolicyByVersion(state.policyVersion);
  return startOfShanghaiDay(addDays(state.startDate, n * state.cadenceDays)) + policy.bulletinHourShanghai * HOUR_MS;
}

/** The next scheduled bulletin of an active campaign. */
export function nextBulletinAt(state: CampaignState): number | null {
  return state.status === 'active' ? bulletinInstant(state, state.bulletinsIssued + 1) : null;
}

/** Rungs of a plan step still to fire: only while the step is open in a live case of an active campaign. */
function pendingRungs(
  state: CampaignState,
  c: CampaignCaseState,
  step: PlanStepState,
): { id: string; at: number; leaderRank: number }[] {
  if (state.status !== 'active' || c.removed || c.strikeOff || step.doneAt !== null) return [];
  const policy = campaignPolicyByVersion(state.policyVersion);
  return policy.planStepLadder
    .filter((r) => !step.firedRungs.includes(r.id))
    .map((r) => ({ id: r.id, at: step.dueAt + r.daysAfterDue * DAY_MS, leaderRank: r.leaderRank }));
}

/** The next instant something is due: a rung, a 回头看 check, or a bulletin. */
export function nextWakeAt(state: CampaignState): number | null {
  let next = nextBulletinAt(state);
  const consider = (at: number) => {
    if (next === null || at < next) next = at;
  };
  for (const c of state.cases) {
    for (const step of c.plan) for (const r of pendingRungs(state, c, step)) consider(r.at);
    if (c.followUp?.status === 'scheduled' && !c.removed && state.status === 'active') consider(c.followUp.dueAt);
  }
  return next;
}

/** Fires every rung and check due at or before `now`, in instant order (bulletins are the workflow's, after selection). */
export function advanceTime(state: CampaignState, now: number, outbox: Outbox): void {
  for (;;) {
    let next: { at: number; fire: (ctx: CampaignContext) => void } | null = null;
    const consider = (at: number, fire: (ctx: CampaignContext) => void) => {
      if (at <= now && (next === null || at < next.at)) next = { at, fire };
    };
    for (const c of state.cases) {
      for (const step of c.plan)
        for (const r of pendingRungs(state, c, step))
          consider(r.at, (ctx) => fireStepRung(ctx, c, step, r.id, r.leaderRank));
      if (c.followUp?.status === 'scheduled' && !c.removed && state.status === 'active') {
        const followUp = c.followUp;
        consider(followUp.dueAt, (ctx) => {
          followUp.status = 'open';
          ctx.event('followUpDue', c.petitionId, { dueAt: followUp.dueAt, unitId: c.unitId });
        });
      }
    }
    if (next === null) break;
    const due: { at: number; fire: (ctx: CampaignContext) => void } = next;
    due.fire(new CampaignContext(state, outbox, due.at, null, null));
    state.revision += 1;
  }
}

/** An overdue plan step reaches the case's leaders one level at a time; the first rung is a ledger record. */
function fireStepRung(
  ctx: CampaignContext,
  c: CampaignCaseState,
  step: PlanStepState,
  rung: string,
  leaderRank: number,
): void {
  step.firedRungs.push(rung);
  const leader = c.leaders[leaderRank - 1];
  const recipients: CampaignEscalation['recipients'] = leader
    ? [{ kind: 'caseLeader', userId: leader.userId, level: leader.level }]
    : [{ kind: 'campaignOffice', unitId: ctx.state.office.unitId }];
  const seq = ctx.event('planStepEscalated', c.petitionId, {
    stepId: step.stepId,
    rung,
    dueAt: step.dueAt,
    recipients,
  });
  const clockKey = `campaignPlanStep:${ctx.state.campaignId}:${step.stepId}#${step.generation}`;
  ctx.escalation({
    key: `campaign:${ctx.state.campaignId}:${c.petitionId}:${step.stepId}#${step.generation}:${rung}`,
    petitionId: c.petitionId,
    clockKey,
    clockId: 'campaignPlanStep',
    rung,
    at: ctx.now,
    dueAt: step.dueAt,
    unitId: c.unitId,
    recipients,
  });
  if (leaderRank === 1) {
    ctx.ledger({
      rule: 'campaignPlanStepOverdue',
      petitionId: c.petitionId,
      unitId: c.unitId,
      responsibleUserId: step.ownerUserId,
      responsibleBy: 'namedByCampaign',
      eventSeqs: [seq],
      discriminator: `${c.petitionId}:${step.stepId}#${step.generation}`,
      detail: {
        stepId: step.stepId,
        title: step.title,
        dueDate: step.dueDate,
      },
    });
  }
}

/** Cases reported resolved or struck off: a later reopening or repeat petition is a relapse. */
function resolvedCaseIds(state: CampaignState): Set<string> {
  return new Set(
    activeCases(state)
      .filter((c) => c.strikeOff || RESOLVED_STATUSES.includes(c.status))
      .map((c) => c.petitionId),
  );
}

/** Every live case is watched, so the reopen count each was last seen with stays current. */
export function watchedCaseIds(state: CampaignState): string[] {
  return activeCases(state).map((c) => c.petitionId);
}

/**
 * 动态交办: newly qualifying cases join with their reasons; a case removed by the office does not
 * come back by rule. A resolved or struck-off case whose petition was reopened, or that a new repeat
 * petition names, returns to the campaign (反弹).
 */
export function joinSelected(state: CampaignState, result: SelectionResult, now: number, outbox: Outbox): void {
  if (state.status !== 'active') return;
  const policy = campaignPolicyByVersion(state.policyVersion);
  const ctx = new CampaignContext(state, outbox, now, null, null);
  const before = state.eventSeq;
  const watching = resolvedCaseIds(state);
  for (const facts of result.watched) {
    const c = findCase(state, facts.petitionId);
    if (!c) continue;
    if (watching.has(c.petitionId) && facts.reopenedCount > c.reopenedCountSeen) {
      const seq = ctx.event('relapseDetected', c.petitionId, {
        source: 'petitionReopened',
        reopenedCount: facts.reopenedCount,
      });
      ctx.relapse(c, 'petitionReopened', 'the petition was reopened after a follow-up found the problem back', seq, {
        reopenedCount: facts.reopenedCount,
      });
      watching.delete(c.petitionId);
    }
    c.reopenedCountSeen = facts.reopenedCount;
    c.petitionStep = facts.step;
  }
  for (const selected of result.selected) {
    for (const earlierId of selected.repeatOf) {
      const earlier = findCase(state, earlierId);
      // Only a petition received after the case was reported resolved says the resolution did not hold.
      if (earlier && watching.has(earlierId) && selected.receivedAt > (earlier.statusAt ?? Infinity)) {
        const seq = ctx.event('relapseDetected', earlierId, {
          source: 'repeatPetition',
          repeatPetitionId: selected.petitionId,
        });
        ctx.relapse(
          earlier,
          'repeatPetition',
          `the petitioner came back: repeat petition ${selected.petitionId}`,
          seq,
          { repeatPetitionId: selected.petitionId },
        );
        watching.delete(earlierId);
      }
    }
    if (findCase(state, selected.petitionId)) continue;
    if (activeCases(state).length >= policy.maxCases) {
      ctx.event('selectionCapped', null, { maxCases: policy.maxCases, skipped: selected.petitionId });
      break;
    }
    ctx.join(selected, { by: 'rule', reasons: selected.reasons });
  }
  if (state.eventSeq !== before) state.revision += 1;
}

/** A bulletin at `at` from the cases as they stand; laggards get an 约谈 suggestion in the ledger. */
export function issueBulletin(state: CampaignState, at: number, kind: 'scheduled' | 'final', outbox: Outbox): void {
  const policy = campaignPolicyByVersion(state.policyVersion);
  const ctx = new CampaignContext(state, outbox, at, null, null);
  const facts: BulletinCaseFacts[] = activeCases(state).map((c) => ({
    petitionId: c.petitionId,
    unitId: c.unitId,
    leaderUserIds: c.leaders.map((l) => l.userId),
    status: c.status,
    struckOff: c.strikeOff !== null,
    petitionSettled: petitionSettled(c.petitionStep),
    overdueSteps: c.plan.filter((s) => s.doneAt === null && at > s.dueAt).length,
  }));
  const figures = computeBulletin(policy, state, facts, at);
  state.bulletinsIssued += 1;
  const bulletinNo = state.bulletinsIssued;
  const seq = ctx.event('bulletinIssued', null, {
    bulletinNo,
    kind,
    inScope: figures.totals.inScope,
    resolved: figures.totals.resolved,
    laggards: figures.units.filter((u) => u.verdict === 'laggard').map((u) => u.subjectId),
    praised: figures.units.filter((u) => u.verdict === 'praise').map((u) => u.subjectId),
  });
  ctx.bulletin({ bulletinNo, kind, figures });
  for (const unit of figures.units.filter((u) => u.verdict === 'laggard')) {
    ctx.ledger({
      rule: 'campaignLaggard',
      petitionId: null,
      unitId: unit.subjectId,
      // The campaign knows the unit, not its people: its person in charge answers, filled in when the
      // record is written (libs/persistence/accountability-ledger.ts).
      responsibleUserId: null,
      responsibleBy: 'personInCharge',
      eventSeqs: [seq],
      discriminator: `bulletin#${bulletinNo}:${unit.subjectId}`,
      detail: {
        bulletinNo,
        asOf: at,
        rate: unit.rate,
        expectedRate: figures.expectedRate,
        inScope: unit.inScope,
        resolved: unit.resolved,
        overdueSteps: unit.overdueSteps,
      },
      bulletinNo,
    });
  }
  state.revision += 1;
}
