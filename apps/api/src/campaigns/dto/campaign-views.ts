/**
 * A campaign as the API shows it (OpenAPI schemas and the types the mappers return): instants as
 * ISO-8601 +08:00, dates as YYYY-MM-DD. Each viewer sees the cases and lines of their own unit (or,
 * for the office and the levels above, all of them), never an accusation against their own unit.
 */
import { ApiProperty } from '@nestjs/swagger';
import { CAMPAIGN_CASE_STATUSES, LEADER_LEVELS_TOP_DOWN, SELECTION_REASONS } from '@/libs/process/campaign-policy';
import { RATINGS, STEPS } from '@/libs/process/policy';
import { ApiDate, ApiInstant } from '../../common/wire-instant';
import { SelectionRulesDto } from './campaign-requests';

const nullable = (type: unknown, description?: string) =>
  ApiProperty({ type: type as never, nullable: true, required: true, description });

export class CampaignOfficeView {
  @ApiProperty({ example: 'c-xfj' }) unitId!: string;
  @ApiProperty({ enum: ['province', 'city', 'county'] }) level!: string;
  @ApiProperty({ example: 'p.c', description: "the region in scope (属地管理): the office's units and those below" })
  regionPath!: string;
}

export class CampaignLeaderView {
  @ApiProperty({ enum: LEADER_LEVELS_TOP_DOWN }) level!: string;
  @ApiProperty() userId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: "the leader's name (张三)" })
  name!: string | null;
  @ApiProperty() assignedBy!: string;
  @ApiProperty({ description: 'the petition office of that level that assigned the leader' }) assignedByUnitId!: string;
  @ApiInstant() assignedAt!: string;
}

export class PlanStepView {
  @ApiProperty({ example: 's1' }) stepId!: string;
  @ApiProperty() title!: string;
  @ApiDate() dueDate!: string;
  @ApiInstant('24:00 of the due date') dueAt!: string;
  @ApiProperty() ownerUserId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: "the owner's name (张三)" })
  ownerName!: string | null;
  @ApiInstant(undefined, { nullable: true }) doneAt!: string | null;
  @ApiProperty({ description: 'not done and past its due instant' }) overdue!: boolean;
  @ApiProperty({
    type: [String],
    example: ['leader1'],
    description: 'rungs fired: leader1 (the leader closest to the case), leader2, leader3',
  })
  firedRungs!: string[];
}

export class CaseFollowUpView {
  @ApiInstant() dueAt!: string;
  @ApiProperty({ enum: ['scheduled', 'open', 'passed', 'relapsed'] }) status!: string;
  @ApiInstant(undefined, { nullable: true }) recordedAt!: string | null;
  @nullable(String) note!: string | null;
}

export class StrikeOffEvidenceFileView {
  @ApiProperty({ format: 'uuid', description: 'the material (案件材料) of kind closureEvidence' }) materialId!: string;
  @ApiProperty({
    format: 'uuid',
    description: 'its version named at 销号 (download: /petitions/{id}/materials/{fileId})',
  })
  fileId!: string;
  @ApiProperty({ description: 'SHA-256 of that version, as the case workflow recorded it' }) sha256!: string;
}

export class StrikeOffView {
  @ApiInstant() at!: string;
  @ApiProperty() byUserId!: string;
  @ApiProperty() documentRef!: string;
  @nullable(String) petitionerStatementRef!: string | null;
  @ApiProperty({ enum: RATINGS, nullable: true, required: true }) rating!: string | null;
  @ApiProperty() note!: string;
  @ApiProperty({ type: [StrikeOffEvidenceFileView], description: '销号佐证: uploaded files the strike-off rests on' })
  evidenceFiles!: StrikeOffEvidenceFileView[];
}

export class RemovalView {
  @ApiInstant() at!: string;
  @ApiProperty() byUserId!: string;
  @ApiProperty() reason!: string;
}

export class CampaignCaseWireView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号' }) caseNumber!: string | null;
  @ApiProperty({ enum: ['suggestion', 'accusation', 'appeal'] }) category!: string;
  @ApiProperty({ description: 'backlog registered with its history (积案)' }) imported!: boolean;
  @ApiInstant('when the case joined') joinedAt!: string;
  @ApiProperty({
    description:
      'how it joined: by the rules ({ by: rule, reasons }), added by the office ({ by: manual, userId, reason })',
    example: { by: 'rule', reasons: ['openLongerThan'] },
    type: 'object',
    additionalProperties: true,
  })
  joined!: { by: string; reasons?: string[]; userId?: string; reason?: string };
  @ApiProperty({
    enum: SELECTION_REASONS,
    isArray: true,
    description: 'the rules the case met when it joined (empty when added by hand)',
  })
  reasons!: string[];
  @ApiProperty({ description: 'the responsible unit' }) unitId!: string;
  @nullable(String, 'the responsible person') responsiblePersonId!: string | null;
  @nullable(String, "the responsible person's name (张三)") responsiblePersonName!: string | null;
  @ApiProperty({
    type: [CampaignLeaderView],
    description: '三级领导包案, closest to the case first: overdue steps reach them in this order',
  })
  leaders!: CampaignLeaderView[];
  @ApiProperty({ type: [PlanStepView], description: '一案一策' }) plan!: PlanStepView[];
  @ApiProperty({ enum: CAMPAIGN_CASE_STATUSES, description: "the responsible unit's report" }) status!: string;
  @ApiProperty({
    enum: STEPS,
    nullable: true,
    required: true,
    description: "the petition's own step as the campaign last read it (null: not read yet)",
  })
  petitionStep!: string | null;
  @ApiProperty({
    description:
      "counted 已化解 in the campaign's figures: struck off, or reported resolved and (policy v2) the petition itself settled — its reply issued and delivered, or closed",
  })
  countedResolved!: boolean;
  @nullable(String) statusNote!: string | null;
  @ApiInstant(undefined, { nullable: true }) statusAt!: string | null;
  @ApiProperty({ type: CaseFollowUpView, nullable: true, required: true, description: '回头看 before 销号' })
  followUp!: CaseFollowUpView | null;
  @ApiProperty({ type: StrikeOffView, nullable: true, required: true, description: '销号' })
  strikeOff!: StrikeOffView | null;
  @ApiProperty({ description: 'times the case came back after being reported resolved (反弹)' }) relapses!: number;
  @ApiProperty({ type: RemovalView, nullable: true, required: true }) removed!: RemovalView | null;
}

export class CampaignWireView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty({ example: 'campaign-2025/v1' }) policyVersion!: string;
  @ApiProperty() name!: string;
  @ApiProperty() planRef!: string;
  @ApiProperty({ type: CampaignOfficeView }) office!: CampaignOfficeView;
  @ApiDate() startDate!: string;
  @ApiDate() targetDate!: string;
  @ApiProperty() cadenceDays!: number;
  @ApiProperty({ type: SelectionRulesDto }) rules!: SelectionRulesDto;
  @ApiProperty({ enum: ['active', 'closed'] }) status!: string;
  @ApiInstant() createdAt!: string;
  @ApiProperty() createdBy!: string;
  @ApiInstant(undefined, { nullable: true }) closedAt!: string | null;
  @nullable(String) closeReason!: string | null;
  @ApiInstant('the next bulletin (调度/通报)', { nullable: true }) nextBulletinAt!: string | null;
  @ApiProperty() bulletinsIssued!: number;
  @ApiProperty({
    description:
      'all cases of the campaign (removed ones included), whether or not you see them, but for an accusation against your own unit (never counted for it)',
  })
  caseCount!: number;
  @ApiProperty({
    type: [CampaignCaseWireView],
    description:
      "the cases you may see: all for the office and the levels above; your unit's (or, as a leader, yours) otherwise",
  })
  cases!: CampaignCaseWireView[];
  @ApiProperty() revision!: number;
}

export class CampaignSummaryView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() officeUnitId!: string;
  @ApiProperty({ enum: ['active', 'closed'] }) status!: string;
  @ApiDate() startDate!: string;
  @ApiDate() targetDate!: string;
  @ApiInstant() createdAt!: string;
}

export class SelectedCaseView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号' }) caseNumber!: string | null;
  @ApiProperty({ enum: ['suggestion', 'accusation', 'appeal'] }) category!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty() step!: string;
  @ApiInstant() receivedAt!: string;
  @ApiProperty() imported!: boolean;
  @ApiProperty({ enum: SELECTION_REASONS, isArray: true }) reasons!: string[];
  @ApiProperty({ description: "already in the campaign (only for a campaign's own preview)" }) inCampaign!: boolean;
}

export class SelectionPreviewView {
  @ApiInstant('the instant the rules were applied') asOf!: string;
  @ApiProperty({ example: 'p.c' }) regionPath!: string;
  @ApiProperty({ type: [SelectedCaseView] }) cases!: SelectedCaseView[];
}

export class BulletinLineView {
  @ApiProperty({ enum: ['total', 'unit', 'leader'] }) kind!: string;
  @ApiProperty({ description: 'unit id, leader user id, or "total"' }) subjectId!: string;
  @nullable(String, "the unit's or the leader's name") subjectName!: string | null;
  @ApiProperty() inScope!: number;
  @ApiProperty({ description: 'reported resolved, petitioner stopped or terminated (struck off or not)' })
  resolved!: number;
  @ApiProperty({ description: '销号' }) struckOff!: number;
  @ApiProperty({ example: 0.5, description: 'resolved / inScope' }) rate!: number;
  @ApiProperty({ description: 'plan steps past due and not done' }) overdueSteps!: number;
  @ApiProperty({ description: "days from the bulletin's date to the target date" }) daysToTarget!: number;
  @ApiProperty({
    enum: ['laggard', 'praise'],
    nullable: true,
    required: true,
    description: 'laggard: 约谈 suggested (a ledger record); praise: listed for 表扬',
  })
  verdict!: string | null;
  @ApiProperty({
    type: [String],
    description: 'the cases counted (your own lines only; never an accusation against your unit)',
  })
  petitionIds!: string[];
}

export class BulletinView {
  @ApiProperty({ format: 'uuid' }) campaignId!: string;
  @ApiProperty() bulletinNo!: number;
  @ApiProperty({ enum: ['scheduled', 'final'] }) kind!: string;
  @ApiInstant() asOf!: string;
  @ApiDate() date!: string;
  @ApiProperty({ description: "share of the campaign's time elapsed" }) elapsedShare!: number;
  @ApiProperty({ description: 'the rate a unit on schedule would have (linear to 100% at the target)' })
  expectedRate!: number;
  @ApiProperty() daysToTarget!: number;
  @ApiProperty({ type: BulletinLineView }) totals!: BulletinLineView;
  @ApiProperty({
    type: [BulletinLineView],
    description: 'per responsible unit: yours, or all for the office and the levels above',
  })
  units!: BulletinLineView[];
  @ApiProperty({
    type: [BulletinLineView],
    description: 'per case leader: yours, or all for the office and the levels above',
  })
  leaders!: BulletinLineView[];
  @ApiProperty({ type: [String], description: '表扬: units ahead of the expected rate (among the lines you see)' })
  praised!: string[];
  @ApiProperty({
    type: [String],
    description:
      '约谈: units below half the expected rate once a quarter of the time has passed (among the lines you see); each has a ledger record',
  })
  laggards!: string[];
}

export class CampaignEventView {
  @ApiProperty({ description: 'order of the event in the campaign (its idempotency key in the read model)' })
  seq!: number;
  @ApiProperty({
    example: 'caseJoined',
    description:
      'campaignLaunched, caseJoined, caseRemoved, leaderAssigned, planEdited, progressRecorded, planStepEscalated, followUpDue, followUpChecked, struckOff, caseReturned, bulletinIssued, campaignClosed, …',
  })
  type!: string;
  @ApiInstant() at!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    description: 'null when the campaign acted on its own (a timer, a selection)',
  })
  actorUserId!: string | null;
  @ApiProperty({ type: String, nullable: true, required: true, description: "the actor's name (张三)" })
  actorName!: string | null;
  @ApiProperty({ type: String, nullable: true, required: true }) actorRole!: string | null;
  @ApiProperty({ type: String, nullable: true, required: true }) actorUnitId!: string | null;
  @ApiProperty({ type: String, nullable: true, required: true, description: "the actor's unit's name (县住建局)" })
  actorUnitName!: string | null;
  @ApiProperty({ type: String, nullable: true, required: true }) requestId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    format: 'uuid',
    description: 'the case it is about, if any',
  })
  petitionId!: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'the particulars; instants in it are ISO-8601 +08:00',
  })
  data!: Record<string, unknown>;
}
