/**
 * A campaign's rules as pure state transitions: validate an action against the campaign policy the
 * campaign was launched with, apply it, and emit timeline events and ledger records. No Temporal API
 * here; time (plan-step rungs, 回头看 checks, bulletins) is in campaign.time.ts.
 */
import { endOfShanghaiDay, isValidDate, shanghaiDateOf } from '../../libs/process/calendar';
import { campaignDefinitionProblem } from '../../libs/process/campaign-definition';
import {
  CAMPAIGN_CASE_STATUSES,
  CampaignActionName,
  CampaignPolicy,
  CURRENT_CAMPAIGN_POLICY,
  LEADER_LEVELS_TOP_DOWN,
  RESOLVED_STATUSES,
  campaignPolicyByVersion,
  petitionSettled,
  reportNeedsSettledPetition,
} from '../../libs/process/campaign-policy';
import { CampaignRefusal, actingUnitRefusal, caseStateRefusal } from '../../libs/process/campaign-case-actions';
import { FOLLOW_UP_RESULTS, RATINGS } from '../../libs/process/policy';
import type { ActionRequest } from '../../libs/process';
import { caseLeaderRefusal } from '../../libs/process/case-leaders';
import {
  MAX_REQUEST_ID_LENGTH,
  hasWellFormedRequestId,
  requestFingerprint,
  requestIdRefusal,
} from '../../libs/process/request-fingerprint';
import type { RefusalMessageKey, RefusalParams } from '../../libs/process/refusal';
import { MAX_STRIKE_OFF_EVIDENCE_FILES, type CampaignActionArgs, type CampaignCaseFacts } from './campaign.contract';
import { CampaignContext } from './campaign.context';
import { CampaignActionRejected, CampaignCaseState, CampaignState, DAY_MS, Outbox, findCase } from './campaign.model';

export { CampaignActionRejected, emptyOutbox, findCase } from './campaign.model';
export type { CampaignCaseState, CampaignState, Outbox, PlanStepState } from './campaign.model';
export { CampaignContext } from './campaign.context';
export { campaignView, caseView } from './campaign.view';

function bad(message: string, field: string | null, messageKey: RefusalMessageKey, params: RefusalParams = {}): never {
  throw new CampaignActionRejected('badArgument', message, field, messageKey, params);
}
/** `label` is how the message names the field, when it says more than its name. */
function requireOneOf(value: unknown, allowed: readonly string[], name: string): void {
  if (!allowed.includes(value as string))
    bad(`${name} must be one of ${allowed.join(', ')}`, `args.${name}`, 'args.notOneOf', {
      field: name,
      allowed: [...allowed],
    });
}
function requireText(value: unknown, name: string, max = 2000, label = name): asserts value is string {
  if (typeof value !== 'string' || value.trim().length === 0)
    bad(`${label} is required`, `args.${name}`, 'args.required', { field: name });
  if (value.length > max)
    bad(`${label} is longer than ${max} characters`, `args.${name}`, 'args.tooLong', { field: name, max });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The API resolved the files from the case's materials; only a forged update fails this. */
function evidenceFilesProblem(files: unknown): void {
  const problem = !Array.isArray(files)
    ? 'evidenceFiles must be a list'
    : files.length > MAX_STRIKE_OFF_EVIDENCE_FILES
      ? `at most ${MAX_STRIKE_OFF_EVIDENCE_FILES} evidence files`
      : files.some(
            (f: { materialId?: unknown; fileId?: unknown; sha256?: unknown } | null) =>
              !f ||
              typeof f.materialId !== 'string' ||
              !UUID.test(f.materialId) ||
              typeof f.fileId !== 'string' ||
              !UUID.test(f.fileId) ||
              typeof f.sha256 !== 'string' ||
              !/^[0-9a-f]{64}$/.test(f.sha256),
          )
        ? 'each evidence file is a materialId, a fileId and a lower-case hex SHA-256'
        : null;
  if (problem) bad(problem, 'args.evidenceFiles', 'campaign.evidenceFilesInvalid', { problem });
}

// ---------------------------------------------------------------------------------------------
// Launch

export function validateDefinition(
  args: CampaignActionArgs['createCampaign'],
  now: number,
  policy: CampaignPolicy = CURRENT_CAMPAIGN_POLICY,
): void {
  const problem = campaignDefinitionProblem(args, now, policy);
  if (problem) bad(problem, null, 'campaign.definitionInvalid', { problem });
}

export function launch(
  campaignId: string,
  request: ActionRequest<CampaignActionArgs['createCampaign']>,
  now: number,
  outbox: Outbox,
  policy: CampaignPolicy = CURRENT_CAMPAIGN_POLICY,
): CampaignState {
  const { office, ...definition } = request.args;
  const state: CampaignState = {
    campaignId,
    policyVersion: policy.version,
    name: definition.name,
    planRef: definition.planRef,
    office: { unitId: office.unitId, level: office.level, regionPath: office.regionPath },
    startDate: definition.startDate,
    targetDate: definition.targetDate,
    cadenceDays: definition.cadenceDays,
    rules: { ...definition.rules },
    status: 'active',
    createdAt: now,
    createdBy: request.actor.userId,
    createRequest: { requestId: request.requestId, args: JSON.stringify(request.args) },
    closedAt: null,
    closeReason: null,
    bulletinsIssued: 0,
    cases: [],
    appliedRequests: { [request.requestId]: 1 },
    appliedActions: { [request.requestId]: { action: 'createCampaign', fingerprint: '' } },
    revision: 1,
    eventSeq: 0,
  };
  new CampaignContext(state, outbox, now, request.actor, request.requestId).event('campaignLaunched', null, {
    ...definition,
    office: state.office,
    policyVersion: policy.version,
  });
  return state;
}

// ---------------------------------------------------------------------------------------------
// Actions

function activeCase(state: CampaignState, petitionId: unknown): CampaignCaseState {
  requireText(petitionId, 'petitionId', 100);
  const c = findCase(state, petitionId);
  if (!c || c.removed) bad('petitionId: the case is not in this campaign', 'args.petitionId', 'campaign.caseNotIn');
  return c;
}

const isResolved = (c: CampaignCaseState) => RESOLVED_STATUSES.includes(c.status);

/** Checks that need no I/O: run in the update validator and again before applying. */
export function validateAction<A extends CampaignActionName>(
  state: CampaignState | null,
  action: A,
  request: ActionRequest<CampaignActionArgs[A]>,
  now: number,
): void {
  if (!hasWellFormedRequestId(request)) {
    bad('requestId is required (at most 200 characters)', 'requestId', 'request.idRequired', {
      max: MAX_REQUEST_ID_LENGTH,
    });
  }
  const actor = request.actor;
  if (action === 'createCampaign') {
    const args = request.args as CampaignActionArgs['createCampaign'];
    if (state) {
      if (state.createRequest.requestId === request.requestId && state.createRequest.args === JSON.stringify(args))
        return;
      throw new CampaignActionRejected(
        'wrongStep',
        'this campaign was already launched (with other arguments): use a new Idempotency-Key for a new campaign',
        null,
        'campaign.alreadyLaunched',
      );
    }
    const policy = CURRENT_CAMPAIGN_POLICY;
    if (!actor || !policy.actions.createCampaign.roles.includes(actor.role))
      throw new CampaignActionRejected(
        'wrongRole',
        `only a supervisor may ${policy.actions.createCampaign.describe}`,
        null,
        'actor.wrongRole',
        { action, roles: [...policy.actions.createCampaign.roles], role: actor?.role ?? null },
      );
    validateDefinition(args, now, policy);
    if (actor.unitId !== args.office.unitId)
      throw new CampaignActionRejected(
        'wrongUnit',
        'a campaign is launched by a supervisor of its own petition office',
        null,
        'campaign.otherOffice',
      );
    return;
  }
  if (!state)
    throw new CampaignActionRejected('wrongStep', 'the campaign has not been launched', null, 'campaign.notLaunched');
  if (state.appliedRequests[request.requestId] !== undefined) return requireSameRequest(state, action, request); // a retry: answered with the current state
  if (state.status === 'closed')
    throw new CampaignActionRejected('wrongStep', 'the campaign is closed', null, 'campaign.closed');
  const policy = campaignPolicyByVersion(state.policyVersion);
  const rule = policy.actions[action];
  if (!actor || !rule.roles.includes(actor.role)) {
    throw new CampaignActionRejected(
      'wrongRole',
      `only ${rule.roles.join(' or ')} may ${rule.describe}; the actor is ${actor ? actor.role : 'missing'}`,
      null,
      'actor.wrongRole',
      { action, roles: [...rule.roles], role: actor?.role ?? null },
    );
  }
  const args = (request.args ?? {}) as Record<string, unknown>;
  if (typeof request.args !== 'object' || request.args === null)
    bad('args are required', 'args', 'args.required', { field: 'args' });
  const c = action === 'closeCampaign' || action === 'addCase' ? undefined : activeCase(state, args.petitionId);
  throwIf(actingUnitRefusal(state, rule.acting, actor, c, args.level, rule.describe));
  ARGUMENT_CHECKS[action](state, request.args, now, c as CampaignCaseState, policy);
  if (action === 'assignLeader' && request.leaderPlacement) {
    const level = (request.args as CampaignActionArgs['assignLeader']).level;
    const refusal = caseLeaderRefusal(request.leaderPlacement, {
      level,
      officesOverCase: c!.offices.map((o) => o.unitId),
      accusedUnitId: c!.accusedUnitId,
    });
    if (refusal)
      throw new CampaignActionRejected(
        refusal.code,
        refusal.message,
        'args.leaderUserId',
        refusal.messageKey,
        refusal.params,
      );
  }
}

/** A reused request id answers as a retry only for the same action, actor and arguments. */
export function requireSameRequest(
  state: CampaignState,
  action: CampaignActionName,
  request: ActionRequest<unknown>,
): void {
  const conflict = requestIdRefusal(
    state.appliedActions?.[request.requestId],
    action,
    requestFingerprint(action, request.actor, request.args),
  );
  if (conflict)
    throw new CampaignActionRejected(
      'idempotencyConflict',
      conflict.message,
      'requestId',
      conflict.messageKey,
      conflict.params,
    );
}

function throwIf(refusal: CampaignRefusal | null): void {
  if (refusal)
    throw new CampaignActionRejected(refusal.code, refusal.message, refusal.field, refusal.messageKey, refusal.params);
}

type ArgumentCheck<A extends CampaignActionName> = (
  state: CampaignState,
  args: CampaignActionArgs[A],
  now: number,
  c: CampaignCaseState,
  policy: CampaignPolicy,
) => void;

const ARGUMENT_CHECKS: { [A in CampaignActionName]: ArgumentCheck<A> } = {
  createCampaign: () => undefined,
  closeCampaign: (_s, args) => requireText(args.reason, 'reason'),
  addCase: (state, args, _now, _c, policy) => {
    requireText(args.petitionId, 'petitionId', 100);
    requireText(args.reason, 'reason');
    const existing = findCase(state, args.petitionId);
    if (existing && !existing.removed)
      bad('petitionId: the case is already in this campaign', 'args.petitionId', 'campaign.caseAlreadyIn');
    if (state.cases.filter((c) => !c.removed).length >= policy.maxCases)
      bad(`a campaign holds at most ${policy.maxCases} cases`, null, 'campaign.full', { max: policy.maxCases });
  },
  removeCase: (_s, args) => requireText(args.reason, 'reason'),
  assignLeader: (_s, args, _now, c, policy) => {
    if (!LEADER_LEVELS_TOP_DOWN.includes(args.level))
      bad(`level must be one of ${LEADER_LEVELS_TOP_DOWN.join(', ')}`, 'args.level', 'args.notOneOf', {
        field: 'level',
        allowed: [...LEADER_LEVELS_TOP_DOWN],
      });
    requireText(args.leaderUserId, 'leaderUserId', 100);
    if (LEADER_LEVELS_TOP_DOWN.indexOf(args.level) > LEADER_LEVELS_TOP_DOWN.indexOf(c.unitLevel)) {
      bad(
        `a ${args.level}-level leader cannot own a case of a ${c.unitLevel}-level unit: leaders are at the case's level or above`,
        'args.level',
        'campaign.leaderBelowCase',
        { level: args.level, caseLevel: c.unitLevel },
      );
    }
    const others = c.leaders.filter((l) => l.level !== args.level);
    if (others.some((l) => l.userId === args.leaderUserId))
      bad(
        'leaderUserId: this leader already leads the case at another level',
        'args.leaderUserId',
        'campaign.leaderAlreadyLeads',
      );
    if (others.length >= policy.maxLeadersPerCase)
      bad(`a case has leaders at no more than ${policy.maxLeadersPerCase} levels`, null, 'campaign.tooManyLeaders', {
        max: policy.maxLeadersPerCase,
      });
  },
  setResponsiblePerson: (_s, args) => requireText(args.personUserId, 'personUserId', 100),
  editPlan: (_s, args, now, c, policy) => {
    requireText(args.note, 'note');
    throwIf(caseStateRefusal(policy, 'editPlan', c));
    if (!Array.isArray(args.steps) || args.steps.length === 0 || args.steps.length > policy.maxPlanSteps)
      bad(`steps must list 1 to ${policy.maxPlanSteps} steps`, 'args.steps', 'campaign.stepCount', {
        min: 1,
        max: policy.maxPlanSteps,
      });
    const seen = new Set<string>();
    args.steps.forEach((step, i) => {
      if (!step || typeof step !== 'object')
        bad(`steps[${i}] must be a step`, `args.steps[${i}]`, 'campaign.notAStep', { index: i });
      requireText(step.title, `steps[${i}].title`, 200);
      requireText(step.ownerUserId, `steps[${i}].ownerUserId`, 100);
      if (!isValidDate(step.dueDate))
        bad(`steps[${i}].dueDate must be a date YYYY-MM-DD`, `args.steps[${i}].dueDate`, 'args.notDate', {
          field: `steps[${i}].dueDate`,
        });
      const kept = step.stepId === undefined ? undefined : c.plan.find((s) => s.stepId === step.stepId);
      if (step.stepId !== undefined && !kept)
        bad(`steps[${i}].stepId is not a step of this plan`, `args.steps[${i}].stepId`, 'campaign.unknownStep', {
          index: i,
        });
      if (kept && seen.has(kept.stepId))
        bad(`steps[${i}].stepId is listed twice`, `args.steps[${i}].stepId`, 'campaign.stepTwice', { index: i });
      if (kept) seen.add(kept.stepId);
      // A new or moved deadline is set from today on; an unchanged one may already be past.
      if ((!kept || kept.dueDate !== step.dueDate) && step.dueDate < shanghaiDateOf(now))
        bad(`steps[${i}].dueDate ${step.dueDate} is in the past`, `args.steps[${i}].dueDate`, 'args.inPast', {
          field: `steps[${i}].dueDate`,
          date: step.dueDate,
        }); // a date checked as YYYY-MM-DD above, not free text
    });
  },
  recordProgress: (_s, args, _now, c, policy) => {
    requireOneOf(args.status, CAMPAIGN_CASE_STATUSES, 'status');
    requireText(args.note, 'note');
    throwIf(caseStateRefusal(policy, 'recordProgress', c));
    if (args.stepsDone !== undefined) {
      if (!Array.isArray(args.stepsDone))
        bad('stepsDone must list step ids', 'args.stepsDone', 'campaign.stepsDoneNotList');
      for (const id of args.stepsDone) {
        const step = c.plan.find((s) => s.stepId === id);
        if (!step) bad('stepsDone: an id listed is not a step of this plan', 'args.stepsDone', 'campaign.unknownStep');
        if (step.doneAt !== null)
          bad(`stepsDone: step ${step.stepId} is already done`, 'args.stepsDone', 'campaign.stepDone', {
            stepId: step.stepId,
          });
      }
    }
  },
  recordFollowUpCheck: (_s, args, _now, c, policy) => {
    requireOneOf(args.result, FOLLOW_UP_RESULTS, 'result');
    requireText(args.note, 'note');
    throwIf(caseStateRefusal(policy, 'recordFollowUpCheck', c));
  },
  strikeOff: (_s, args, _now, c, policy) => {
    throwIf(caseStateRefusal(policy, 'strikeOff', c));
    requireText(
      args.documentRef,
      'documentRef',
      200,
      'documentRef (the evidence document: 化解协议, 终结备案 or 息诉罢访承诺)',
    );
    if (args.petitionerStatementRef !== undefined)
      requireText(args.petitionerStatementRef, 'petitionerStatementRef', 200);
    if (args.rating !== undefined && !RATINGS.includes(args.rating))
      bad(`rating must be one of ${RATINGS.join(', ')}`, 'args.rating', 'args.notOneOf', {
        field: 'rating',
        allowed: [...RATINGS],
      });
    if (policy.strikeOff.petitionerEvidenceFor.includes(c.status)) {
      const rated = args.rating !== undefined && policy.strikeOff.acceptedRatings.includes(args.rating);
      if (!args.petitionerStatementRef && !rated) {
        bad(
          `a case reported ${c.status} is struck off only with the petitioner's word: petitionerStatementRef, or a rating of ${policy.strikeOff.acceptedRatings.join(' or ')}`,
          'args.petitionerStatementRef',
          'campaign.petitionerWordNeeded',
          { status: c.status, ratings: [...policy.strikeOff.acceptedRatings] },
        );
      }
    }
    requireText(args.note, 'note');
    if (args.evidenceFiles !== undefined) evidenceFilesProblem(args.evidenceFiles);
  },
  reportRelapse: (_s, args, _now, c, policy) => {
    requireText(args.note, 'note');
    throwIf(caseStateRefusal(policy, 'reportRelapse', c));
  },
};

/** Applies a validated action. `facts` is the read-model lookup an addCase needs. Returns false for a repeated request. */
export function applyAction<A extends CampaignActionName>(
  state: CampaignState,
  action: A,
  request: ActionRequest<CampaignActionArgs[A]>,
  now: number,
  facts: CampaignCaseFacts | null,
  outbox: Outbox,
): boolean {
  if (state.appliedRequests[request.requestId] !== undefined) {
    requireSameRequest(state, action, request);
    return false;
  }
  validateAction(state, action, request, now);
  const ctx = new CampaignContext(state, outbox, now, request.actor, request.requestId);
  APPLY[action](ctx, request.args, facts);
  state.revision += 1;
  state.appliedRequests[request.requestId] = state.revision;
  state.appliedActions = state.appliedActions ?? {};
  state.appliedActions[request.requestId] = {
    action,
    fingerprint: requestFingerprint(action, request.actor, request.args),
  };
  return true;
}

/** The petition's step as the read model says now (v2 campaigns look it up before a report or a 销号), else as last read. */
function petitionStepNow(c: CampaignCaseState, facts: CampaignCaseFacts | null): CampaignCaseState['petitionStep'] {
  return facts && facts.petitionId === c.petitionId ? facts.step : c.petitionStep;
}

/** v2: a resolution is reported, and a case struck off, only once the petition itself is settled. */
function requireSettledPetition(step: CampaignCaseState['petitionStep'], field: string | null): void {
  if (!petitionSettled(step))
    bad(
      `the petition is not settled (its step is ${step ?? 'unknown'}): a case counts as resolved only once its reply is issued and delivered, or it is closed`,
      field,
      'campaign.petitionNotSettled',
      { step: step ?? null },
    );
}

type Apply<A extends CampaignActionName> = (
  ctx: CampaignContext,
  args: CampaignActionArgs[A],
  facts: CampaignCaseFacts | null,
) => void;

const APPLY: { [A in CampaignActionName]: Apply<A> } = {
  createCampaign: () => undefined,
  closeCampaign: (ctx, args) => {
    ctx.state.status = 'closed';
    ctx.state.closedAt = ctx.now;
    ctx.state.closeReason = args.reason;
    ctx.event('campaignClosed', null, { reason: args.reason });
  },
  addCase: (ctx, args, facts) => {
    if (!facts || facts.petitionId !== args.petitionId)
      bad(
        `petitionId: the petition is not a case in the campaign's region (${ctx.state.office.regionPath})`,
        'args.petitionId',
        'campaign.caseOutsideRegion',
        { regionPath: ctx.state.office.regionPath },
      );
    ctx.join(facts, { by: 'manual', userId: ctx.actor!.userId, reason: args.reason });
  },
  removeCase: (ctx, args) => {
    const c = findCase(ctx.state, args.petitionId)!;
    c.removed = { at: ctx.now, byUserId: ctx.actor!.userId, reason: args.reason };
    ctx.event('caseRemoved', c.petitionId, { reason: args.reason });
  },
  assignLeader: (ctx, args) => {
    const c = findCase(ctx.state, args.petitionId)!;
    const replaced = c.leaders.find((l) => l.level === args.level)?.userId ?? null;
    c.leaders = [
      ...c.leaders.filter((l) => l.level !== args.level),
      {
        level: args.level,
        userId: args.leaderUserId,
        assignedBy: ctx.actor!.userId,
        assignedByUnitId: ctx.actor!.unitId!,
        assignedAt: ctx.now,
      },
    ];
    // The leader closest to the case hears of an overdue step first, then each level up.
    c.leaders.sort((a, b) => LEADER_LEVELS_TOP_DOWN.indexOf(b.level) - LEADER_LEVELS_TOP_DOWN.indexOf(a.level));
    ctx.event('leaderAssigned', c.petitionId, { level: args.level, leaderUserId: args.leaderUserId, replaced });
  },
  setResponsiblePerson: (ctx, args) => {
    const c = findCase(ctx.state, args.petitionId)!;
    c.responsiblePersonId = args.personUserId;
    ctx.event('responsiblePersonSet', c.petitionId, { personUserId: args.personUserId, unitId: c.unitId });
  },
  editPlan: (ctx, args) => {
    const c = findCase(ctx.state, args.petitionId)!;
    const before = c.plan.map(({ stepId, title, dueDate, ownerUserId, doneAt }) => ({
      stepId,
      title,
      dueDate,
      ownerUserId,
      doneAt,
    }));
    c.plan = args.steps.map((input) => {
      const kept = input.stepId === undefined ? undefined : c.plan.find((s) => s.stepId === input.stepId);
      if (kept) {
        // A moved deadline is a new deadline: its rungs fire again from the new date.
        const moved = kept.dueDate !== input.dueDate;
        return {
          ...kept,
          title: input.title,
          ownerUserId: input.ownerUserId,
          dueDate: input.dueDate,
          dueAt: endOfShanghaiDay(input.dueDate),
          firedRungs: moved ? [] : kept.firedRungs,
          generation: moved ? kept.generation + 1 : kept.generation,
        };
      }
      c.nextStepNo += 1;
      return {
        stepId: `s${c.nextStepNo}`,
        title: input.title,
        dueDate: input.dueDate,
        dueAt: endOfShanghaiDay(input.dueDate),
        ownerUserId: input.ownerUserId,
        doneAt: null,
        firedRungs: [],
        generation: 1,
      };
    });
    ctx.event('planEdited', c.petitionId, {
      note: args.note,
      before,
      after: c.plan.map(({ stepId, title, dueDate, ownerUserId, doneAt }) => ({
        stepId,
        title,
        dueDate,
        ownerUserId,
        doneAt,
      })),
    });
  },
  recordProgress: (ctx, args, facts) => {
    const c = findCase(ctx.state, args.petitionId)!;
    const step = petitionStepNow(c, facts);
    if (reportNeedsSettledPetition(ctx.policy, args.status)) requireSettledPetition(step, 'args.status');
    c.petitionStep = step;
    for (const id of args.stepsDone ?? []) c.plan.find((s) => s.stepId === id)!.doneAt = ctx.now;
    const wasResolved = isResolved(c);
    c.status = args.status;
    c.statusNote = args.note;
    c.statusAt = ctx.now;
    ctx.event('progressRecorded', c.petitionId, {
      status: args.status,
      note: args.note,
      stepsDone: args.stepsDone ?? [],
    });
    if (isResolved(c) && !wasResolved) {
      const policy = campaignPolicyByVersion(ctx.state.policyVersion);
      c.followUp = {
        dueAt: ctx.now + policy.strikeOff.followUpAfterDays * DAY_MS,
        status: 'scheduled',
        recordedAt: null,
        note: null,
      };
      ctx.event('followUpScheduled', c.petitionId, { dueAt: c.followUp.dueAt });
    } else if (!isResolved(c)) c.followUp = null;
  },
  recordFollowUpCheck: (ctx, args) => {
    const c = findCase(ctx.state, args.petitionId)!;
    c.followUp = {
      ...c.followUp!,
      status: args.result === 'stable' ? 'passed' : 'relapsed',
      recordedAt: ctx.now,
      note: args.note,
    };
    const seq = ctx.event('followUpChecked', c.petitionId, { result: args.result, note: args.note });
    if (args.result === 'relapsed') ctx.relapse(c, 'followUp', args.note, seq);
  },
  strikeOff: (ctx, args, facts) => {
    const c = findCase(ctx.state, args.petitionId)!;
    const step = petitionStepNow(c, facts);
    if (ctx.policy.resolvedFrom === 'petitionState') requireSettledPetition(step, null);
    c.petitionStep = step;
    c.strikeOff = {
      at: ctx.now,
      byUserId: ctx.actor!.userId,
      documentRef: args.documentRef,
      petitionerStatementRef: args.petitionerStatementRef ?? null,
      rating: args.rating ?? null,
      note: args.note,
      // Only when named: a strike-off of an earlier history records exactly what it recorded then.
      ...(args.evidenceFiles?.length ? { evidenceFiles: args.evidenceFiles.map((f) => ({ ...f })) } : {}),
    };
    ctx.event('struckOff', c.petitionId, { ...c.strikeOff });
  },
  reportRelapse: (ctx, args) => {
    const c = findCase(ctx.state, args.petitionId)!;
    const seq = ctx.event('relapseReported', c.petitionId, { note: args.note });
    ctx.relapse(c, 'reported', args.note, seq);
  },
};
