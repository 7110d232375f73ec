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
import { ACTIONS } from '../../libs/process/policy';
import { availableActions, type CaseUnits } from '../../apps/api/src/petitions/actions/available-actions';
import type { RegistrationInput } from '../../workflows/petition/petition.contract';
import { applyAction, caseStanding, unitsNeeded, validateAction } from '../../workflows/petition/actions';
import { advanceTime } from '../../workflows/petition/passage-of-time';
import { register } from '../../workflows/petition/registration';
import { ActionRejected, type PetitionState, emptyOutbox } from '../../workflows/petition/state';
import { petitionView } from '../../workflows/petition/view';
import { attachNotice, awaitingDelivery } from '../../workflows/petition/notices';

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

const ENDING_ACTIONS: readonly ActionName[] = ['decline', 'notAcceptedAgain', 'redirect'];

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
    decideMisrouteObjection: { decision: 'refused', reasons: '经核实属本单位职责' },
    decideReportBack: { decision: 'returned', comments: '报告未说明办理结果' },
    accept: {},
    decline: { reason: '不属于信访事项受理范围' },
    notAcceptedAgain: { earlierPetitionId: state.repeatOf[0] ?? '00000000-0000-4000-8000-0000000000ff' },
    redirect: { procedure: 'litigation' },
    extendHandling: { days: 30, reason: '情况复杂' },
    issueReply: { outcome: 'supported', ...grounds },
    confirmImplementation: {},
    recordDelivery: {
      method: 'direct',
      signedBy: 'petitioner',
      deliveredAt: now,
      documentId: awaitingDelivery(state)?.document?.documentId ?? undefined,
    },
    requestReview: { receivedAt: now },
    issueReviewDecision: { decision: 'upheld', ...grounds },
    requestReReview: { receivedAt: now },
    startHearing: { startDate: today },
    endHearing: { endDate: today },
    issueReReviewDecision: { decision: 'upheld', ...grounds },
    approveDraft: { draftNo: state.draft?.draftNo ?? 1 },
    returnDraft: { draftNo: state.draft?.draftNo ?? 1, comments: '请补充核查情况' },
    reportBack: { summary: '已按期办理' },
    reportUrgent: { reportedToUnitId: 'c-xfj' },
    assignCaseLeader: { leaderUserId: 'x-zjj-caseLeader', resolutionDays: 30 },
    issueSupervision: { instructions: '请依法按期办结' },
    recordSupervisionFeedback: { feedback: '已整改' },
    decideSupervisionFeedback: { decision: 'returned', comments: '反馈未说明整改结果' },
    assignHandler: { handlerUserId: `handler-${state.revision}`, reason: '调整承办人' },
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
  // 签发: cases started since drafts are approved by the unit head, and cases started before.
  approvals: fc.boolean(),
});

/** A step of a case's life: someone (chosen among those the list offers something) acts, or days pass. */
type Move = { kind: 'act'; pick: number } | { kind: 'wait'; days: number };
const move: fc.Arbitrary<Move> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('act' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('wait' as const), days: fc.integer({ min: 1, max: 40 }) }) },
);

function live(
  reg: {
    registeringUnit: string;
    category: PetitionCategory;
    urgent: boolean;
    handleDirectly: boolean;
    approvals: boolean;
  },
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
  state.writtenNotices = true; // as every case started since written notices
  state.approvals = reg.approvals;
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
      // Mostly onward: a case that ends at acceptance (不予受理, 不再受理, 导入) has little left to ask.
      // and mostly the procedure's own actions, not the ones open in every step (督办, 包案, corrections…).
      const onward = offers.filter(([, action]) => !ENDING_ACTIONS.includes(action));
      const procedure = onward.filter(([, action]) => ACTIONS[action].steps !== 'open');
      const pool =
        m.pick % 8 === 0
          ? offers
          : m.pick % 3 !== 0 && procedure.length > 0
            ? procedure
            : onward.length > 0
              ? onward
              : offers;
      if (pool.length === 0) continue;
      const [actor, action] = pool[m.pick % pool.length];
      const request = requestFor(state, action, actor, now);
      const lookups = Object.fromEntries(unitsNeeded(state, action, request).map((id) => [id, TREE[id] ?? null]));
      const outbox = emptyOutbox();
      try {
        applyAction(state, action, request, now, lookups, outbox);
      } catch (error) {
        if (!(error instanceof ActionRejected)) throw error;
      }
      // The notices the action owes, as the workflow's notice activity would have stored them.
      for (const notice of outbox.notices)
        attachNotice(state, notice, {
          documentId: `doc-${(requests += 1)}`,
          sha256: '0'.repeat(64),
          number: '〔2026〕1号',
        });
    }
    seen.push({ state: structuredClone(state), now });
  }
  return seen;
}

const WHO_MAY_ACT = ['wrongStep', 'wrongRole', 'wrongUnit'];

describe('who may act: the list of available actions and the validator give one answer', () => {
  it('leave out an action for want of step, role or unit exactly when the validator refuses it for that', () => {
    fc.assert(
      fc.property(registration, fc.array(move, { minLength: 5, maxLength: 40 }), (reg, moves) => {
        for (const { state, now } of live(reg, moves)) {
          const standing = { ...caseStanding(state), units: unitsOfView(state, now) };
          for (const actor of ACTORS) {
            for (const action of ACTION_NAMES) {
              const listed = actorRefusal(action, actor, standing)?.code ?? null;
              const validator = validatorSays(state, action, actor, now);
              const validatorWho = validator !== null && WHO_MAY_ACT.includes(validator) ? validator : null;
              // Compared plainly first: a million deep comparisons would be most of the run.
              if (listed !== validatorWho) {
                expect({ action, actor: actor.userId, step: state.step, code: listed }).toEqual({
                  action,
                  actor: actor.userId,
                  step: state.step,
                  code: validatorWho,
                });
              }
            }
          }
        }
      }),
      // No shrinking: each case is a whole life of actions, and the first failure names action, actor and step.
      { numRuns: 40, endOnFailure: true },
    );
  });

  it('offer an action exactly when the validator accepts it with example arguments, but for what the view cannot show', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(registration, fc.array(move, { minLength: 5, maxLength: 40 }), (reg, moves) => {
        for (const { state, now } of live(reg, moves)) {
          reached.add(state.step);
          const view = petitionView(state, now);
          const units = unitsOfView(state, now);
          for (const actor of ACTORS) {
            const offered = availableActions({ role: actor.role, unitId: actor.unitId ?? '' }, view, units, now);
            for (const action of ACTION_NAMES) {
              if (viewCannotShow(state, action, now)) continue;
              const refusal = validatorSays(state, action, actor, now);
              if (offered.includes(action) !== (refusal === null)) {
                expect({ action, actor: actor.userId, step: state.step, offered: offered.includes(action) }).toEqual({
                  action,
                  actor: actor.userId,
                  step: state.step,
                  offered: refusal === null,
                  refusal,
                });
              }
            }
          }
        }
      }),
      // No shrinking: each case is a whole life of actions, and the first failure names action, actor and step.
      { numRuns: 40, endOnFailure: true },
    );
    // The walk reaches every step of the procedure, so the agreement is not about the first steps only.
    expect([...reached].sort()).toEqual(
      expect.arrayContaining(['routing', 'acceptance', 'handling', 'replyIssued', 'reviewWindow', 'review', 'closed']),
    );
  });
});

/**
 * Where the list may offer what the validator then refuses, because the view does not carry what
 * the refusal turns on: a hearing that ended today is followed by the next one tomorrow at the
 * earliest (startDate must be after the last hearing's end date, and not in the future), and the
 * view holds whether a hearing is open, not the date the last one ended.
 */
function viewCannotShow(state: PetitionState, action: ActionName, now: number): boolean {
  if (action !== 'startHearing') return false;
  const hearings = state.reReview?.hearings ?? [];
  const today = new Date(now + 8 * 3600_000).toISOString().slice(0, 10);
  return hearings[hearings.length - 1]?.endDate === today;
}
