import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiInstant } from '../../common/wire-instant';
import { ACCOUNTABILITY_RULE_IDS } from './list-accountability.query';
import { DISPOSITIONS } from './record-disposition.dto';

/** Response shapes, declared for the OpenAPI document. */
export class DispositionView {
  @ApiProperty({ description: 'ledger id of this disposition row', example: '42' }) id!: string;
  @ApiProperty({ description: 'the trigger record it disposes', example: '17' }) disposesRecordId!: string;
  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    required: true,
    description: "the case; null for a campaign's record about a unit",
  })
  petitionId!: string | null;
  @ApiProperty({ enum: ACCOUNTABILITY_RULE_IDS }) rule!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ enum: DISPOSITIONS }) disposition!: string;
  @ApiProperty() note!: string;
  @ApiProperty({ description: 'user id of who recorded it' }) recordedBy!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: 'the name (张三) of who recorded it' })
  recordedByName!: string | null;
  @ApiInstant('when the decision was recorded') recordedAt!: string;
}

export class LedgerEvidenceView {
  @ApiProperty({ format: 'uuid', type: String, nullable: true, required: true }) petitionId!: string | null;
  @ApiPropertyOptional({ format: 'uuid', description: "a campaign's record: its campaign" }) campaignId?: string;
  @ApiPropertyOptional({ description: "a campaign's record from a bulletin: its number" }) bulletinNo?: number;
  @ApiProperty() workflowId!: string;
  @ApiProperty({ type: [Number], description: 'timeline event seqs' }) eventSeqs!: number[];
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'workflow history length when recorded' })
  historyLength!: number | null;
}

export class AccountabilityRecordView {
  @ApiProperty({ example: '17' }) id!: string;
  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    required: true,
    description: "the case; null for a campaign's record about a unit (约谈 of a laggard)",
  })
  petitionId!: string | null;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号' }) caseNumber!: string | null;
  @ApiProperty({
    format: 'uuid',
    type: String,
    nullable: true,
    required: true,
    description: 'the campaign (专项攻坚) that recorded it, if any',
  })
  campaignId!: string | null;
  @ApiProperty({ enum: ACCOUNTABILITY_RULE_IDS }) rule!: string;
  @ApiProperty({ description: 'the unit answerable' }) unitId!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'the person who owed the act when it lapsed: the 承办人 (分办), else the unit’s person in charge',
  })
  responsibleUserId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    description: 'that person’s name, as people read the ledger (the id is for machines)',
  })
  responsibleName!: string | null;
  @ApiProperty({
    enum: ['assignedHandler', 'personInCharge', 'actor', 'namedByCampaign', 'caseLeader', 'acceptingHandler'],
    nullable: true,
    required: true,
    description:
      'the rule that chose the responsible person: assignedHandler (分办), personInCharge (信访工作负责人), actor (their own act), namedByCampaign; caseLeader / acceptingHandler on cases started before; null on rows recorded before the rule was kept',
  })
  responsibleBy!: string | null;
  @ApiProperty({ enum: ['low', 'medium', 'high'] }) severity!: string;
  @ApiProperty({ example: 'criticism' }) suggestedAction!: string;
  @ApiProperty({ example: '《信访工作条例》第四十四条' }) basis!: string;
  @ApiProperty({ type: LedgerEvidenceView }) evidence!: LedgerEvidenceView;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "the rule's particulars; instants in it are ISO-8601 +08:00",
  })
  detail!: Record<string, unknown>;
  @ApiInstant("when the trigger happened (in the case's time)") occurredAt!: string;
  @ApiInstant('when the ledger row was written') recordedAt!: string;
  @ApiProperty({ type: [DispositionView], description: 'later decisions on this record, oldest first' })
  dispositions!: DispositionView[];
}

export class AccountabilityPage {
  @ApiProperty({ type: [AccountabilityRecordView], description: 'newest first' }) records!: AccountabilityRecordView[];
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'pass as `before` for the next page; null on the last page',
  })
  nextBefore!: string | null;
}

export class CaseAccountabilityView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ type: [AccountabilityRecordView], description: 'newest first' }) records!: AccountabilityRecordView[];
}
