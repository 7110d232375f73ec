/**
 * The campaign workflow's contract (专项攻坚, DOMAIN §9): its name, id scheme, updates, query, the
 * view it returns and what its activities read and write. The API imports this and the pure
 * campaign policy, nothing else from the workflow side.
 */
import { CAMPAIGN_CASE_ACTIONS } from '../../libs/process/campaign-case-actions';
import type { WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { recordOf } from '../../libs/process/action-names';
import type { BulletinFigures } from '../../libs/process/campaign-bulletin';
import type { CampaignDefinition, CampaignOffice } from '../../libs/process/campaign-definition';
import type {
  CampaignActionName,
  CampaignCaseStatus,
  CampaignSelectionRules,
  LeaderLevel,
  SelectionReason,
} from '../../libs/process/campaign-policy';
import type {
  CampaignCaseFacts,
  SelectedCase,
  SelectionQuery,
  SelectionResult,
} from '../../libs/process/campaign-selection';
import type {
  AccountabilityRuleId,
  FollowUpResult,
  PetitionCategory,
  Rating,
  Step,
  SuggestedAction,
} from '../../libs/process/policy';
import type { ActionRequest, Actor } from '../../libs/process';

export type { CampaignCaseFacts, CampaignDefinition, CampaignOffice, SelectedCase, SelectionQuery, SelectionResult };

export const CAMPAIGN_WORKFLOW_TYPE = 'campaignWorkflow';

/**
 * Pending campaign events leave the workflow only once projected, one flush after another.
 * Histories without the marker dropped a batch before it was stored and replay as they ran.
 */
export const CAMPAIGN_PROJECTION_KEEPS_PENDING_PATCH = 'campaign-projection-keeps-pending-until-stored';

/**
 * A v2 campaign (已化解 from the petition's own state) reads the petition before a progress report
 * or a 销号: a new activity call, marked so that replay of histories without it stays exact.
 */
export const CAMPAIGN_RESOLUTION_FROM_PETITION_PATCH = 'campaign-resolution-from-petition-state';

/**
 * Campaigns launched from this marker on run policy v2 (已化解 from the petition's state); a history
 * launched without it was launched under v1 and keeps it on replay.
 */
export const CAMPAIGN_POLICY_V2_AT_LAUNCH_PATCH = 'campaign-policy-v2-at-launch';

export function campaignWorkflowId(campaignId: string): string {
  return `campaign-${campaignId}`;
}

/** At most this many uploaded files back one 销号. */
export const MAX_STRIKE_OFF_EVIDENCE_FILES = 20;

/** One uploaded file (案件材料 of kind closureEvidence) a 销号 rests on: the version named, and its hash. */
export interface StrikeOffEvidenceFile {
  materialId: string;
  fileId: string;
  sha256: string;
}

export interface CampaignActionArgs extends Record<CampaignActionName, unknown> {
  createCampaign: CampaignDefinition;
  closeCampaign: { reason: string };
  addCase: { petitionId: string; reason: string };
  removeCase: { petitionId: string; reason: string };
  assignLeader: { petitionId: string; level: LeaderLevel; leaderUserId: string };
  setResponsiblePerson: { petitionId: string; personUserId: string };
  editPlan: { petitionId: string; steps: PlanStepInput[]; note: string };
  recordProgress: { petitionId: string; status: CampaignCaseStatus; note: string; stepsDone?: string[] };
  recordFollowUpCheck: { petitionId: string; result: FollowUpResult; note: string };
  strikeOff: {
    petitionId: string;
    documentRef: string;
    petitionerStatementRef?: string;
    rating?: Rating;
    note: string;
    /** Uploaded 销号佐证 of the case, checked by the API: ids and hashes only, never content. */
    evidenceFiles?: StrikeOffEvidenceFile[];
  };
  reportRelapse: { petitionId: string; note: string };
}
export type { CampaignActionName };
/** The campaign's own actions, then those taken on one of its cases. */
export const CAMPAIGN_ACTION_NAMES: readonly CampaignActionName[] = [
  'createCampaign',
  'closeCampaign',
  'addCase',
  ...CAMPAIGN_CASE_ACTIONS,
];

/** A step of a case's plan (一案一策). `stepId` names an existing step to keep (its fired rungs stay). */
export interface PlanStepInput {
  stepId?: string;
  title: string;
  /** YYYY-MM-DD: the step is due at 24:00 Asia/Shanghai of that day. */
  dueDate: string;
  ownerUserId: string;
}

export interface PlanStepView {
  stepId: string;
  title: string;
  dueDate: string;
  dueAt: number;
  ownerUserId: string;
  doneAt: number | null;
  overdue: boolean;
  firedRungs: string[];
  generation: number;
}

export interface CampaignLeader {
  level: LeaderLevel;
  userId: string;
  assignedBy: string;
  assignedByUnitId: string;
  assignedAt: number;
}

export interface CampaignCaseView {
  petitionId: string;
  category: PetitionCategory;
  imported: boolean;
  joinedAt: number;
  /** How the case joined: by the campaign's rules (with the reasons) or added by the office (with its reason). */
  joined:
    | { by: 'rule'; reasons: SelectionReason[] }
    | { by: 'manual'; userId: string; reason: string }
    | { by: 'relapse'; reason: string };
  unitId: string;
  responsiblePersonId: string | null;
  /** 三级领导包案, the level closest to the case first: overdue steps reach them in this order. */
  leaders: CampaignLeader[];
  plan: PlanStepView[];
  status: CampaignCaseStatus;
  /** The petition's own step as the campaign last read it (v2 counts 已化解 only while it is settled). */
  petitionStep: Step | null;
  statusNote: string | null;
  statusAt: number | null;
  /** 回头看 before 销号. */
  followUp: {
    dueAt: number;
    status: 'scheduled' | 'open' | 'passed' | 'relapsed';
    recordedAt: number | null;
    note: string | null;
  } | null;
  strikeOff: {
    at: number;
    byUserId: string;
    documentRef: string;
    petitionerStatementRef: string | null;
    rating: Rating | null;
    note: string;
    /** Absent in strike-offs recorded before files could be named (and when none were). */
    evidenceFiles?: StrikeOffEvidenceFile[];
  } | null;
  relapses: number;
  removed: { at: number; byUserId: string; reason: string } | null;
}

export interface CampaignView {
  campaignId: string;
  policyVersion: string;
  name: string;
  planRef: string;
  office: CampaignOffice;
  startDate: string;
  targetDate: string;
  cadenceDays: number;
  rules: CampaignSelectionRules;
  status: 'active' | 'closed';
  createdAt: number;
  createdBy: string;
  closedAt: number | null;
  closeReason: string | null;
  nextBulletinAt: number | null;
  bulletinsIssued: number;
  cases: CampaignCaseView[];
  revision: number;
}

/** One line of the campaign's timeline; (campaign, seq) is its key in the read model. */
export interface CampaignEvent {
  seq: number;
  type: string;
  at: number;
  actor: Actor | null;
  requestId: string | null;
  petitionId: string | null;
  data: Record<string, unknown>;
}

/** A ledger record from a campaign: about a case (overdue step, relapse) or about a unit (laggard). */
export interface CampaignLedgerEntry {
  key: string;
  rule: AccountabilityRuleId;
  petitionId: string | null;
  unitId: string;
  responsibleUserId: string | null;
  severity: 'low' | 'medium' | 'high';
  suggestedAction: SuggestedAction;
  basis: string;
  at: number;
  evidence: {
    campaignId: string;
    workflowId: string;
    petitionId: string | null;
    eventSeqs: number[];
    historyLength: number | null;
    bulletinNo?: number;
  };
  detail: Record<string, unknown>;
}

/** A rung of an overdue plan step, addressed to a case leader (or the office when the case has no leader of that rank). */
export interface CampaignEscalation {
  key: string;
  petitionId: string;
  clockKey: string;
  clockId: 'campaignPlanStep';
  rung: string;
  at: number;
  dueAt: number;
  unitId: string;
  recipients: { kind: 'caseLeader' | 'campaignOffice'; userId?: string; unitId?: string; level?: LeaderLevel }[];
}

export interface BulletinRecord {
  bulletinNo: number;
  kind: 'scheduled' | 'final';
  figures: BulletinFigures;
}

export interface CampaignProjection {
  campaignId: string;
  workflowId: string;
  revision: number;
  view: CampaignView;
  events: CampaignEvent[];
  ledger: CampaignLedgerEntry[];
  escalations: CampaignEscalation[];
  bulletins: BulletinRecord[];
}

export interface CampaignActivities {
  selectCampaignCases(query: SelectionQuery): Promise<SelectionResult>;
  describeCampaignCase(query: {
    petitionId: string;
    regionPath: string;
    officeUnitId: string;
  }): Promise<CampaignCaseFacts | null>;
  projectCampaign(batch: CampaignProjection): Promise<void>;
}

export interface CampaignWorkflowInput {
  campaignId: string;
  /** A campaign continued-as-new: its full state (opaque to callers). */
  resume?: unknown;
  continueAsNewAtHistoryLength?: number;
}

export const campaignViewQuery = defineQuery<CampaignView>('campaignView');

/** The update of one campaign action: its request carries that action's own arguments. */
export type CampaignActionUpdate<A extends CampaignActionName> = UpdateDefinition<
  CampaignView,
  [ActionRequest<CampaignActionArgs[A]>],
  A
>;

/** The update of one campaign action, typed with that action's arguments (defining an update only names it). */
export function campaignActionUpdate<A extends CampaignActionName>(action: A): CampaignActionUpdate<A> {
  return defineUpdate<CampaignView, [ActionRequest<CampaignActionArgs[A]>], A>(action);
}

/** One Temporal update per campaign action. */
export const campaignUpdates = recordOf<{ [A in CampaignActionName]: CampaignActionUpdate<A> }>(
  CAMPAIGN_ACTION_NAMES,
  campaignActionUpdate,
);

/**
 * Sends one action to a campaign's workflow; the request must carry that action's arguments.
 * `updateId` makes a retry of the same request an answer from the server, not a second attempt.
 */
export function executeCampaignAction<A extends CampaignActionName>(
  handle: WorkflowHandle,
  action: A,
  request: ActionRequest<CampaignActionArgs[A]>,
  updateId?: string,
): Promise<CampaignView> {
  return handle.executeUpdate(campaignActionUpdate(action), { args: [request], updateId });
}
