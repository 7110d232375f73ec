/**
 * The petition's procedure as pure state transitions: validate an action against the policy the
 * case started with, apply it, start and stop clocks, fire due rungs. No Temporal API here, so the
 * workflow stays a thin loop and every rule can be read in one place.
 */
import { addDays, shanghaiDateOf, isValidDate, CALENDAR_VERSION, CALENDAR_VERSIONS } from '../../libs/process/calendar';
import { computeDeadline, fractionInstant, inclusiveDayCount } from '../../libs/process/deadline';
import {
  AccountabilityRuleId,
  ActionName,
  ClockId,
  CORRECTABLE_FIELDS,
  CURRENT_POLICY,
  FOLLOW_UP_RESULTS,
  LEVELS_TOP_DOWN,
  RATINGS,
  PETITION_CATEGORIES,
  INTAKE_CHANNELS,
  REDIRECT_PROCEDURES,
  REPLY_OUTCOMES,
  REVIEW_DECISIONS,
  ProcessPolicy,
  ReplyOutcome,
  ReviewDecision,
  RungId,
  Step,
  TERMINAL_STEPS,
  policyByVersion,
} from '../../libs/process/policy';
import type {
  ActionArgs,
  ActionRequest,
  Actor,
  ClockStatus,
  ClockView,
  EscalationEntry,
  FollowUpView,
  LedgerEntry,
  Milestone,
  MilestoneType,
  PetitionView,
  RegistrationInput,
  RejectionCode,
  SupervisionTask,
  UnitRef,
} from './petition.contract';
import { petitionWorkflowId } from './petition.contract';

const DAY_MS = 24 * 60 * 60 * 1000;

export class ActionRejected extends Error {
  constructor(
    readonly code: RejectionCode,
    message: string,
    /** Refused, but the attempt itself is evidence (DOMAIN §5): recorded in the timeline and the ledger. */
    readonly recordAs: AccountabilityRuleId | null = null,
  ) {
    super(message);
    this.name = 'ActionRejected';
  }
}

/** What a transition emits besides the new state: timeline events and ledger/escalation records. */
export interface Outbox {
  events: TimelineEvent[];
  ledger: LedgerEntry[];
  escalations: EscalationEntry[];
}

export function emptyOutbox(): Outbox {
  return { events: [], ledger: [], escalations: [] };
}

export interface ClockState {
  key: string;
  id: ClockId;
  generation: number;
  unitId: string;
  status: Exclude<ClockStatus, 'suspended'>;
  startedAt: number;
  lengthDays: number;
  excludedDays: number;
  /** Shanghai date a hearing opened on; the clock is suspended while set. */
  hearingOpenSince: string | null;
  dueAt: number | null;
  lastDay: string | null;
  rolledForward: boolean;
  calendarBasis: 'official' | 'weekends-only';
  calendarVersion: string;
  stoppedAt: number | null;
  stopReason: string | null;
  firedRungs: RungId[];
}

/** One line of the case timeline; `seq` is its idempotency key in the read model. */
export interface TimelineEvent {
  seq: number;
  type: string;
  at: number;
  actor: Actor | null;
  requestId: string | null;
  clockKey: string | null;
  data: Record<string, unknown>;
}

/** The fields the view shows as they are: one declaration, in the contract. */
type ViewedAsIs = 'caseLeader' | 'caseLeaderRequired' | 'listedForSupervision' | 'supervisionTasks' | 'followUps' | 'ratings' | 'firstTimeResolution' | 'reopenedCount';

export interface PetitionState extends Pick<PetitionView, ViewedAsIs> {
  petitionId: string;
  policyVersion: string;
  calendarVersion: string;
  category: RegistrationInput['category'];
  channel: RegistrationInput['channel'];
  urgent: boolean;
  collective: boolean;
  repeatOf: string[];
  accusedUnitId: string | null;
  receivedAt: number;
  registeredAt: number;
  registeredBy: Actor;
  step: Step;
  routingUnit: UnitRef;
  handlingUnit: UnitRef | null;
  reviewUnit: UnitRef | null;
  reReviewUnit: UnitRef | null;
  assignment: { reportBackDays: number; assignedAt: number; reportedBackAt: number | null } | null;
  handlingRound: number;
  extensionsUsed: number;
  misrouteObjections: number;
  reply: { outcome: ReplyOutcome; documentRef: string; issuedAt: number; deliveredAt: number | null; implementationConfirmedAt: number | null } | null;
  review: { receivedAt: number; decision: ReviewDecision | null; decidedAt: number | null; deliveredAt: number | null } | null;
  reReview: {
    receivedAt: number;
    hearings: { startDate: string; endDate: string | null }[];
    decision: ReviewDecision | null;
    decidedAt: number | null;
    deliveredAt: number | null;
  } | null;
  final: boolean;
  closedAt: number | null;
  clocks: ClockState[];
  milestones: Milestone[];
  /** requestId → revision it produced: a repeated request changes nothing. */
  appliedRequests: Record<string, number>;
  /** requestId → why it was refused, for refused attempts that were recorded as evidence. */
  refusedRequests: Record<string, { code: RejectionCode; message: string }>;
  /** The handler who accepted the case: the responsible person of its overdue records. */
  acceptedBy: string | null;
  revision: number;
  eventSeq: number;
}

// ---------------------------------------------------------------------------------------------
// Registration

export function validateRegistration(input: RegistrationInput, now: number): void {
  const bad = (message: string) => {
    throw new ActionRejected('badArgument', message);
  };
  if (!input.petitionId) bad('petitionId is required');
  if (!PETITION_CATEGORIES.includes(input.category)) bad(`category must be one of ${PETITION_CATEGORIES.join(', ')}`);
  if (!INTAKE_CHANNELS.includes(input.channel)) bad(`channel must be one of ${INTAKE_CHANNELS.join(', ')}`);
  if (!Number.isSafeInteger(input.receivedAt)) bad('receivedAt must be an instant');
  if (input.receivedAt > now) bad('receivedAt is in the future');
  if (input.registeredBy.role !== 'registrar') bad('only a registrar registers petitions');
  if (input.registeredBy.unitId !== input.registeringUnit.id) bad('the registrar must belong to the registering unit');
  if (input.accusedUnitId && input.accusedUnitId === input.registeringUnit.id && input.handleDirectly) {
    throw new ActionRejected('protectedParty', 'an accusation cannot be handled by the accused unit');
  }
}

export function register(
  input: RegistrationInput,
  now: number,
  policy: ProcessPolicy = CURRENT_POLICY,
  calendarVersion: string = CALENDAR_VERSION,
): { state: PetitionState; outbox: Outbox } {
  validateRegistration(input, now);
  const state: PetitionState = {
    petitionId: input.petitionId,
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
    refusedRequests: {},
    caseLeader: null,
    caseLeaderRequired: false,
    listedForSupervision: null,
    supervisionTasks: [],
    followUps: [],
    ratings: [],
    firstTimeResolution: input.repeatOf.length === 0,
    reopenedCount: 0,
    acceptedBy: null,
    revision: 1,
    eventSeq: 0,
  };
  const outbox = emptyOutbox();
  const ctx = new Transition(state, outbox, now, input.registeredBy, input.requestId);
  const late = shanghaiDaysBetween(input.receivedAt, now) > policy.lateRegistrationDays;
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
  });
  ctx.milestone('registered', now);
  if (late) {
    ctx.ledger('lateRegistration', input.registeringUnit.id, input.registeredBy.userId, [registeredSeq], 'registration', {
      receivedAt: input.receivedAt,
      registeredAt: now,
      allowedDays: policy.lateRegistrationDays,
    });
  }
  if (input.handleDirectly) ctx.startClock('acceptanceNotice', input.registeringUnit.id, input.receivedAt);
  else ctx.startClock('routing', input.registeringUnit.id, input.receivedAt);
  if (input.urgent) ctx.startClock('urgentReport', input.registeringUnit.id, now);
  return { state, outbox };
}

function shanghaiDaysBetween(from: number, to: number): number {
  const a = Date.parse(`${shanghaiDateOf(from)}T00:00:00Z`);
  const b = Date.parse(`${shanghaiDateOf(to)}T00:00:00Z`);
  return Math.round((b - a) / DAY_MS);
}

// ---------------------------------------------------------------------------------------------
// Staff actions

/** Checks that need no I/O; the workflow runs them in the update validator and again before applying. */
export function validateAction<A extends ActionName>(state: PetitionState, action: A, request: ActionRequest<ActionArgs[A]>, now: number): void {
  if (!request || typeof request.requestId !== 'string' || request.requestId.length === 0 || request.requestId.length > 200) {
    throw new ActionRejected('badArgument', 'requestId is required (at most 200 characters)');
  }
  if (state.appliedRequests[request.requestId] !== undefined) return; // a retry: answered with the current state
  const refused = state.refusedRequests[request.requestId];
  if (refused) throw new ActionRejected(refused.code, refused.message);
  const policy = policyByVersion(state.policyVersion);
  const rule = policy.actions[action];
  const stepAllowed = rule.steps === 'open' ? !TERMINAL_STEPS.includes(state.step) : rule.steps.includes(state.step);
  if (!stepAllowed) {
    throw new ActionRejected('wrongStep', `cannot ${rule.describe} while the case is in step "${state.step}"`);
  }
  const actor = request.actor;
  if (!actor || !rule.roles.includes(actor.role)) {
    throw new ActionRejected('wrongRole', `only ${rule.roles.join(' or ')} may ${rule.describe}; the actor is ${actor ? actor.role : 'missing'}`);
  }
  if (actor.role !== 'petitioner' && rule.actingUnit !== 'anyUnit') {
    const unitId = actingUnitId(state, rule.actingUnit);
    const alsoAllowed =
      action === 'requestReview' || action === 'requestReReview'
        ? unitsReceivingRequests(state)
        : (action === 'recordDelivery' || action === 'rate') && actor.role === 'registrar'
          ? [replyingUnit(state)?.supervisingOfficeId ?? '']
          : action === 'reportUrgent'
            ? [state.handlingUnit?.id ?? '']
            : action === 'assignCaseLeader' && actor.role === 'supervisor'
              ? [state.handlingUnit?.supervisingOfficeId ?? '', state.routingUnit.id]
              : SUPERVISION_ACTIONS.includes(action)
                ? (state.handlingUnit ?? state.routingUnit).supervisingOffices
                : [];
    if (!unitId || (actor.unitId !== unitId && !alsoAllowed.includes(actor.unitId ?? ''))) {
      throw new ActionRejected('wrongUnit', `only the ${rule.actingUnit} (${unitId ?? 'not yet known'}) may ${rule.describe}; the actor belongs to ${actor.unitId}`);
    }
  }
  ARGUMENT_CHECKS[action](state, request.args as never, now, actor);
}

/** Supervision comes from any petition office that supervises the handling unit, at its level or above. */
const SUPERVISION_ACTIONS: ActionName[] = ['issueSupervision', 'listForSupervision', 'unlistFromSupervision', 'takeOver'];

/** A review request may be handed in at any unit the case passed through, or its petition office. */
function unitsReceivingRequests(state: PetitionState): string[] {
  const units = [state.routingUnit, state.handlingUnit, state.reviewUnit].filter((u): u is UnitRef => u !== null);
  return units.flatMap((u) => [u.id, u.supervisingOfficeId ?? u.id]);
}

function actingUnitId(state: PetitionState, acting: ProcessPolicy['actions'][ActionName]['actingUnit']): string | null {
  switch (acting) {
    case 'routingUnit':
      return state.routingUnit.id;
    case 'handlingUnit':
      return state.handlingUnit?.id ?? null;
    case 'reviewUnit':
      return state.reviewUnit?.id ?? state.handlingUnit?.parentId ?? null;
    case 'reReviewUnit':
      return state.reReviewUnit?.id ?? state.reviewUnit?.parentId ?? null;
    case 'replyingUnit':
      return replyingUnit(state)?.id ?? null;
    case 'supervisingOffice':
      return (state.handlingUnit ?? state.routingUnit).supervisingOfficeId;
    case 'anyUnit':
      return null;
  }
}

/** The unit whose reply is waiting for delivery: the petition office next to it may record delivery. */
function replyingUnit(state: PetitionState): UnitRef | null {
  if (state.step === 'reviewDecided') return state.reviewUnit;
  if (state.step === 'reReviewDecided') return state.reReviewUnit;
  return state.handlingUnit;
}

function bad(message: string): never {
  throw new ActionRejected('badArgument', message);
}
function requireText(value: unknown, name: string, max = 2000): void {
  if (typeof value !== 'string' || value.trim().length === 0) bad(`${name} is required`);
  if ((value as string).length > max) bad(`${name} is longer than ${max} characters`);
}
function requireInstant(value: unknown, name: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) bad(`${name} must be an instant (epoch milliseconds)`);
}
function requireDate(value: unknown, name: string): asserts value is string {
  if (!isValidDate(value)) bad(`${name} must be a date YYYY-MM-DD`);
}
function runningClock(state: PetitionState, id: ClockId): ClockState | undefined {
  return state.clocks.find((c) => c.id === id && c.status === 'running');
}
function checkTarget(state: PetitionState, unitId: unknown): void {
  requireText(unitId, 'unitId', 100);
  if (state.accusedUnitId && unitId === state.accusedUnitId) {
    throw new ActionRejected('protectedParty', 'an accusation (检举控告) is never routed to the accused unit; the attempt is recorded', 'accusedPartyAccess');
  }
}
function requireLevelAbove(state: PetitionState, actor: Actor, what: string): void {
  const offices = (state.handlingUnit ?? state.routingUnit).supervisingOffices;
  if (!offices.slice(1).includes(actor.unitId ?? '')) {
    throw new ActionRejected('wrongUnit', `${what} is for a petition office of the level above (${offices.slice(1).join(', ') || 'none'}); the actor belongs to ${actor.unitId}`);
  }
}
function openFollowUp(state: PetitionState): FollowUpView | undefined {
  return state.followUps.find((f) => f.status === 'open');
}

type ArgumentCheck<A extends ActionName> = (state: PetitionState, args: ActionArgs[A], now: number, actor: Actor) => void;

const ARGUMENT_CHECKS: { [A in ActionName]: ArgumentCheck<A> } = {
  route: (state, args) => checkTarget(state, args?.unitId),
  assign: (state, args) => {
    checkTarget(state, args?.unitId);
    if (!Number.isInteger(args.reportBackDays) || args.reportBackDays < 1 || args.reportBackDays > 90) {
      bad('reportBackDays must be a whole number of days from 1 to 90');
    }
  },
  objectMisroute: (state, args) => {
    requireText(args?.reasons, 'reasons');
    if (!runningClock(state, 'misrouteObjection')) {
      bad('the 5-working-day objection period is over or the unit handles the case itself; a misroute can no longer be objected to');
    }
  },
  accept: (state) => {
    if (state.caseLeaderRequired && !state.caseLeader) {
      bad('a case handed down (交办) by a higher level needs a case leader (包案) before it is accepted: assign one first');
    }
  },
  decline: (_s, args) => requireText(args?.reason, 'reason'),
  notAcceptedAgain: (_s, args) => requireText(args?.earlierPetitionId, 'earlierPetitionId', 100),
  redirect: (state, args) => {
    if (state.category !== 'appeal') bad('only an appeal/request (申诉求决) is guided into another legal procedure');
    if (!REDIRECT_PROCEDURES.includes(args?.procedure)) bad(`procedure must be one of ${REDIRECT_PROCEDURES.join(', ')}`);
  },
  extendHandling: (state, args, now) => {
    const policy = policyByVersion(state.policyVersion);
    if (state.extensionsUsed >= policy.maxHandlingExtensions) {
      throw new ActionRejected('badArgument', 'the handling period was already extended once; a second extension is not allowed (Art 33); the attempt is recorded', 'secondExtensionAttempt');
    }
    if (!Number.isInteger(args?.days) || args.days < 1 || args.days > policy.maxHandlingExtensionDays) {
      bad(`days must be a whole number from 1 to ${policy.maxHandlingExtensionDays}`);
    }
    requireText(args.reason, 'reason');
    const handling = runningClock(state, 'handling');
    if (!handling || handling.dueAt === null || now >= handling.dueAt) bad('the handling period has already ended; it can only be extended before it ends');
  },
  issueReply: (_s, args) => {
    if (!REPLY_OUTCOMES.includes(args?.outcome)) bad(`outcome must be one of ${REPLY_OUTCOMES.join(', ')}`);
    requireText(args.documentRef, 'documentRef', 200);
  },
  confirmImplementation: (state) => {
    if (state.reply?.outcome !== 'supported') bad('only a supported (支持) reply is carried out and confirmed');
    if (state.reply.implementationConfirmedAt !== null) bad('implementation was already confirmed');
  },
  recordDelivery: (state, args, now) => {
    requireInstant(args?.deliveredAt, 'deliveredAt');
    const issuedAt = deliverableIssuedAt(state);
    if (shanghaiDateOf(args.deliveredAt) < shanghaiDateOf(issuedAt)) bad('deliveredAt is before the reply was issued');
    if (args.deliveredAt > now) bad('deliveredAt is in the future');
  },
  requestReview: (state, args, now) => checkRequestReceipt(state, 'reviewRequestWindow', args, now),
  issueReviewDecision: (_s, args) => {
    if (!REVIEW_DECISIONS.includes(args?.decision)) bad(`decision must be one of ${REVIEW_DECISIONS.join(', ')}`);
    requireText(args.documentRef, 'documentRef', 200);
  },
  requestReReview: (state, args, now) => checkRequestReceipt(state, 'reReviewRequestWindow', args, now),
  startHearing: (state, args, now) => {
    requireDate(args?.startDate, 'startDate');
    const hearings = state.reReview?.hearings ?? [];
    if (hearings.some((h) => h.endDate === null)) bad('a hearing is already open');
    const clock = runningClock(state, 'reReview');
    if (clock && args.startDate < shanghaiDateOf(clock.startedAt)) bad('startDate is before the re-review request was received');
    if (args.startDate > shanghaiDateOf(now)) bad('startDate is in the future');
    const last = hearings[hearings.length - 1];
    if (last?.endDate && args.startDate <= last.endDate) bad(`startDate must be after the previous hearing ended (${last.endDate})`);
  },
  endHearing: (state, args, now) => {
    requireDate(args?.endDate, 'endDate');
    const open = state.reReview?.hearings.find((h) => h.endDate === null);
    if (!open) bad('no hearing is open');
    if (args.endDate < open.startDate) bad(`endDate is before the hearing started (${open.startDate})`);
    if (args.endDate > shanghaiDateOf(now)) bad('endDate is in the future');
  },
  issueReReviewDecision: (state, args) => {
    if (!REVIEW_DECISIONS.includes(args?.decision)) bad(`decision must be one of ${REVIEW_DECISIONS.join(', ')}`);
    requireText(args.documentRef, 'documentRef', 200);
    if (state.reReview?.hearings.some((h) => h.endDate === null)) bad('end the hearing before deciding');
  },
  reportBack: (state, args) => {
    requireText(args?.summary, 'summary');
    if (!state.assignment) bad('the case was not handed down (交办); there is nothing to report back');
    if (state.assignment.reportedBackAt !== null) bad('the report-back was already filed');
  },
  reportUrgent: (state, args) => {
    requireText(args?.reportedToUnitId, 'reportedToUnitId', 100);
    if (!runningClock(state, 'urgentReport')) bad('the case is not urgent, or it was already reported up');
  },
  assignCaseLeader: (_s, args) => {
    requireText(args?.leaderUserId, 'leaderUserId', 100);
    if (!Number.isInteger(args.resolutionDays) || args.resolutionDays < 1 || args.resolutionDays > 365) {
      bad('resolutionDays must be a whole number of days from 1 to 365');
    }
  },
  issueSupervision: (state, args) => {
    requireText(args?.instructions, 'instructions');
    if (!state.handlingUnit) bad('the case has no handling unit yet; supervise its routing office instead');
  },
  recordSupervisionFeedback: (state, args) => {
    requireText(args?.feedback, 'feedback');
    if (!runningClock(state, 'supervisionFeedback')) bad('no 督办 is waiting for feedback');
  },
  listForSupervision: (state, args, _now, actor) => {
    requireText(args?.reason, 'reason');
    requireLevelAbove(state, actor, '挂牌督办');
    if (state.listedForSupervision) bad('the case is already listed for supervision');
  },
  unlistFromSupervision: (state, args, _now, actor) => {
    requireText(args?.reason, 'reason');
    requireLevelAbove(state, actor, '销号');
    if (!state.listedForSupervision) bad('the case is not listed for supervision');
  },
  takeOver: (state, args, _now, actor) => {
    requireText(args?.reason, 'reason');
    requireLevelAbove(state, actor, '提级办理');
    if (!state.handlingUnit?.parentId) bad('the handling unit has no level above to take the case over');
    const available = state.clocks.some((c) => c.status === 'running' && c.firedRungs.includes('takeoverAvailable'));
    if (!available) bad('提级办理 becomes available 30 days after a deadline was missed; no clock of this case is that far overdue');
  },
  recordFollowUp: (state, args) => {
    if (!FOLLOW_UP_RESULTS.includes(args?.result)) bad(`result must be one of ${FOLLOW_UP_RESULTS.join(', ')}`);
    requireText(args.note, 'note');
    if (!openFollowUp(state)) bad('no follow-up check (回头看) is due');
  },
  correctRegistration: (state, args) => {
    if (!CORRECTABLE_FIELDS.includes(args?.field)) bad(`field must be one of ${CORRECTABLE_FIELDS.join(', ')}`);
    requireText(args.reason, 'reason');
    const current = { receivedAt: state.receivedAt, channel: state.channel, urgent: state.urgent, collective: state.collective }[args.field];
    if (args.field === 'receivedAt') {
      requireInstant(args.value, 'value');
      if (args.value > state.registeredAt) bad('a petition cannot have been received after it was registered');
    } else if (args.field === 'channel') {
      if (!INTAKE_CHANNELS.includes(args.value as never)) bad(`value must be one of ${INTAKE_CHANNELS.join(', ')}`);
    } else if (typeof args.value !== 'boolean') bad('value must be true or false');
    if (args.value === current) bad(`${args.field} is already ${String(current)}`);
  },
  reprojectCalendar: (state, args) => {
    if (!CALENDAR_VERSIONS.includes(args?.calendarVersion)) bad(`calendarVersion must be one of ${CALENDAR_VERSIONS.join(', ')}`);
    if (args.calendarVersion === state.calendarVersion) bad(`the case already counts by ${state.calendarVersion}`);
    if (CALENDAR_VERSIONS.indexOf(args.calendarVersion) < CALENDAR_VERSIONS.indexOf(state.calendarVersion)) {
      bad(`${args.calendarVersion} is older than the case's ${state.calendarVersion}; a calendar is only ever replaced by a newer one`);
    }
  },
  rate: (state, args) => {
    if (!RATINGS.includes(args?.rating)) bad(`rating must be one of ${RATINGS.join(', ')}`);
    const replyKey = currentReplyKey(state);
    if (state.ratings.some((r) => r.replyKey === replyKey)) bad('this reply was already rated; each reply is rated once');
  },
};

/** The reply a rating is about: the handling reply of this round, or the review reply. */
function currentReplyKey(state: PetitionState): string {
  return state.step === 'reReviewWindow' ? `reviewReply#${state.handlingRound}` : `reply#${state.handlingRound}`;
}

function deliverableIssuedAt(state: PetitionState): number {
  switch (state.step) {
    case 'replyIssued':
      return state.reply!.issuedAt;
    case 'reviewDecided':
      return state.review!.decidedAt!;
    default:
      return state.reReview!.decidedAt!;
  }
}

function checkRequestReceipt(state: PetitionState, windowId: ClockId, args: { receivedAt: number }, now: number): void {
  requireInstant(args?.receivedAt, 'receivedAt');
  if (args.receivedAt > now) bad('receivedAt is in the future');
  const window = runningClock(state, windowId);
  if (!window || window.dueAt === null) bad('the request window is not open');
  if (args.receivedAt < window.startedAt) bad('receivedAt is before the reply was delivered');
  if (args.receivedAt >= window.dueAt) bad('the request was received after its 30-day window closed');
}

/** Unit lookups an action needs before it can be applied (done by activities, outside this module). */
export function unitsNeeded<A extends ActionName>(state: PetitionState, action: A, request: ActionRequest<ActionArgs[A]>): string[] {
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
  if (state.appliedRequests[request.requestId] !== undefined) return false;
  try {
    validateAction(state, action, request, now);
  } catch (error) {
    if (error instanceof ActionRejected && error.recordAs && !state.refusedRequests[request.requestId]) {
      recordRefusedAttempt(state, action, request, now, error, outbox);
    }
    throw error;
  }
  const ctx = new Transition(state, outbox, now, request.actor, request.requestId);
  APPLY[action](ctx, request.args as never, units);
  state.revision += 1;
  state.appliedRequests[request.requestId] = state.revision;
  return true;
}

/** A refused attempt that is itself evidence: a timeline event and a ledger record, then the refusal. */
function recordRefusedAttempt(state: PetitionState, action: ActionName, request: ActionRequest<unknown>, now: number, error: ActionRejected, outbox: Outbox): void {
  const ctx = new Transition(state, outbox, now, request.actor, request.requestId);
  const seq = ctx.event('actionRefused', { action, code: error.code, reason: error.message, args: request.args as Record<string, unknown> });
  ctx.ledger(error.recordAs!, request.actor.unitId ?? state.routingUnit.id, request.actor.userId, [seq], `refused:${request.requestId}`, { action });
  state.refusedRequests[request.requestId] = { code: error.code, message: error.message };
  state.revision += 1;
}

/** Validators call this: refusals that must be recorded are let through to the handler, which records and refuses them. */
export function validateActionForUpdate<A extends ActionName>(state: PetitionState, action: A, request: ActionRequest<ActionArgs[A]>, now: number): void {
  try {
    validateAction(state, action, request, now);
  } catch (error) {
    if (error instanceof ActionRejected && error.recordAs && !state.refusedRequests[request.requestId]) return;
    throw error;
  }
}

function knownUnit(units: Record<string, UnitRef | null>, id: string): UnitRef {
  const unit = units[id];
  if (!unit) bad(`unit "${id}" does not exist`);
  return unit;
}

/** A review or re-review decision: upheld/changed waits for delivery; revoked sends the case back for handling. */
function decide(ctx: Transition, level: 'review' | 'reReview', args: ActionArgs['issueReviewDecision']): void {
  const s = ctx.state;
  const record = level === 'review' ? s.review! : s.reReview!;
  const unitId = (level === 'review' ? s.reviewUnit : s.reReviewUnit)!.id;
  ctx.stopClock(level, 'decided');
  record.decision = args.decision;
  record.decidedAt = ctx.now;
  const type = level === 'review' ? 'reviewDecided' : 'reReviewDecided';
  const seq = ctx.event(type, { decision: args.decision, documentRef: args.documentRef, [`${level}UnitId`]: unitId });
  ctx.milestone(type, ctx.now, args.decision);
  if (args.decision !== 'upheld') ctx.traceResponsibility(seq, level, args.decision);
  if (args.decision === 'revoked') ctx.sendBackForHandling();
  else s.step = type;
}

type Apply<A extends ActionName> = (ctx: Transition, args: ActionArgs[A], units: Record<string, UnitRef | null>) => void;

const APPLY: { [A in ActionName]: Apply<A> } = {
  route: (ctx, args, units) => ctx.transferTo(knownUnit(units, args.unitId), null),
  assign: (ctx, args, units) => ctx.transferTo(knownUnit(units, args.unitId), args.reportBackDays),
  objectMisroute: (ctx, args) => {
    const s = ctx.state;
    ctx.stopClock('misrouteObjection', 'objected');
    ctx.stopClock('acceptanceNotice', 'objected');
    ctx.stopClock('assignedReport', 'objected');
    const seq = ctx.event('misrouteObjected', { unitId: s.handlingUnit!.id, reasons: args.reasons });
    s.misrouteObjections += 1;
    if (s.misrouteObjections >= 2) {
      ctx.ledger('repeatedRerouting', s.handlingUnit!.id, ctx.actor?.userId ?? null, [seq], `objection:${s.misrouteObjections}`, { objections: s.misrouteObjections });
    }
    s.handlingUnit = null;
    s.assignment = null;
    s.step = 'routing';
    ctx.milestone('returnedForRerouting', ctx.now);
    ctx.startClock('routing', s.routingUnit.id, ctx.now);
  },
  accept: (ctx) => {
    ctx.state.acceptedBy = ctx.actor?.userId ?? null;
    ctx.stopAcceptanceClocks('accepted');
    ctx.event('accepted', {});
    ctx.milestone('accepted', ctx.now);
    ctx.startHandling();
  },
  decline: (ctx, args) => ctx.end('endedDeclined', 'declined', { reason: args.reason }, args.reason),
  notAcceptedAgain: (ctx, args) => ctx.end('endedNotAcceptedAgain', 'notAcceptedAgain', { earlierPetitionId: args.earlierPetitionId }),
  redirect: (ctx, args) => ctx.end('endedRedirected', 'redirected', { procedure: args.procedure, note: args.note ?? null }, args.procedure),
  extendHandling: (ctx, args) => {
    const clock = runningClock(ctx.state, 'handling')!;
    ctx.state.extensionsUsed += 1;
    // The pending rungs (warnings, breach, …) are derived from the due instant, so they move with it.
    ctx.reproject(clock, clock.lengthDays + args.days, clock.excludedDays);
    ctx.event('handlingExtended', { days: args.days, reason: args.reason, newDueAt: clock.dueAt, newLastDay: clock.lastDay }, clock.key);
    ctx.milestone('extended', ctx.now, args.reason);
  },
  issueReply: (ctx, args) => {
    ctx.stopClock('handling', 'replied');
    ctx.state.reply = { outcome: args.outcome, documentRef: args.documentRef, issuedAt: ctx.now, deliveredAt: null, implementationConfirmedAt: null };
    ctx.state.step = 'replyIssued';
    ctx.event('replyIssued', { outcome: args.outcome, documentRef: args.documentRef, round: ctx.state.handlingRound });
    ctx.milestone('replied', ctx.now, args.outcome);
  },
  confirmImplementation: (ctx, args) => {
    ctx.state.reply!.implementationConfirmedAt = ctx.now;
    ctx.event('implementationConfirmed', { note: args?.note ?? null });
  },
  recordDelivery: (ctx, args) => {
    const s = ctx.state;
    if (s.step === 'replyIssued') {
      s.reply!.deliveredAt = args.deliveredAt;
      ctx.event('replyDelivered', { deliveredAt: args.deliveredAt });
      ctx.milestone('replyDelivered', args.deliveredAt);
      if (s.handlingUnit!.parentId) ctx.openWindow('reviewWindow', 'reviewRequestWindow', args.deliveredAt);
      else ctx.close(args.deliveredAt, 'the handling unit has no level above: the reply is final on delivery');
    } else if (s.step === 'reviewDecided') {
      s.review!.deliveredAt = args.deliveredAt;
      ctx.event('reviewReplyDelivered', { deliveredAt: args.deliveredAt });
      ctx.milestone('reviewReplyDelivered', args.deliveredAt);
      if (s.reviewUnit!.parentId) ctx.openWindow('reReviewWindow', 'reReviewRequestWindow', args.deliveredAt);
      else ctx.close(args.deliveredAt, 'the reviewing unit has no level above: the review reply is final on delivery');
    } else {
      s.reReview!.deliveredAt = args.deliveredAt;
      ctx.event('reReviewReplyDelivered', { deliveredAt: args.deliveredAt });
      ctx.milestone('reReviewReplyDelivered', args.deliveredAt);
      ctx.close(args.deliveredAt, 're-review decided: the matter is final (终结)');
    }
  },
  requestReview: (ctx, args, units) => {
    const s = ctx.state;
    s.reviewUnit = knownUnit(units, s.handlingUnit!.parentId!);
    ctx.stopClock('reviewRequestWindow', 'requested');
    s.review = { receivedAt: args.receivedAt, decision: null, decidedAt: null, deliveredAt: null };
    s.firstTimeResolution = false;
    s.step = 'review';
    ctx.event('reviewRequested', { receivedAt: args.receivedAt, reviewUnitId: s.reviewUnit.id });
    ctx.milestone('reviewRequested', args.receivedAt);
    ctx.startClock('review', s.reviewUnit.id, args.receivedAt);
  },
  issueReviewDecision: (ctx, args) => decide(ctx, 'review', args),
  requestReReview: (ctx, args, units) => {
    const s = ctx.state;
    s.reReviewUnit = knownUnit(units, s.reviewUnit!.parentId!);
    ctx.stopClock('reReviewRequestWindow', 'requested');
    s.reReview = { receivedAt: args.receivedAt, hearings: [], decision: null, decidedAt: null, deliveredAt: null };
    s.step = 'reReview';
    ctx.event('reReviewRequested', { receivedAt: args.receivedAt, reReviewUnitId: s.reReviewUnit.id });
    ctx.milestone('reReviewRequested', args.receivedAt);
    ctx.startClock('reReview', s.reReviewUnit.id, args.receivedAt);
  },
  startHearing: (ctx, args) => {
    const clock = runningClock(ctx.state, 'reReview')!;
    ctx.state.reReview!.hearings.push({ startDate: args.startDate, endDate: null });
    clock.hearingOpenSince = args.startDate;
    clock.dueAt = null;
    clock.lastDay = null;
    ctx.event('hearingStarted', { startDate: args.startDate }, clock.key);
    ctx.milestone('hearingStarted', ctx.now, args.startDate);
  },
  endHearing: (ctx, args) => {
    const clock = runningClock(ctx.state, 'reReview')!;
    const hearing = ctx.state.reReview!.hearings.find((h) => h.endDate === null)!;
    hearing.endDate = args.endDate;
    const hearingDays = inclusiveDayCount(hearing.startDate, args.endDate);
    clock.hearingOpenSince = null;
    ctx.reproject(clock, clock.lengthDays, clock.excludedDays + hearingDays);
    ctx.event('hearingEnded', { endDate: args.endDate, hearingDays, newDueAt: clock.dueAt, newLastDay: clock.lastDay }, clock.key);
    ctx.milestone('hearingEnded', ctx.now, args.endDate);
  },
  issueReReviewDecision: (ctx, args) => decide(ctx, 'reReview', args),
  reportBack: (ctx, args) => {
    ctx.stopClock('assignedReport', 'reported');
    ctx.state.assignment!.reportedBackAt = ctx.now;
    ctx.event('reportedBack', { summary: args.summary });
  },
  reportUrgent: (ctx, args) => {
    ctx.stopClock('urgentReport', 'reported');
    ctx.event('urgentReported', { reportedToUnitId: args.reportedToUnitId, note: args.note ?? null });
  },
  assignCaseLeader: (ctx, args) => {
    const s = ctx.state;
    ctx.stopClock('leaderResolution', 'leaderReassigned');
    s.caseLeader = { userId: args.leaderUserId, assignedAt: ctx.now };
    ctx.event('caseLeaderAssigned', { leaderUserId: args.leaderUserId, resolutionDays: args.resolutionDays });
    ctx.startClock('leaderResolution', s.handlingUnit?.id ?? s.routingUnit.id, ctx.now, args.resolutionDays);
  },
  issueSupervision: (ctx, args) => {
    const seq = ctx.event('supervisionIssued', { instructions: args.instructions, byUnitId: ctx.actor?.unitId ?? null });
    ctx.openSupervision('supervision', 'manual', ctx.actor!.unitId!, null, `manual:${seq}`);
  },
  recordSupervisionFeedback: (ctx, args) => {
    const clock = runningClock(ctx.state, 'supervisionFeedback')!;
    ctx.stopClockInstance(clock, 'feedbackGiven');
    const task = ctx.state.supervisionTasks.find((t) => t.feedbackClockKey === clock.key);
    if (task) task.status = 'answered';
    ctx.event('supervisionFeedbackRecorded', { feedback: args.feedback, taskKey: task?.key ?? null }, clock.key);
  },
  listForSupervision: (ctx, args) => {
    const seq = ctx.event('listedForSupervision', { reason: args.reason, byUnitId: ctx.actor!.unitId });
    ctx.state.listedForSupervision = { byUnitId: ctx.actor!.unitId!, at: ctx.now, reason: args.reason };
    ctx.openSupervision('listed', 'manual', ctx.actor!.unitId!, null, `manual:${seq}`);
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
    const to = knownUnit(units, from.parentId!);
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
  },
  recordFollowUp: (ctx, args) => {
    const s = ctx.state;
    const followUp = openFollowUp(s)!;
    const clock = s.clocks.find((c) => c.key === followUp.clockKey)!;
    ctx.stopClockInstance(clock, 'recorded');
    followUp.status = args.result;
    followUp.recordedAt = ctx.now;
    const seq = ctx.event('followUpRecorded', { followUpKey: followUp.key, result: args.result, note: args.note }, clock.key);
    ctx.milestone('followUpChecked', ctx.now, args.result);
    if (args.result === 'relapsed') ctx.reopen(seq, followUp.key);
  },
  correctRegistration: (ctx, args) => {
    const s = ctx.state;
    const from = { receivedAt: s.receivedAt, channel: s.channel, urgent: s.urgent, collective: s.collective }[args.field];
    const seq = ctx.event('registrationCorrected', { field: args.field, from, to: args.value, reason: args.reason });
    ctx.ledger('registrationCorrected', s.routingUnit.id, s.registeredBy.userId, [seq], `correction:${seq}`, { field: args.field, from, to: args.value });
    if (args.field === 'channel') s.channel = args.value as PetitionState['channel'];
    if (args.field === 'collective') s.collective = args.value as boolean;
    if (args.field === 'urgent') {
      s.urgent = args.value as boolean;
      if (s.urgent) ctx.startClock('urgentReport', s.routingUnit.id, ctx.now);
      else ctx.stopClock('urgentReport', 'correctedNotUrgent');
    }
    if (args.field === 'receivedAt') {
      const previous = s.receivedAt;
      s.receivedAt = args.value as number;
      // Clocks that run from receipt run from the corrected receipt; their pending rungs move with them.
      for (const clock of s.clocks) {
        if (clock.status === 'running' && clock.startedAt === previous) {
          clock.startedAt = s.receivedAt;
          ctx.reproject(clock, clock.lengthDays, clock.excludedDays);
        }
      }
      const policy = policyByVersion(s.policyVersion);
      const wasLate = shanghaiDaysBetween(previous, s.registeredAt) > policy.lateRegistrationDays;
      if (!wasLate && shanghaiDaysBetween(s.receivedAt, s.registeredAt) > policy.lateRegistrationDays) {
        ctx.ledger('lateRegistration', s.routingUnit.id, s.registeredBy.userId, [seq], 'registration', { receivedAt: s.receivedAt, registeredAt: s.registeredAt, allowedDays: policy.lateRegistrationDays });
      }
    }
  },
  reprojectCalendar: (ctx, args) => {
    const s = ctx.state;
    const from = s.calendarVersion;
    s.calendarVersion = args.calendarVersion;
    const moved: Record<string, unknown>[] = [];
    for (const clock of s.clocks) {
      if (clock.status !== 'running') continue;
      const before = { dueAt: clock.dueAt, lastDay: clock.lastDay };
      // A suspended clock takes the new calendar when its hearing ends; the others now. Their
      // pending rungs are derived from the due instant, so they move with it.
      if (clock.hearingOpenSince === null) ctx.reproject(clock, clock.lengthDays, clock.excludedDays);
      else clock.calendarVersion = s.calendarVersion;
      moved.push({ clockKey: clock.key, from: before, to: { dueAt: clock.dueAt, lastDay: clock.lastDay, calendarBasis: clock.calendarBasis } });
    }
    ctx.event('calendarReprojected', { from, to: args.calendarVersion, clocks: moved });
  },
  rate: (ctx, args) => {
    const s = ctx.state;
    const replyKey = currentReplyKey(s);
    s.ratings.push({ replyKey, rating: args.rating, at: ctx.now });
    ctx.event('rated', { replyKey, rating: args.rating });
    ctx.milestone('rated', ctx.now, args.rating);
    if (args.rating === 'dissatisfied') ctx.scheduleFollowUp('dissatisfied', ctx.now);
  },
};

// ---------------------------------------------------------------------------------------------
// Clocks and the passage of time

/** The instants a rung of this clock is due, from its current due instant. */
export function rungInstants(clock: ClockState, policy: ProcessPolicy): { rung: RungId; at: number }[] {
  if (clock.dueAt === null || clock.status !== 'running') return [];
  if (policy.clocks[clock.id].kind === 'window') return [];
  const dueAt = clock.dueAt;
  return policy.escalationLadder.map((rule) => ({
    rung: rule.id,
    at: 'fractionOfPeriod' in rule.at ? fractionInstant(clock.startedAt, dueAt, rule.at.fractionOfPeriod) : dueAt + rule.at.daysAfterDue * DAY_MS,
  }));
}

/** The next instant at which something is due: a rung, a window lapsing, or a follow-up check. */
export function nextWakeAt(state: PetitionState): number | null {
  const policy = policyByVersion(state.policyVersion);
  let next: number | null = null;
  const consider = (at: number) => {
    if (next === null || at < next) next = at;
  };
  for (const clock of state.clocks) {
    if (clock.status !== 'running' || clock.dueAt === null) continue;
    if (policy.clocks[clock.id].kind === 'window') consider(clock.dueAt);
    else for (const r of rungInstants(clock, policy)) if (!clock.firedRungs.includes(r.rung)) consider(r.at);
  }
  for (const followUp of state.followUps) if (followUp.status === 'scheduled') consider(followUp.dueAt);
  return next;
}

/** Fires everything due at or before `now`, in instant order: rungs, lapsing windows, follow-ups falling due. */
export function advanceTime(state: PetitionState, now: number, outbox: Outbox): void {
  const policy = policyByVersion(state.policyVersion);
  for (;;) {
    let next: { at: number; fire: (ctx: Transition) => void } | null = null;
    const consider = (at: number, fire: (ctx: Transition) => void) => {
      if (at <= now && (next === null || at < next.at)) next = { at, fire };
    };
    for (const clock of state.clocks) {
      if (clock.status !== 'running' || clock.dueAt === null) continue;
      if (policy.clocks[clock.id].kind === 'window') consider(clock.dueAt, (ctx) => ctx.lapseWindow(clock));
      else {
        for (const r of rungInstants(clock, policy)) {
          if (!clock.firedRungs.includes(r.rung)) consider(r.at, (ctx) => ctx.fireRung(clock, r.rung));
        }
      }
    }
    for (const followUp of state.followUps) {
      if (followUp.status === 'scheduled') consider(followUp.dueAt, (ctx) => ctx.openFollowUpCheck(followUp));
    }
    if (next === null) break;
    const due: { at: number; fire: (ctx: Transition) => void } = next;
    due.fire(new Transition(state, outbox, due.at, null, null, now));
    state.revision += 1;
  }
}

/** Everything has happened that can: an ended case, or a closed one with no clock or follow-up left. */
export function isFinished(state: PetitionState): boolean {
  if (TERMINAL_STEPS.includes(state.step)) return true;
  return (
    state.step === 'closed' &&
    state.clocks.every((c) => c.status !== 'running') &&
    state.followUps.every((f) => f.status !== 'scheduled' && f.status !== 'open')
  );
}

/** A mutation in progress: the state, what it emits, the instant and who acts. */
class Transition {
  constructor(
    readonly state: PetitionState,
    private readonly outbox: Outbox,
    readonly now: number,
    readonly actor: Actor | null,
    private readonly requestId: string | null,
    /** When the workflow is catching up on instants already past (a backdated registration), the present. */
    private readonly catchingUpAt: number = now,
  ) {}

  event(type: string, data: Record<string, unknown>, clockKey: string | null = null): number {
    this.state.eventSeq += 1;
    this.outbox.events.push({ seq: this.state.eventSeq, type, at: this.now, actor: this.actor, requestId: this.requestId, clockKey, data });
    return this.state.eventSeq;
  }

  milestone(type: MilestoneType, at: number, detail?: string): void {
    this.state.milestones.push(detail === undefined ? { type, at } : { type, at, detail });
  }

  /** Appends an accountability record; `discriminator` makes its key unique within the case and rule. */
  ledger(rule: AccountabilityRuleId, unitId: string, responsibleUserId: string | null, eventSeqs: number[], discriminator: string, detail: Record<string, unknown>): void {
    const definition = policyByVersion(this.state.policyVersion).accountabilityRules[rule];
    this.outbox.ledger.push({
      key: `${this.state.petitionId}:${rule}:${discriminator}`,
      rule,
      unitId,
      responsibleUserId,
      severity: definition.severity,
      suggestedAction: definition.suggestedAction,
      basis: definition.basis,
      at: this.now,
      evidence: { petitionId: this.state.petitionId, workflowId: petitionWorkflowId(this.state.petitionId), eventSeqs, historyLength: null },
      detail,
    });
  }

  /** The person answerable for a unit's missed obligation: the case leader, else whoever accepted the case there. */
  responsibleFor(unitId: string): string | null {
    if (this.state.caseLeader) return this.state.caseLeader.userId;
    return unitId === this.state.handlingUnit?.id ? this.state.acceptedBy : null;
  }

  unitRef(unitId: string): UnitRef | null {
    const s = this.state;
    return [s.handlingUnit, s.routingUnit, s.reviewUnit, s.reReviewUnit].find((u) => u?.id === unitId) ?? null;
  }

  fireRung(clock: ClockState, rung: RungId): void {
    const policy = policyByVersion(this.state.policyVersion);
    clock.firedRungs.push(rung);
    const seq = this.event('escalationRungFired', { clockId: clock.id, rung, dueAt: clock.dueAt }, clock.key);
    const rule = policy.escalationLadder.find((r) => r.id === rung)!;
    const unit = this.unitRef(clock.unitId);
    const offices = unit?.supervisingOffices ?? [];
    const recipients: EscalationEntry['recipients'] = [];
    // 包案: the case leader hears of every rung first.
    if (this.state.caseLeader) recipients.push({ kind: 'caseLeader', userId: this.state.caseLeader.userId });
    if (rule.recipient === 'handlingUnit') recipients.push({ kind: 'handlingUnit', unitId: clock.unitId });
    if (rule.recipient === 'supervisingOffice' && offices[0]) recipients.push({ kind: 'supervisingOffice', unitId: offices[0] });
    if (rule.recipient === 'levelAbove' && (offices[1] ?? offices[0])) recipients.push({ kind: 'levelAbove', unitId: offices[1] ?? offices[0] });
    this.outbox.escalations.push({
      key: `${this.state.petitionId}:${clock.key}:${rung}`,
      clockKey: clock.key,
      clockId: clock.id,
      rung,
      at: this.now,
      dueAt: clock.dueAt!,
      unitId: clock.unitId,
      recipients,
    });
    const responsible = this.responsibleFor(clock.unitId);
    const discriminator = `${clock.key}:${rung}`;
    if (rung === 'breach') {
      const overdue = policy.overdueRule[clock.id];
      if (overdue) this.ledger(overdue, clock.unitId, responsible, [seq], discriminator, { clockId: clock.id, dueAt: clock.dueAt });
      // 督办 with a 30-day feedback clock; a missed feedback clock is recorded, not supervised again.
      if (clock.id !== 'supervisionFeedback' && offices[0]) this.openSupervision('supervision', 'automatic', offices[0], clock.key, discriminator);
    } else if (rung === 'listedSupervision') {
      this.ledger('listedForSupervision', clock.unitId, responsible, [seq], discriminator, { clockId: clock.id, suggests: rule.suggests });
      const above = offices[1] ?? offices[0];
      if (above) {
        this.openSupervision('listed', 'automatic', above, clock.key, discriminator);
        this.state.listedForSupervision ??= { byUnitId: above, at: this.now, reason: `${clock.id} overdue by 15 days` };
      }
    } else if (rung === 'takeoverAvailable') {
      this.ledger('takeoverAvailable', clock.unitId, responsible, [seq], discriminator, { clockId: clock.id, suggests: rule.suggests });
      const above = offices[1] ?? offices[0];
      if (above) this.openSupervision('takeoverAvailable', 'automatic', above, clock.key, discriminator);
    }
  }

  openSupervision(kind: SupervisionTask['kind'], source: SupervisionTask['source'], supervisingUnitId: string, clockKey: string | null, discriminator: string): void {
    const supervisedUnitId = this.state.handlingUnit?.id ?? this.state.routingUnit.id;
    // The unit owes feedback within 30 days of learning of the 督办, never of an instant already past.
    // A timer fires a moment after its instant; only a real catch-up (over a minute late) moves the start.
    const feedbackFrom = this.catchingUpAt - this.now > 60_000 ? this.catchingUpAt : this.now;
    const feedback = kind === 'supervision' ? this.startClock('supervisionFeedback', supervisedUnitId, feedbackFrom) : null;
    this.state.supervisionTasks.push({
      key: `${this.state.petitionId}:${kind}:${discriminator}`,
      kind,
      source,
      supervisingUnitId,
      supervisedUnitId,
      clockKey,
      openedAt: this.now,
      status: 'open',
      feedbackClockKey: feedback?.key ?? null,
      closedAt: null,
    });
  }

  traceResponsibility(decisionSeq: number, level: 'review' | 'reReview', decision: ReviewDecision): void {
    const unitId = this.state.handlingUnit!.id;
    this.ledger('replyChangedOnReview', unitId, this.state.acceptedBy, [decisionSeq], `${level}:${decisionSeq}`, { level, decision });
  }

  scheduleFollowUp(reason: FollowUpView['reason'], dueAt: number): FollowUpView {
    const followUp: FollowUpView = { key: `followUp#${this.state.followUps.length + 1}`, reason, dueAt, status: 'scheduled', clockKey: null, recordedAt: null };
    this.state.followUps.push(followUp);
    this.event('followUpScheduled', { followUpKey: followUp.key, reason, dueAt });
    if (dueAt <= this.now) this.openFollowUpCheck(followUp);
    return followUp;
  }

  openFollowUpCheck(followUp: FollowUpView): void {
    const unitId = this.state.handlingUnit?.id ?? this.state.routingUnit.id;
    const clock = this.startClock('followUp', unitId, followUp.dueAt);
    followUp.status = 'open';
    followUp.clockKey = clock.key;
    this.event('followUpDue', { followUpKey: followUp.key, reason: followUp.reason }, clock.key);
  }

  /** 反弹: a follow-up found the problem back. Handling starts again; the case no longer counts as resolved first time. */
  reopen(followUpSeq: number, followUpKey: string): void {
    const s = this.state;
    for (const clock of s.clocks) {
      if (clock.status === 'running' && policyByVersion(s.policyVersion).clocks[clock.id].kind === 'window') this.stopClockInstance(clock, 'reopened');
    }
    for (const followUp of s.followUps) if (followUp.status === 'scheduled') followUp.status = 'cancelled';
    s.final = false;
    s.closedAt = null;
    s.firstTimeResolution = false;
    s.reopenedCount += 1;
    s.reply = null;
    s.review = null;
    s.reReview = null;
    s.reviewUnit = null;
    s.reReviewUnit = null;
    this.ledger('resolutionNotReal', s.handlingUnit!.id, s.acceptedBy, [followUpSeq], followUpKey, { followUpKey });
    this.event('reopened', { followUpKey, round: s.handlingRound + 1 });
    this.milestone('reopened', this.now);
    this.startHandling();
  }

  startClock(id: ClockId, unitId: string, startedAt: number, lengthDays?: number): ClockState {
    const policy = policyByVersion(this.state.policyVersion);
    const rule = policy.clocks[id];
    const length = lengthDays ?? rule.lengthDays;
    if (length === null) throw new Error(`clock ${id} needs a length set for this case`);
    const generation = this.state.clocks.filter((c) => c.id === id).length + 1;
    const clock: ClockState = {
      key: `${id}#${generation}`,
      id,
      generation,
      unitId,
      status: 'running',
      startedAt,
      lengthDays: length,
      excludedDays: 0,
      hearingOpenSince: null,
      dueAt: null,
      lastDay: null,
      rolledForward: false,
      calendarBasis: 'official',
      calendarVersion: this.state.calendarVersion,
      stoppedAt: null,
      stopReason: null,
      firedRungs: [],
    };
    this.state.clocks.push(clock);
    this.reproject(clock, length, 0);
    this.event('clockStarted', { clockId: id, startedAt, lengthDays: length, unit: rule.unit, dueAt: clock.dueAt, lastDay: clock.lastDay, calendarBasis: clock.calendarBasis }, clock.key);
    return clock;
  }

  reproject(clock: ClockState, lengthDays: number, excludedDays: number): void {
    const rule = policyByVersion(this.state.policyVersion).clocks[clock.id];
    const computed = computeDeadline({ unit: rule.unit, rollForward: rule.rollForward }, clock.startedAt, lengthDays, excludedDays, this.state.calendarVersion);
    clock.lengthDays = lengthDays;
    clock.excludedDays = excludedDays;
    clock.dueAt = computed.dueAt;
    clock.lastDay = computed.lastDay;
    clock.rolledForward = computed.rolledForward;
    clock.calendarBasis = computed.calendarBasis;
    clock.calendarVersion = computed.calendarVersion;
  }

  stopClock(id: ClockId, reason: string): void {
    const clock = runningClock(this.state, id);
    if (clock) this.stopClockInstance(clock, reason);
  }

  stopClockInstance(clock: ClockState, reason: string): void {
    clock.status = 'stopped';
    clock.stoppedAt = this.now;
    clock.stopReason = reason;
    this.event('clockStopped', { clockId: clock.id, reason, overdue: clock.dueAt !== null && this.now > clock.dueAt }, clock.key);
  }

  stopAcceptanceClocks(reason: string): void {
    this.stopClock('acceptanceNotice', reason);
    this.stopClock('misrouteObjection', reason);
  }

  transferTo(unit: UnitRef, reportBackDays: number | null): void {
    const s = this.state;
    this.stopClock('routing', reportBackDays === null ? 'routed' : 'handedDown');
    s.handlingUnit = unit;
    s.step = 'acceptance';
    const self = unit.id === s.routingUnit.id;
    this.event(reportBackDays === null ? 'routed' : 'handedDown', { unitId: unit.id, reportBackDays, handledDirectly: self });
    this.milestone(reportBackDays === null ? 'transferred' : 'handedDown', this.now);
    // A unit handling its own registration cannot have been misrouted to.
    if (!self) this.startClock('misrouteObjection', unit.id, this.now);
    this.startClock('acceptanceNotice', unit.id, this.now);
    if (reportBackDays !== null) {
      s.assignment = { reportBackDays, assignedAt: this.now, reportedBackAt: null };
      // 交办 by a higher level must have a case leader before it is accepted (DOMAIN §4).
      s.caseLeaderRequired = LEVELS_TOP_DOWN.indexOf(s.routingUnit.level) < LEVELS_TOP_DOWN.indexOf(unit.level);
      this.startClock('assignedReport', unit.id, this.now, reportBackDays);
    }
  }

  startHandling(): void {
    this.state.step = 'handling';
    this.state.handlingRound += 1;
    this.state.extensionsUsed = 0;
    this.startClock('handling', this.state.handlingUnit!.id, this.now);
  }

  sendBackForHandling(): void {
    this.event('sentBackForHandling', { round: this.state.handlingRound + 1 });
    this.state.reply = null;
    this.startHandling();
  }

  end(step: Step, milestone: MilestoneType, data: Record<string, unknown>, publicDetail?: string): void {
    if (!TERMINAL_STEPS.includes(step)) throw new Error(`${step} is not a terminal step`);
    this.stopAcceptanceClocks(milestone);
    this.state.step = step;
    this.event(milestone, data);
    this.milestone(milestone, this.now, publicDetail);
  }

  openWindow(step: Step, clockId: ClockId, from: number): void {
    this.state.step = step;
    this.startClock(clockId, this.state.handlingUnit!.id, from);
  }

  lapseWindow(clock: ClockState): void {
    clock.status = 'lapsed';
    clock.stoppedAt = this.now;
    clock.stopReason = 'lapsed';
    this.event('clockLapsed', { clockId: clock.id }, clock.key);
    if (clock.id === 'reviewRequestWindow') this.close(this.now, 'no review was requested within 30 days: the reply is final');
    else if (clock.id === 'reReviewRequestWindow') this.close(this.now, 'no re-review was requested within 30 days: the review reply is final');
  }

  close(at: number, why: string): void {
    const s = this.state;
    s.step = 'closed';
    s.final = true;
    s.closedAt = at;
    const seq = this.event('closed', { why, finalAt: at });
    this.milestone('final', at);
    this.stopClock('leaderResolution', 'resolved');
    if (s.reply?.outcome === 'supported' && s.reply.implementationConfirmedAt === null) {
      this.ledger('supportedReplyNotImplemented', s.handlingUnit!.id, s.acceptedBy, [seq], `round:${s.handlingRound}`, { documentRef: s.reply.documentRef });
    }
    for (const offset of policyByVersion(s.policyVersion).followUpOffsetsDays) this.scheduleFollowUp('scheduled', at + offset * DAY_MS);
  }
}

// ---------------------------------------------------------------------------------------------
// Views

export function clockView(clock: ClockState, now: number): ClockView {
  const suspended = clock.status === 'running' && clock.hearingOpenSince !== null;
  return {
    key: clock.key,
    id: clock.id,
    generation: clock.generation,
    unitId: clock.unitId,
    status: suspended ? 'suspended' : clock.status,
    startedAt: clock.startedAt,
    lengthDays: clock.lengthDays,
    excludedDays: clock.excludedDays,
    dueAt: clock.dueAt,
    lastDay: clock.lastDay,
    rolledForward: clock.rolledForward,
    remainingMs: clock.status === 'running' && clock.dueAt !== null ? clock.dueAt - now : null,
    overdue: clock.dueAt !== null && (clock.status === 'running' ? now > clock.dueAt : clock.stoppedAt !== null && clock.stoppedAt > clock.dueAt && clock.status === 'stopped'),
    stoppedAt: clock.stoppedAt,
    firedRungs: [...clock.firedRungs],
    calendarBasis: clock.calendarBasis,
    calendarVersion: clock.calendarVersion,
  };
}

export function petitionView(state: PetitionState, now: number): PetitionView {
  return {
    petitionId: state.petitionId,
    step: state.step,
    policyVersion: state.policyVersion,
    calendarVersion: state.calendarVersion,
    category: state.category,
    urgent: state.urgent,
    receivedAt: state.receivedAt,
    registeredAt: state.registeredAt,
    routingUnitId: state.routingUnit.id,
    handlingUnitId: state.handlingUnit?.id ?? null,
    reviewUnitId: state.reviewUnit?.id ?? null,
    reReviewUnitId: state.reReviewUnit?.id ?? null,
    handlingRound: state.handlingRound,
    extensionsUsed: state.extensionsUsed,
    replyOutcome: state.reply?.outcome ?? null,
    implementationConfirmed: !!state.reply?.implementationConfirmedAt,
    reviewDecision: state.review?.decision ?? null,
    reReviewDecision: state.reReview?.decision ?? null,
    hearingOpen: !!state.reReview?.hearings.some((h) => h.endDate === null),
    final: state.final,
    closedAt: state.closedAt,
    clocks: state.clocks.map((c) => clockView(c, now)),
    milestones: [...state.milestones],
    caseLeader: state.caseLeader,
    caseLeaderRequired: state.caseLeaderRequired,
    listedForSupervision: state.listedForSupervision,
    supervisionTasks: state.supervisionTasks.map((t) => ({ ...t })),
    followUps: state.followUps.map((f) => ({ ...f })),
    ratings: [...state.ratings],
    firstTimeResolution: state.firstTimeResolution,
    reopenedCount: state.reopenedCount,
    revision: state.revision,
  };
}

/** Used by tests and the read model: the Shanghai date a number of days after an instant's date. */
export function shanghaiDatePlus(instant: number, days: number): string {
  return addDays(shanghaiDateOf(instant), days);
}
