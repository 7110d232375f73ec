/** 登记: registering a petition, and the late-registration rule. */
import { CALENDAR_VERSION, shanghaiDateOf } from '../../libs/process/calendar';
import { backlogHistoryProblem } from '../../libs/process/backlog';
import { cite } from '../../libs/process/articles';
import { CURRENT_POLICY, INTAKE_CHANNELS, PETITION_CATEGORIES, type ProcessPolicy } from '../../libs/process/policy';
import { describeIllFormedText, findIllFormedText } from '../../libs/process/well-formed-text';
import type { RefusalMessageKey, RefusalParams } from '../../libs/process/refusal';
import type { RegistrationInput } from './petition.contract';
import { startClock } from './clocks';
import { ActionRejected, DAY_MS, emptyOutbox, type Outbox, type PetitionState } from './state';
import { Transition } from './transition';

export interface RegistrationChecks {
  /**
   * Refuse text no record can hold (lone surrogates, non-characters). Off only when the workflow
   * replays a history that registered such text before the check existed.
   */
  refuseIllFormedText: boolean;
}

export function validateRegistration(
  input: RegistrationInput,
  now: number,
  checks: RegistrationChecks = { refuseIllFormedText: true },
): void {
  // Fields of the registration itself (the body of POST /petitions), not of an action's args.
  const bad = (message: string, field: string | null, messageKey: RefusalMessageKey, params: RefusalParams = {}) => {
    throw new ActionRejected('badArgument', message, null, field, messageKey, params);
  };
  const illFormed = checks.refuseIllFormedText ? findIllFormedText(input) : null;
  // The database would refuse it after the case was registered: the case would never reach the read model.
  if (illFormed)
    bad(describeIllFormedText(illFormed), illFormed.field, 'text.illFormed', {
      field: illFormed.field,
      kind: illFormed.kind,
    });
  if (!input.petitionId) bad('petitionId is required', 'petitionId', 'args.required', { field: 'petitionId' });
  if (!PETITION_CATEGORIES.includes(input.category))
    bad(`category must be one of ${PETITION_CATEGORIES.join(', ')}`, 'category', 'args.notOneOf', {
      field: 'category',
      allowed: [...PETITION_CATEGORIES],
    });
  if (!INTAKE_CHANNELS.includes(input.channel))
    bad(`channel must be one of ${INTAKE_CHANNELS.join(', ')}`, 'channel', 'args.notOneOf', {
      field: 'channel',
      allowed: [...INTAKE_CHANNELS],
    });
  if (!Number.isSafeInteger(input.receivedAt))
    bad('receivedAt must be an instant', 'receivedAt', 'args.notInstant', { field: 'receivedAt' });
  if (input.receivedAt > now)
    bad('receivedAt is in the future', 'receivedAt', 'args.inFuture', { field: 'receivedAt' });
  if (
    input.lateRegistrationReason != null &&
    (typeof input.lateRegistrationReason !== 'string' || input.lateRegistrationReason.length > 2000)
  ) {
    bad('lateRegistrationReason must be a text of at most 2000 characters', 'lateRegistrationReason', 'args.tooLong', {
      field: 'lateRegistrationReason',
      max: 2000,
    });
  }
  if (input.registeredBy.role !== 'registrar')
    bad('only a registrar registers petitions', null, 'registration.notRegistrar');
  if (input.registeredBy.unitId !== input.registeringUnit.id)
    bad('the registrar must belong to the registering unit', null, 'registration.otherUnit');
  if (input.accusedUnitId && input.accusedUnitId === input.registeringUnit.id && input.handleDirectly) {
    throw new ActionRejected(
      'protectedParty',
      'an accusation cannot be handled by the accused unit',
      null,
      'handleDirectly',
      'registration.accusedHandles',
    );
  }
  if (input.notAcceptedAgainOf != null && !input.repeatOf.includes(input.notAcceptedAgainOf)) {
    bad(
      'notAcceptedAgainOf must be one of the cases the petition repeats (repeatOf)',
      'notAcceptedAgainOf',
      'registration.notARepeat',
    );
  }
  if (input.backlog !== undefined) {
    const problem = backlogHistoryProblem(input.backlog, now);
    if (problem) bad(problem, 'backlog', 'registration.backlogInvalid', { problem });
    if (input.receivedAt !== input.backlog.firstReceivedAt)
      bad(
        'an imported case was received when the petitioner first came: receivedAt must be backlog.firstReceivedAt',
        'receivedAt',
        'registration.backlogReceivedAt',
      );
  }
}

export function register(
  input: RegistrationInput,
  now: number,
  policy: ProcessPolicy = CURRENT_POLICY,
  calendarVersion: string = CALENDAR_VERSION,
  checks?: RegistrationChecks,
): { state: PetitionState; outbox: Outbox } {
  validateRegistration(input, now, checks);
  const state: PetitionState = {
    petitionId: input.petitionId,
    ...(input.caseNumber ? { caseNumber: input.caseNumber } : {}),
    policyVersion: policy.version,
    calendarVersion,
    category: input.category,
    channel: input.channel,
    urgent: input.urgent,
    collective: input.collective,
    repeatOf: input.repeatOf,
    accusedUnitId: input.accusedUnitId,
    receivedAt: input.receivedAt,
    registeredAt: now,
    registeredBy: input.registeredBy,
    step: input.handleDirectly ? 'acceptance' : 'routing',
    routingUnit: input.registeringUnit,
    handlingUnit: input.handleDirectly ? input.registeringUnit : null,
    reviewUnit: null,
    reReviewUnit: null,
    assignment: null,
    handlingRound: 0,
    extensionsUsed: 0,
    misrouteObjections: 0,
    reply: null,
    review: null,
    reReview: null,
    final: false,
    closedAt: null,
    clocks: [],
    milestones: [],
    appliedRequests: { [input.requestId]: 1 },
    // No staff action may pass for a retry of the registration.
    appliedActions: { [input.requestId]: { action: 'register', fingerprint: '' } },
    refusedRequests: {},
    caseLeader: null,
    caseLeaderRequired: false,
    listedForSupervision: null,
    supervisionTasks: [],
    followUps: [],
    ratings: [],
    // A matter with a history before the service was not resolved the first time.
    firstTimeResolution: input.repeatOf.length === 0 && input.backlog === undefined,
    reopenedCount: 0,
    acceptedBy: null,
    ...(input.backlog === undefined ? {} : { backlog: input.backlog }),
    revision: 1,
    eventSeq: 0,
  };
  const outbox = emptyOutbox();
  const ctx = new Transition(state, outbox, now, input.registeredBy, input.requestId);
  const imported = input.backlog !== undefined;
  // An imported backlog case was registered when the service came, not late: its receipt is history.
  const late = !imported && shanghaiDaysBetween(input.receivedAt, now) > policy.lateRegistrationDays;
  const registeredSeq = ctx.event('registered', {
    category: input.category,
    channel: input.channel,
    receivedAt: input.receivedAt,
    urgent: input.urgent,
    collective: input.collective,
    repeatOf: input.repeatOf,
    unitId: input.registeringUnit.id,
    handleDirectly: input.handleDirectly,
    lateRegistration: late,
    // Only when given: earlier histories produce the same events as before.
    ...(input.caseNumber ? { caseNumber: input.caseNumber } : {}),
    ...(imported ? { imported: true, backlog: input.backlog } : {}),
    // Only when given: earlier histories produce the same events as before.
    ...(input.lateRegistrationReason ? { lateRegistrationReason: input.lateRegistrationReason } : {}),
  });
  ctx.milestone('registered', now);
  if (late) {
    ctx.ledger({
      rule: 'lateRegistration',
      unitId: input.registeringUnit.id,
      responsibleUserId: input.registeredBy.userId,
      responsibleBy: 'actor',
      eventSeqs: [registeredSeq],
      discriminator: 'registration',
      detail: {
        receivedAt: input.receivedAt,
        registeredAt: now,
        allowedDays: policy.lateRegistrationDays,
        ...(input.lateRegistrationReason ? { reason: input.lateRegistrationReason } : {}),
      },
    });
  }
  if (input.notAcceptedAgainOf) {
    // 不再受理: the same matter was finally decided on re-review. Registered truthfully, then ended at
    // once, naming that case; no clock runs.
    state.step = 'endedNotAcceptedAgain';
    ctx.event('notAcceptedAgain', { earlierPetitionId: input.notAcceptedAgainOf, atRegistration: true });
    // What the petitioner reads: the statute's reason, not a machine id (the notice names the decision).
    ctx.milestone('notAcceptedAgain', now, `同一事实和理由的信访事项已经复核终结，依照${cite('reReview')}不再受理`);
    return { state, outbox };
  }
  // A new petition's clocks run from its receipt; an imported one's from today, so nobody answers
  // today for deadlines that passed before the service existed.
  const clocksFrom = imported ? now : input.receivedAt;
  if (input.handleDirectly) startClock(ctx, 'acceptanceNotice', input.registeringUnit.id, clocksFrom);
  else startClock(ctx, 'routing', input.registeringUnit.id, clocksFrom);
  if (input.urgent) startClock(ctx, 'urgentReport', input.registeringUnit.id, now);
  return { state, outbox };
}

/** Whole Shanghai calendar days from one instant's date to another's. */
export function shanghaiDaysBetween(from: number, to: number): number {
  const a = Date.parse(`${shanghaiDateOf(from)}T00:00:00Z`);
  const b = Date.parse(`${shanghaiDateOf(to)}T00:00:00Z`);
  return Math.round((b - a) / DAY_MS);
}
