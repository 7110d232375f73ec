/** 签发 queue: the drafts awaiting the unit head's approval. */
import { ApiProperty } from '@nestjs/swagger';
import { STEPS } from '@/libs/process/policy';
import { ApiInstant } from '../../common/wire-instant';
import { DraftWireView } from '../../petitions/dto/petition-views';
import { DueClockView } from './case-list.views';

export class ApprovalQueueItem {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号' }) caseNumber!: string | null;
  @ApiProperty({ enum: STEPS }) step!: string;
  @ApiProperty({ type: DraftWireView, description: 'the draft awaiting 签发, with its 草稿 preview path' })
  draft!: DraftWireView;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    description: "the drafter's name (拟稿人), from the directory",
  })
  draftedByName!: string | null;
  @ApiProperty({
    type: DueClockView,
    nullable: true,
    required: true,
    description: 'the statutory period the reply or decision is due in: met only when it is issued (approved)',
  })
  clock!: DueClockView | null;
  @ApiProperty({ type: String, nullable: true, required: true, description: "the petition's summary" })
  summary!: string | null;
}

export class ApprovalQueuePage {
  @ApiProperty({ description: 'what the queue holds and in which order' }) description!: string;
  @ApiInstant('the instant the queue is judged at') asOf!: string;
  @ApiProperty({ type: [ApprovalQueueItem] }) items!: ApprovalQueueItem[];
}
