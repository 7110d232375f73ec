/**
 * One durable workflow per petition. It holds the procedure's state, waits on staff updates and on
 * the next due instant of any clock, and calls activities for every side effect. The rules live in
 * the pure transition modules beside it (state.ts and one file per concern) and the policy module; this file is only the loop around them.
 */
import {
  ApplicationFailure,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
} from '@temporalio/workflow';
import type { ActionArgs, ActionName, ActionRequest, PetitionView } from '../../libs/process';
import { ACTION_NAMES } from '../../libs/process/action-names';
import {
  NoticeActivities,
  PetitionActivities,
  PetitionWorkflowInput,
  LOCAL_SIDE_EFFECTS_PATCH,
  OUTCOME_NOTICES_PATCH,
  ACCOUNTABLE_UNITS_PATCH,
  DELIVERY_RECORDS_PATCH,
  APPROVALS_PATCH,
  PROJECTION_KEEPS_PENDING_PATCH,
  STATUTORY_CALENDAR_PATCH,
  TAKEOVER_OBJECTION_POLICY_PATCH,
  WELL_FORMED_REGISTRATION_PATCH,
  WRITTEN_NOTICES_PATCH,
  MATERIALS_PATCH,
  recordMaterialUpdate,
  milestonesQuery,
  actionUpdate,
  petitionViewQuery,
  petitionWorkflowId,
} from './petition.contract';
import { applyAction, requireSameRequest, unitsNeeded, validateActionForUpdate } from './actions';
import { advanceTime, isFinished, nextWakeAt, notePersonsInCharge, unitsLapsingBy } from './passage-of-time';
import { register } from './registration';
import { findIllFormedText } from '../../libs/process/well-formed-text';
import { attachNotice, registrationNotice } from './notices';
import { CALENDAR_VERSION, WEEKENDS_ONLY_CALENDAR_VERSION } from '../../libs/process/calendar';
import { POLICY_2022_V1, POLICY_2022_V2 } from '../../libs/process/policy';
import { Outbox, PetitionState, emptyOutbox } from './state';
import { petitionView } from './view';
import { ProjectionQueue } from '../projection-queue';
import { setActionUpdate, throwAsRefusalFailure, underRefusal } from '../refusal-failure';
import { WakeUp, continueAsNewWhenLong, finishHandlers } from '../run-loop';
import { materialRecordProblem } from '../../libs/process/materials';
import { recordMaterial } from './materials';

// Projection and lookups are short database calls: retry quickly, for as long as the database is
// down (a case must never lose a transition because PostgreSQL restarted).
const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
const activities = proxyActivities<PetitionActivities>(ACTIVITY_OPTIONS);
// The same calls run by the worker inside the workflow task that needs them: no round trip through
// the server to schedule, dispatch and complete each one, so a transition costs one workflow task
// instead of two or three (a route was three tasks and two activities). Both are idempotent, so a
// worker lost mid-task and the task redone elsewhere changes nothing.
const localActivities = proxyLocalActivities<PetitionActivities>(ACTIVITY_OPTIONS);
function sideEffects(): PetitionActivities {
  return patched(LOCAL_SIDE_EFFECTS_PATCH) ? localActivities : activities;
}

// Rendering a notice takes up to a few seconds; like the projection, it is retried until it is stored.
const notices = proxyActivities<NoticeActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

export async function petitionWorkflow(input: PetitionWorkflowInput): Promise<PetitionView> {
  let state: PetitionState;
  let pending: Outbox = emptyOutbox();
  if (input.resume) {
    state = input.resume as PetitionState;
  } else {
    if (!input.registration)
      throw ApplicationFailure.nonRetryable('a petition workflow needs a registration', 'BadInput');
    try {
      // Asked only of a registration with such text: a well-formed one records no marker.
      const refuseIllFormedText =
        findIllFormedText(input.registration) === null || patched(WELL_FORMED_REGISTRATION_PATCH);
      // Cases started before the statutory calendar keep counting Monday–Friday beyond the notices.
      const calendarVersion = patched(STATUTORY_CALENDAR_PATCH) ? CALENDAR_VERSION : WEEKENDS_ONLY_CALENDAR_VERSION;
      // Cases started before policy v2 (提级 keeps records, verified objections) keep v1.
      const policy = patched(TAKEOVER_OBJECTION_POLICY_PATCH) ? POLICY_2022_V2 : POLICY_2022_V1;
      ({ state, outbox: pending } = register(input.registration, Date.now(), policy, calendarVersion, {
        refuseIllFormedText,
      }));
    } catch (error) {
      throwAsRefusalFailure(error);
    }
  }
  // Cases whose history predates it replay with the rules they ran with: an office supervising its
  // own lapse, the accepting handler as the responsible person, caught-up rungs dated when they fell due.
  state.accountableUnits = state.accountableUnits ?? patched(ACCOUNTABLE_UNITS_PATCH);
  // Cases whose history predates written notices replay without them (and keep free document references).
  state.writtenNotices = state.writtenNotices ?? patched(WRITTEN_NOTICES_PATCH);
  // Only a case that issues written notices asks (its history then has both markers).
  state.outcomeNotices = state.outcomeNotices ?? (state.writtenNotices && patched(OUTCOME_NOTICES_PATCH));
  // Cases started before recorded a delivery's date alone, checked to the day, and replay so.
  state.deliveryRecords = state.deliveryRecords ?? patched(DELIVERY_RECORDS_PATCH);
  // 签发: replies and decisions drafted, then approved by the unit head. A case that started before
  // keeps its one-step issue for its whole life: its history has no marker, and a run it continued
  // as new carries state without the flag, which is never asked again (it would say yes then).
  state.approvals = state.approvals ?? (!input.resume && !!state.writtenNotices && patched(APPROVALS_PATCH));
  if (!input.resume) {
    const owed = registrationNotice(state, pending);
    if (owed) pending.notices.push(owed);
  }
  const wakeUp = new WakeUp();

  const projection = new ProjectionQueue(
    {
      outbox: () => pending,
      parts: ['events', 'ledger', 'escalations'],
      holdsNews: (batch) => batch.events.length > 0,
      revision: () => state.revision,
      project: (batch, revision, historyLength) =>
        sideEffects().projectPetition({
          petitionId: state.petitionId,
          workflowId: petitionWorkflowId(state.petitionId),
          revision,
          view: petitionView(state, Date.now()),
          events: batch.events,
          ledger: batch.ledger.map((entry) => ({ ...entry, evidence: { ...entry.evidence, historyLength } })),
          escalations: batch.escalations,
        }),
    },
    input.resume ? state.revision : 0,
  );
  const flush = (): Promise<void> => projection.flush(patched(PROJECTION_KEEPS_PENDING_PATCH));

  /** The notices owed, rendered and stored; the case keeps their id, hash and 文号. */
  async function issueOwedNotices(): Promise<void> {
    for (const notice of pending.notices.splice(0))
      attachNotice(state, notice, await notices.issueNotice(notice.request));
  }

  /** Fires whatever fell due before an action is judged, so an action never sees a stale clock. */
  function catchUp(): void {
    advanceTime(state, Date.now(), pending);
  }

  setHandler(petitionViewQuery, () => petitionView(state, Date.now()));
  setHandler(milestonesQuery, () => [...state.milestones]);

  /** One action's update: its handler and validator take that action's own request. */
  function setActionHandler<A extends ActionName>(action: A): void {
    const handler = async (request: ActionRequest<ActionArgs[A]>): Promise<PetitionView> => {
      catchUp();
      if (state.appliedRequests[request.requestId] === undefined) {
        const unitIds = unitsNeeded(state, action, request);
        const units = unitIds.length > 0 ? await sideEffects().describeUnits(unitIds) : {};
        try {
          // Validated again after the lookup: another update may have moved the case meanwhile.
          applyAction(state, action, request, Date.now(), units, pending);
        } catch (error) {
          await flush(); // a refused attempt that is evidence was recorded: keep it
          throwAsRefusalFailure(error);
        }
        await issueOwedNotices();
        wakeUp.request();
      } else {
        // Applied meanwhile (the validator ran before): only the same request is a retry.
        underRefusal(() => requireSameRequest(state, action, request));
      }
      await flush();
      return petitionView(state, Date.now());
    };
    setActionUpdate(actionUpdate(action), handler, (request) =>
      validateActionForUpdate(state, action, request, Date.now()),
    );
  }
  for (const action of ACTION_NAMES) setActionHandler(action);

  setHandler(
    recordMaterialUpdate,
    async (record) => {
      patched(MATERIALS_PATCH);
      const seq = recordMaterial(state, pending, record, Date.now());
      await flush();
      return { seq };
    },
    {
      // The API checks the same before it stores the file: only a forged update meets this.
      validator: (record) => {
        const problem = materialRecordProblem(record);
        if (problem) throw ApplicationFailure.nonRetryable(problem, 'MaterialRecordRefused');
        if (isFinished(state)) throw ApplicationFailure.nonRetryable('the case has ended', 'MaterialRecordRefused');
      },
    },
  );

  /**
   * Before a lapse is recorded, the person in charge of each unit that lapses with no 承办人, as the
   * unit directory names them now (an admin may have named another since the case reached the unit).
   * A local activity, asked only when such a lapse is due, so its answer is in the history and
   * replays; cases without ACCOUNTABLE_UNITS_PATCH never ask and keep the units they resolved.
   */
  async function lookUpPersonsInCharge(): Promise<void> {
    const unitIds = unitsLapsingBy(state, Date.now());
    if (unitIds.length === 0) return;
    notePersonsInCharge(state, await sideEffects().describeUnits(unitIds));
  }

  for (;;) {
    if (state.accountableUnits) await lookUpPersonsInCharge();
    advanceTime(state, Date.now(), pending);
    // Owed here only by a registration that ended at once (不再受理); none in earlier histories.
    if (pending.notices.length > 0) await issueOwedNotices();
    await flush();
    if (isFinished(state)) break;
    await continueAsNewWhenLong(input.continueAsNewAtHistoryLength, flush, () =>
      continueAsNew<typeof petitionWorkflow>({
        resume: state,
        continueAsNewAtHistoryLength: input.continueAsNewAtHistoryLength,
      }),
    );
    await wakeUp.sleepUntil(nextWakeAt(state));
  }
  await finishHandlers(flush);
  return petitionView(state, Date.now());
}
