/**
 * The petition workflow's contract: its name, id scheme, input, updates, queries and activities.
 * The words they speak (units, actors, action arguments, the view, ledger entries) are the domain's,
 * in libs/process; this file is all the API imports from the workflow side.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { ACTION_NAMES, recordOf } from '../../libs/process/action-names';
import type {
  ActionArgs,
  ActionName,
  ActionRequest,
  Actor,
  BacklogHistory,
  DocumentRef,
  NoticeRequest,
  IntakeChannel,
  Milestone,
  PetitionCategory,
  PetitionView,
  ProjectionBatch,
  UnitRef,
} from '../../libs/process';
import type { MaterialRecord } from '../../libs/process/materials';

export const PETITION_WORKFLOW_TYPE = 'petitionWorkflow';

/** Workflow ids carry the petition id only: no personal data in ids (DOMAIN §6). */
export function petitionWorkflowId(petitionId: string): string {
  return `petition-${petitionId}`;
}

/** The petition id a workflow id carries (the inverse of petitionWorkflowId). */
export function petitionIdOfWorkflowId(workflowId: string): string {
  return workflowId.replace(/^petition-/, '');
}

export interface RegistrationInput {
  petitionId: string;
  requestId: string;
  registeredBy: Actor;
  registeringUnit: UnitRef;
  category: PetitionCategory;
  channel: IntakeChannel;
  /** When the petition office received it (may precede registration, e.g. a letter). */
  receivedAt: number;
  urgent: boolean;
  collective: boolean;
  repeatOf: string[];
  /** 检举控告: the accused unit, which may never receive or see the case. */
  accusedUnitId: string | null;
  /** The receiving unit handles the matter itself instead of routing it. */
  handleDirectly: boolean;
  /**
   * 积案 registered with its history: `receivedAt` is then the first receipt (`backlog.firstReceivedAt`),
   * and the statutory clocks run from the registration instead.
   */
  backlog?: BacklogHistory;
  /**
   * Why a petition received long ago is registered only now (the API requires it beyond
   * RECEIVED_AT_MAX_AGE_DAYS); recorded on the registration event and the lateRegistration ledger
   * record. Absent in histories from before it existed.
   */
  lateRegistrationReason?: string | null;
  /**
   * 不再受理: one of `repeatOf` whose re-review (复核) finally decided the same matter (the API finds
   * it in the read model). The petition is registered and ends at once, naming that case.
   */
  notAcceptedAgainOf?: string | null;
  /**
   * 信访件编号 (e.g. 示县信〔2026〕第00123号), allocated by the API in the transaction that records the
   * intake; carried so the case's events, views and documents name it. Absent in earlier histories.
   */
  caseNumber?: string;
}

export const REJECTION_FAILURE_TYPE_PREFIX = 'PetitionActionRejected.';

export const petitionViewQuery = defineQuery<PetitionView>('petitionView');
export const milestonesQuery = defineQuery<Milestone[]>('milestones');

/**
 * A material attached to the case: its SHA-256 and size enter the history, nothing else (see
 * libs/process/materials.ts). Answers the sequence number of the timeline event that records it.
 */
export const recordMaterialUpdate = defineUpdate<{ seq: number }, [MaterialRecord]>('recordMaterial');

/** The update of one action: its request carries that action's own arguments. */
export type ActionUpdate<A extends ActionName> = UpdateDefinition<PetitionView, [ActionRequest<ActionArgs[A]>], A>;

/**
 * The update of one action, typed with that action's arguments. Defining an update only names it,
 * so the workflow's handlers and the API's calls each ask for theirs here.
 */
export function actionUpdate<A extends ActionName>(action: A): ActionUpdate<A> {
  return defineUpdate<PetitionView, [ActionRequest<ActionArgs[A]>], A>(action);
}

/** One Temporal update per staff action, named as in DOMAIN §2a. */
export const petitionUpdates = recordOf<{ [A in ActionName]: ReturnType<typeof actionUpdate<A>> }>(
  ACTION_NAMES,
  actionUpdate,
);

/**
 * Sends one action to a case's workflow; the request must carry that action's arguments. `updateId`
 * makes a retry of the same request an answer from the server, not a second attempt.
 */
export function executeAction<A extends ActionName>(
  handle: WorkflowHandle,
  action: A,
  request: ActionRequest<ActionArgs[A]>,
  updateId: string,
): Promise<PetitionView> {
  return handle.executeUpdate(actionUpdate(action), { args: [request], updateId });
}

/** The activities the petition workflow calls; implemented in activities/, idempotent. */
export interface PetitionActivities {
  /** Returns the batch when run as a local activity: its marker is then the batch's record in the history. */
  projectPetition(batch: ProjectionBatch): Promise<ProjectionBatch | null>;
  describeUnits(unitIds: string[]): Promise<Record<string, UnitRef | null>>;
}

/** Renders and stores a written notice (受理告知书, 处理意见书, …); idempotent by the request's document key. */
export interface NoticeActivities {
  issueNotice(request: NoticeRequest): Promise<DocumentRef>;
}

/** Cases (and parts of histories) from before local activities keep their activity tasks on replay. */
export const LOCAL_SIDE_EFFECTS_PATCH = 'local-projection-and-unit-lookups';

/** The patch marker of written notices: cases whose history lacks it keep free document references. */
export const WRITTEN_NOTICES_PATCH = 'written-notices';

/**
 * Every outcome in writing: 不再受理 (at registration or by action) and 导入 issue their notice too.
 * Cases whose history lacks the marker ended those ways without a document, and replay so.
 */
export const OUTCOME_NOTICES_PATCH = 'outcome-notices';

/**
 * New cases count by the calendar that computes the statutory holidays of years with no official
 * notice yet (CALENDAR_VERSION); cases whose history lacks the marker keep the Monday–Friday
 * fallback (WEEKENDS_ONLY_CALENDAR_VERSION) until an admin re-projects them.
 */
export const STATUTORY_CALENDAR_PATCH = 'statutory-holiday-calendar';

/**
 * Pending events leave the workflow only once the projection stored them (or quarantined them),
 * and flushes run one after another. Histories without the marker dropped a batch before it was
 * stored and replay as they ran.
 */
export const PROJECTION_KEEPS_PENDING_PATCH = 'projection-keeps-pending-until-stored';

/**
 * A registration carrying text no record can hold is refused. The marker is set only when such a
 * registration arrives, so histories that started with one before the check replay as they ran.
 */
export const WELL_FORMED_REGISTRATION_PATCH = 'well-formed-registration-text';

/**
 * The case names the unit that lapsed and the person who owed the act (DOMAIN §4, §5): no office
 * supervises its own lapse, 督办 feedback is owed by the unit that lapsed and decided by the office
 * that asked, the ledger names the 承办人 (分办) or the unit's person in charge, looked up before a
 * lapse is recorded, and an event caught up on is dated when it was recorded (`refersTo` its due
 * instant). Set on the case at its start; histories without the marker replay as they ran.
 */
export const ACCOUNTABLE_UNITS_PATCH = 'accountable-units-and-truthful-time';

/**
 * New cases run policy xinfang-2022/v2: 提级办理 leaves the original unit's lapses with it and gives
 * the unit above a fresh period; an objection to a misroute waits for the routing office to agree
 * or refuse (Art 23). Chosen at registration; histories without the marker keep v1 and replay so.
 */
export const TAKEOVER_OBJECTION_POLICY_PATCH = 'takeover-objection-policy-v2';

/**
 * 送达 as a record: a delivery names its method (直接, 邮寄, 电子, 留置, 公告) and who signed the 送达回证,
 * and is refused before the document was issued (to the minute, not the day). Set on the case at
 * its start; histories without the marker recorded a date alone and replay with the day-level check.
 */
export const DELIVERY_RECORDS_PATCH = 'delivery-records';

/**
 * 签发 (DOMAIN §2a): the 处理意见书 and the review and re-review decisions are drafted, previewed as
 * a 草稿, and issued (文号, document, clock stopped) only when the drafting unit's head approves.
 * Asked only by a case with written notices; histories without the marker issue in one step.
 */
export const APPROVALS_PATCH = 'approvals-draft-and-sign-off';

/**
 * Materials (案件材料): the first recordMaterial update of a case sets this marker. No history from
 * before it has such an update, so none replays through the handler; the marker says when the case
 * began to record materials.
 */
export const MATERIALS_PATCH = 'materials-recorded';

export interface PetitionWorkflowInput {
  /** A new case. */
  registration?: RegistrationInput;
  /** A case continued-as-new: its full state (opaque to callers). */
  resume?: unknown;
  /** Continue-as-new once history reaches this many events (default: the server's suggestion, or 10,000). */
  continueAsNewAtHistoryLength?: number;
}
