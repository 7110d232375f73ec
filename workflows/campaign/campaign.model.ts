/**
 * What a campaign is while it runs: its state, each case's state, and what a transition emits.
 * Shared by the rules (campaign.state.ts), time (campaign.time.ts) and the view (campaign.view.ts).
 */
import { RefusalError } from '../refusal-error';
import type { AppliedRequestIdentity } from '../../libs/process/request-fingerprint';
import type {
  BulletinRecord,
  CampaignActionArgs,
  CampaignCaseFacts,
  CampaignCaseView,
  CampaignEscalation,
  CampaignEvent,
  CampaignLedgerEntry,
  CampaignView,
  PlanStepView,
} from './campaign.contract';

export { DAY_MS } from '../../libs/process/calendar';

/** A refused campaign action: as the petition's ActionRejected, with the field, rule key and params of RefusalDetails. */
export class CampaignActionRejected extends RefusalError {
  override readonly name = 'CampaignActionRejected';
}

export interface Outbox {
  events: CampaignEvent[];
  ledger: CampaignLedgerEntry[];
  escalations: CampaignEscalation[];
  bulletins: BulletinRecord[];
}
export function emptyOutbox(): Outbox {
  return { events: [], ledger: [], escalations: [], bulletins: [] };
}

export interface PlanStepState extends Omit<PlanStepView, 'overdue'> {}

export interface CampaignCaseState extends Omit<CampaignCaseView, 'plan' | 'petitionStep'> {
  accusedUnitId: string | null;
  unitLevel: CampaignCaseFacts['unitLevel'];
  regionPath: string;
  offices: CampaignCaseFacts['offices'];
  plan: PlanStepState[];
  nextStepNo: number;
  /** The petition's reopen count when last seen: a higher count later is a relapse (反弹). */
  reopenedCountSeen: number;
  earlierStrikeOffs: NonNullable<CampaignCaseView['strikeOff']>[];
  /** The petition's step as last read (at joining, each 调度, a v2 report or 销号); absent in states from before it was kept. */
  petitionStep?: CampaignCaseFacts['step'];
}

/** What the campaign's view shows of itself, plus what only the workflow keeps. */
export interface CampaignState extends Pick<
  CampaignView,
  | 'campaignId'
  | 'policyVersion'
  | 'name'
  | 'planRef'
  | 'office'
  | 'startDate'
  | 'targetDate'
  | 'cadenceDays'
  | 'status'
  | 'createdAt'
  | 'createdBy'
  | 'closedAt'
  | 'closeReason'
  | 'bulletinsIssued'
> {
  rules: CampaignActionArgs['createCampaign']['rules'];
  /** The launch request and its arguments: a retry is answered, a different launch under the same id refused. */
  createRequest: { requestId: string; args: string };
  cases: CampaignCaseState[];
  appliedRequests: Record<string, number>;
  /** requestId → the action and fingerprint it was applied with (absent for requests from before it was kept). */
  appliedActions?: Record<string, AppliedRequestIdentity>;
  revision: number;
  eventSeq: number;
}

export function findCase(state: CampaignState, petitionId: unknown): CampaignCaseState | undefined {
  return state.cases.find((c) => c.petitionId === petitionId);
}
