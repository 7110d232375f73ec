/** Staff actions: who may take which in which step (the policy), then each concern's checks and effects. */
import type { ActionName } from '../../libs/process/policy';
import type { ActionArgs, ActionRequest, UnitRef } from '../../libs/process';
import {
  MAX_REQUEST_ID_LENGTH,
  hasWellFormedRequestId,
  requestFingerprint,
  requestIdRefusal,
} from '../../libs/process/request-fingerprint';
import { describeIllFormedText, findIllFormedText } from '../../libs/process/well-formed-text';
import { actorRefusal, type CaseStanding } from '../../libs/process/who-may-act';
import { feedbackStanding } from '../../libs/process/lapse-supervision';
import { ACCEPTANCE, ACCEPTANCE_CHECKS } from './acceptance';
import { APPROVAL_CHECKS, APPROVALS } from './approvals';
import type { Appliers, ArgumentChecks } from './checks';
import { CORRECTION_CHECKS, CORRECTIONS } from './corrections';
import { FOLLOW_UP, FOLLOW_UP_CHECKS } from './follow-up';
import { HANDLING, HANDLING_CHECKS } from './handling';
import { INTERNAL_ASSIGNMENT, INTERNAL_ASSIGNMENT_CHECKS } from './internal-assignment';
import { REVIEW, REVIEW_CHECKS } from './review';
import { ROUTING, ROUTING_CHECKS } from './routing';
import { ActionRejected, type Outbox, type PetitionState } from './state';
import { SUPERVISION, SUPERVISION_CHECKS, checkCaseLeader } from './supervision';
import { Transition } from './transition';

const ARGUMENT_CHECKS: ArgumentChecks<ActionName> = {
  ...ROUTING_CHECKS,
  ...INTERNAL_ASSIGNMENT_CHECKS,
  ...ACCEPTANCE_CHECKS,
  ...HANDLING_CHECKS,
  ...REVIEW_CHECKS,
  ...APPROVAL_CHECKS,
  ...SUPERVISION_CHECKS,
  ...FOLLOW_UP_CHECKS,
  ...CORRECTION_CHECKS,
};

const APPLY: Appliers<ActionName> = {
  ...ROUTING,
  ...INTERNAL_ASSIGNMENT,
  ...ACCEPTANCE,
  ...HANDLING,
  ...REVIEW,
  ...APPROVALS,
  ...SUPERVISION,
  ...FOLLOW_UP,
  ...CORRECTIONS,
};

/** Checks that need no I/O; the workflow runs them in the update validator and again before applying. */
export function validateAction<A extends ActionName>(
  state: PetitionState,
  action: A,
  request: ActionRequest<ActionArgs[A]>,
  now: number,
  checks: { refuseIllFormedText: boolean } = { refuseIllFormedText: true },
): void {
  if (!hasWellFormedRequestId(request)) {
    throw new ActionRejected(
      'badArgument',
      'requestId is required (at most 200 characters)',
      null,
      'requestId',
      'request.idRequired',
      { max: MAX_REQUEST_ID_LENGTH },
    );
  }
  if (state.appliedRequests[request.requestId] !== undefined) return requireSameRequest(state, action, request); // a retry: answered with the current state
  const refused = state.refusedRequests[request.requestId];
  if (refused)
    throw new ActionRejected(
      refused.code,
      refused.message,
      null,
      refused.field ?? null,
      // Refused before refusals kept their key: the refusal is repeated without knowing its rule.
      refused.messageKey ?? 'request.refusedEarlier',
      refused.params ?? {},
    );
  // Before any check that records a refused attempt: that record would carry the text too.
  const illFormed = checks.refuseIllFormedText ? findIllFormedText(request) : null;
  if (illFormed)
    throw new ActionRejected('badArgument', describeIllFormedText(illFormed), null, illFormed.field, 'text.illFormed', {
      field: illFormed.field,
      kind: illFormed.kind,
    });
  const actor = request.actor;
  if (!actor) throw new ActionRejected('wrongRole', 'the request names no actor', null, null, 'request.noActor');
  const refusal = actorRefusal(action, actor, caseStanding(state));
  if (refusal) throw new ActionRejected(refusal.code, refusal.message, null, null, refusal.messageKey, refusal.params);
  ARGUMENT_CHECKS[action](state, request.args, now, actor);
  if (action === 'assignCaseLeader' && request.leaderPlacement) checkCaseLeader(state, request.leaderPlacement);
}

/**
 * A request id already applied answers as a retry only for the same action, actor and arguments;
 * anything else reusing it is refused, naming the earlier action. Requests applied before
 * fingerprints were kept have no entry and answer as retries, as they always did.
 */
export function requireSameRequest(state: PetitionState, action: ActionName, request: ActionRequest<unknown>): void {
  const conflict = requestIdRefusal(state.appliedActions?.[request.requestId], action, fingerprintOf(action, request));
  if (conflict)
    throw new ActionRejected(
      'idempotencyConflict',
      conflict.message,
      null,
      'requestId',
      conflict.messageKey,
      conflict.params,
    );
}

/** What identifies a request: its client's arguments (a petitioner's review request carries only the instant the API stamped on it). */
function fingerprintOf(action: ActionName, request: ActionRequest<unknown>): string {
  const stampedByApi =
    request.actor?.role === 'petitioner' && (action === 'requestReview' || action === 'requestReReview');
  return requestFingerprint(action, request.actor, stampedByApi ? {} : request.args);
}

/** The case's step and units, as the one rule of who may act (libs/process/who-may-act.ts) reads them. */
export function caseStanding(state: PetitionState): CaseStanding {
  return {
    policyVersion: state.policyVersion,
    step: state.step,
    units: {
      routing: state.routingUnit,
      handling: state.handlingUnit,
      review: state.reviewUnit,
      reReview: state.reReviewUnit,
    },
    ...(state.accountableUnits ? { accountableUnits: feedbackStanding(state.supervisionTasks, state.clocks) } : {}),
  };
}

/** Unit lookups an action needs before it can be applied (done by activities, outside this module). */
export function unitsNeeded<A extends ActionName>(
  state: PetitionState,
  action: A,
  request: ActionRequest<ActionArgs[A]>,
): string[] {
  switch (action) {
    case 'route':
    case 'assign':
      return [(request.args as ActionArgs['route']).unitId];
    case 'requestReview':
      return state.handlingUnit?.parentId ? [state.handlingUnit.parentId] : [];
    case 'requestReReview':
      return state.reviewUnit?.parentId ? [state.reviewUnit.parentId] : [];
    case 'takeOver':
      return state.handlingUnit?.parentId ? [state.handlingUnit.parentId] : [];
    default:
      return [];
  }
}

/** Applies a validated action. `units` holds the lookups of unitsNeeded(). Returns false for a repeated request. */
export function applyAction<A extends ActionName>(
  state: PetitionState,
  action: A,
  request: ActionRequest<ActionArgs[A]>,
  now: number,
  units: Record<string, UnitRef | null>,
  outbox: Outbox,
): boolean {
  if (state.appliedRequests[request.requestId] !== undefined) {
    requireSameRequest(state, action, request);
    return false;
  }
  try {
    // The update validator refused ill-formed text before the handler ran (validators do not run on
    // replay); a history whose update carried such text before the check existed replays as it ran.
    validateAction(state, action, request, now, { refuseIllFormedText: false });
  } catch (error) {
    if (error instanceof ActionRejected && error.recordAs && !state.refusedRequests[request.requestId]) {
      recordRefusedAttempt(state, action, request, now, error, outbox);
    }
    throw error;
  }
  const ctx = new Transition(state, outbox, now, request.actor, request.requestId);
  APPLY[action](ctx, request.args, units);
  state.revision += 1;
  state.appliedRequests[request.requestId] = state.revision;
  state.appliedActions = state.appliedActions ?? {};
  state.appliedActions[request.requestId] = { action, fingerprint: fingerprintOf(action, request) };
  return true;
}

/** A refused attempt that is itself evidence: a timeline event and a ledger record, then the refusal. */
function recordRefusedAttempt(
  state: PetitionState,
  action: ActionName,
  request: ActionRequest<unknown>,
  now: number,
  error: ActionRejected,
  outbox: Outbox,
): void {
  const ctx = new Transition(state, outbox, now, request.actor, request.requestId);
  const seq = ctx.event('actionRefused', {
    action,
    code: error.code,
    reason: error.message,
    messageKey: error.messageKey,
    params: error.params,
    args: request.args as Record<string, unknown>,
  });
  ctx.ledger({
    rule: error.recordAs!,
    unitId: request.actor.unitId ?? state.routingUnit.id,
    responsibleUserId: request.actor.userId,
    responsibleBy: 'actor',
    eventSeqs: [seq],
    discriminator: `refused:${request.requestId}`,
    detail: { action },
  });
  state.refusedRequests[request.requestId] = {
    code: error.code,
    message: error.message,
    field: error.field,
    messageKey: error.messageKey,
    params: error.params,
  };
  state.revision += 1;
}

/** Validators call this: refusals that must be recorded are let through to the handler, which records and refuses them. */
export function validateActionForUpdate<A extends ActionName>(
  state: PetitionState,
  action: A,
  request: ActionRequest<ActionArgs[A]>,
  now: number,
): void {
  try {
    validateAction(state, action, request, now);
  } catch (error) {
    if (error instanceof ActionRejected && error.recordAs && !state.refusedRequests[request.requestId]) return;
    throw error;
  }
}
