/**
 * Who may act (属地管理、分级负责) is one rule, libs/process/who-may-act.ts, read twice: by the
 * workflow's validator against the case's state, and by the API's list of the actions a caller may
 * take (`GET /petitions/:id/actions`) against the case's view and the unit tree. This property drives
 * cases through the pure transition modules the workflow runs (registration, then random actions
 * that someone may take and the passage of days), and asks every actor of a small unit tree:
 *
 * 1. the step, role and unit layer: the list leaves an action out for want of step, role or unit
 *    exactly when the validator refuses it with wrongStep, wrongRole or wrongUnit;
 * 2. the whole answer: the list offers an action exactly when the validator accepts it with example
 *    arguments, except for the preconditions the view cannot show (listed below, each with why).
 */
import fc from 'fast-check';
import { ACTION_NAMES, type ActionName } from '../../libs/process/action-names';
import { CALENDAR_VERSIONS } from '../../libs/process/calendar';
import type { ActionArgs, ActionRequest, Actor, PetitionCategory, Role, UnitRef } from '../../libs/process';
import { actorRefusal } from '../../libs/process/who-may-act';
import { availableActions, type CaseUnits } from '../../apps/api/src/petitions/actions/available-actions';
import type { RegistrationInput } from '../../workflows/petition/petition.contract';
import { applyAction, caseStanding, unitsNeeded, validateAction } from '../../workflows/petition/actions';
import { advanceTime } from '../../workflows/petition/passage-of-time';
import { register } from '../../workflows/petition/registration';
import { ActionRejected, type PetitionState, emptyOutbox } from '../../workflows/petition/state';
import { petitionView } from '../../workflows/petition/view';

const DAY = 86_400_000;
const START = Date.parse('2026-03-02T09:00:00+08:00');

/** A province, a city and a county: a petition office and a functional department at each level. */
const office = (id: string, level: UnitRef['level'], parentId: string | null, offices: string[]): UnitRef => ({
  id,
  kind: 'petitionOffice',
  level,
  parentId,
  supervisingOfficeId: id,
  supervisingOffices: offices,
});
const department = (id: string, level: UnitRef['level'], parentId: string | null, offices: string[]): UnitRef => ({
  id,
  kind: 'functionalDepartment',
  level,
  parentId,
  supervisingOfficeId: offices[0],
  supervisingOffices: offices,
});
const TREE: Record<string, UnitRef> = Object.fromEntries(
  [
    office('p-xfj', 'province', null, ['p-xfj']),
    department('p-zjj', 'province', null, ['p-xfj']),
    office('c-xfj', 'city', 'p-xfj', ['c-xfj', 'p-xfj']),
    department('c-zjj', 'city', 'p-zjj', ['c-xfj', 'p-xfj']),
    office('x-xfj', 'county', 'c-xfj', ['x-xfj', 'c-xfj', 'p-xfj']),
    department('x-zjj', 'county', 'c-zjj', ['x-xfj', 'c-xfj', 'p-xfj']),
  ].map((u) => [u.id, u]),
);

const STAFF_ROLES: Role[] = ['registrar', 'handler', 'unitHead', 'caseLeader', 'supervisor', 'auditor'];
const ACTORS: Actor[] = [
  ...Object.keys(TREE).flatMap((unitId) =>
    STAFF_ROLES.map((role) => ({ userId: `${unitId}-${role}`, role, unitId }) satisfies Actor),
  ),
  { userId: 'petitioner', role: 'petitioner', unitId: null },
];

const grounds = {
  facts: '经查，维修基金使用账目未公示。',
  reasons: '依法应当公示。',
  legalBasis: '《物业管理条例》第五十四条',
};

/** Arguments the validator takes for each action on the case as it stands (instants as the workflow takes them). */
function exampleArgs(state: PetitionState, now: number): { [A in ActionName]: ActionArgs[A] } {
  const today = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
  return {
    route: { unitId: 'x-zjj' },
    assign: { unitId: 'x-zjj', reportBackDays: 30 },
    objectMisroute: { reasons: '不属本单位职权范围' },
    accept: {},
    decline: { reason: '不属于信访事项受理范围' },
    notAcceptedAgain: { earlierPetitionId: state.repeatOf[0] ?? '00000000-0000-4000-8000-0000000000ff' },
    redirect: { procedure: 'litigation' },
    extendHandling: { days: 30, reason: '情况复杂' },
    issueReply: { outcome: 'supported', ...grounds },
    confirmImplementation: {},
    recordDelivery: { deliveredAt: now },
    requestReview: { receivedAt: now },
    issueReviewDecision: { decision: 'upheld', ...grounds },
    requestReReview: { receivedAt: now },
    startHearing: { startDate: today },
    endHearing: { endDate: today },
    issueReReviewDecision: { decision: 'upheld', ...grounds },
    reportBack: { summary: '已按期办理' },
    reportUrgent: { reportedToUnitId: 'c-xfj' },
    assignCaseLeader: { leaderUserId: 'x-zjj-caseLeader', resolutionDays: 30 },
    issueSupervision: { instructions: '请依法按期办结' },
    recordSupervisionFeedback: { feedback: '已整改' },
    listForSupervision: { reason: '逾期未办结' },
    unlistFromSupervision: { reason: '已办结' },
    takeOver: { reason: '逾期未办结，提级办理' },
    recordFollowUp: { result: 'stable', note: '回访稳定' },
    rate: { rating: 'satisfied' },
    correctRegistration: { field: 'urgent', value: !state.urgent, reason: '登记有误' },
    reprojectCalendar: { calendarVersion: CALENDAR_VERSIONS[CALENDAR_VERSIONS.length - 1] },
  };
}

let requests = 0;
function requestFor<A extends ActionName>(state: PetitionState, action: A, actor: Actor, now: number) {
  const request: ActionRequest<ActionArgs[A]> = {
    requestId: `req-${(requests += 1)}`,
    actor,
    args: exampleArgs(state, now)[action],
  };
  // Where the named leader sits, as the API stamps it: a leader of the handling unit.
  if (action === 'assignCaseLeader' && state.handlingUnit) {
    request.leaderPlacement = {
      userId: 'x-zjj-caseLeader',
      unitId: state.handlingUnit.id,
      level: state.handlingUnit.level,
      officeId: state.handlingUnit.supervisingOfficeId,
      unitChain: [state.handlingUnit.id, ...(state.handlingUnit.parentId ? [state.handlingUnit.parentId] : [])],
    };
  }
  return request;
}

/** The validator's answer: null when it accepts, else the refusal's code. */
function validatorSays(state: PetitionState, action: ActionName, actor: Actor, now: number): string | null {
  try {
    validateAction(state, action, requestFor(state, action, actor, now), now);
    return null;
  } catch (error) {
    if (error instanceof ActionRejected) return error.code;
    throw error;
  }
}

/** The units the API resolves from the view's ids, through the unit tree. */
function unitsOfView(state: PetitionState, now: number): CaseUnits {
  const view = petitionView(state, now);
  const find = (id: string | null) => (id === null ? null : TREE[id]);
  return {
    routing: TREE[view.routingUnitId],
    handling: find(view.handlingUnitId),
    review: find(view.reviewUnitId),
    reReview: find(view.reReviewUnitId),
  };
}

interface Case {
  state: PetitionState;
  now: number;
}

const registration = fc.record({
  registeringUnit: fc.constantFrom('x-xfj', 'c-xfj'),
  category: fc.constantFrom<PetitionCategory>('appeal', 'suggestion'),
  urgent: fc.boolean(),
  handleDirectly: fc.boolean(),
});

/** A step of a case's life: someone (chosen among those the list offers something) acts, or days pass. */
type Move = { kind: 'act'; pick: number } | { kind: 'wait'; days: number };
const move: fc.Arbitrary<Move> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('act' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 70 }) }) },
);

function live(
  reg: { registeringUnit: string; category: PetitionCategory; urgent: boolean; handleDirectly: boolean },
  moves: Move[],
): Case[] {
  const input: RegistrationInput = {
    petitionId: '00000000-0000-4000-8000-000000000001',
    requestId: `register-${(requests += 1)}`,
    registeredBy: { userId: `${reg.registeringUnit}-registrar`, role: 'registrar', unitId: reg.registeringUnit },
    registeringUnit: TREE[reg.registeringUnit],
    category: reg.category,
    channel: 'visit',
    receivedAt: START - 3600_000,
    urgent: reg.urgent,
    collective: false,
    repeatOf: [],
    accusedUnitId: null,
    handleDirectly: reg.handleDirectly,
  };
  let now = START;
  const { state } = register(input, now);
  const seen: Case[] = [{ state: structuredClone(state), now }];
  for (const m of moves) {
    if (m.kind === 'wait') {
      now += m.days * DAY;
      advanceTime(state, now, emptyOutbox());
    } else {
      const units = unitsOfView(state, now);
      const view = petitionView(state, now);
      const offers = ACTORS.flatMap((actor) =>
        availableActions({ role: actor.role, unitId: actor.unitId ?? '' }, view, units, now).map(
          (action) => [actor, action] as const,
        ),
      ).filter(([actor]) => actor.role !== 'petitioner');
      if (offers.length === 0) continue;
      const [actor, action] = offers[m.pick % offers.length];
      const request = requestFor(state, action, actor, now);
      const lookups = Object.fromEntries(unitsNeeded(state, action, request).map((id) => [id, TREE[id] ?? null]));
      try {
        applyAction(state, action, request, now, lookups, emptyOutbox());
      } catch (error) {
        if (!(error instanceof ActionRejected)) throw error;
      }
    }
    seen.push({ state: structuredClone(state), now });
  }
  return seen;
}

const WHO_MAY_ACT = ['wrongStep', 'wrongRole', 'wrongUnit'];

describe('who may act: the list of available actions and the validator give one answer', () => {
  it('leave out an action for want of step, role or unit exactly when the validator refuses it for that', () => {
    fc.assert(
      fc.property(registration, fc.array(move, { maxLength: 25 }), (reg, moves) => {
        for (const { state, now } of live(reg, moves)) {
          const standing = { ...caseStanding(state), units: unitsOfView(state, now) };
          for (const actor of ACTORS) {
            for (const action of ACTION_NAMES) {
              const listed = actorRefusal(action, actor, standing)?.code ?? null;
              const validator = validatorSays(state, action, actor, now);
              const validatorWho = validator !== null && WHO_MAY_ACT.includes(validator) ? validator : null;
              expect({ action, actor: actor.userId, step: state.step, code: listed }).toEqual({
                action,
                actor: actor.userId,
                step: state.step,
                code: validatorWho,
              });
            }
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
