/** Response shapes of the case search and the work queues. */
import { ApiProperty } from '@nestjs/swagger';
import { CLOCKS, PETITION_CATEGORIES, STEPS } from '@/libs/process/policy';
import { ApiDate, ApiInstant } from '../../common/wire-instant';

const nullable = (description: string, extra: Record<string, unknown> = {}) =>
  ApiProperty({ type: String, nullable: true, required: true, description, ...extra });

export class DueClockView {
  @ApiProperty({ example: 'handling#1' }) clockKey!: string;
  @ApiProperty({ enum: Object.keys(CLOCKS) }) clockId!: string;
  @ApiInstant('24:00 of the last day') dueAt!: string;
  @ApiDate('the last day', { nullable: true }) lastDay!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    required: true,
    description: 'whole calendar days from today to the last day (negative once passed)',
  })
  remainingDays!: number | null;
  @ApiProperty({ description: 'past due at `asOf`' }) overdue!: boolean;
}

export class CaseListItem {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @nullable('信访件编号, e.g. 示县信〔2026〕第00123号') caseNumber!: string | null;
  @ApiProperty({ enum: STEPS }) step!: string;
  @ApiProperty({ enum: PETITION_CATEGORIES }) category!: string;
  @ApiProperty() urgent!: boolean;
  @ApiProperty() collective!: boolean;
  @ApiProperty({ type: [String], format: 'uuid', description: '重复信访: earlier cases it repeats' })
  repeatOf!: string[];
  @ApiInstant() receivedAt!: string;
  @ApiInstant() registeredAt!: string;
  @ApiProperty() routingUnitId!: string;
  @nullable('') handlingUnitId!: string | null;
  @nullable("the handling unit by name (it may lie outside the reader's own region, e.g. after 提级办理)")
  handlingUnitName!: string | null;
  @nullable('') reviewUnitId!: string | null;
  @nullable('') reReviewUnitId!: string | null;
  @nullable('包案 leader') caseLeaderId!: string | null;
  @ApiProperty({ description: '挂牌督办' }) listedForSupervision!: boolean;
  @ApiProperty({
    type: DueClockView,
    nullable: true,
    required: true,
    description: 'the running obligation due soonest',
  })
  nextDue!: DueClockView | null;
  @nullable("the petition's summary; only for staff of a unit the case is part of (null otherwise)") summary!:
    string | null;
}

export class CaseListPage {
  @ApiInstant('the instant `overdue` and `remainingDays` are judged at') asOf!: string;
  @ApiProperty({ type: [CaseListItem] }) items!: CaseListItem[];
  @nullable('pass as `cursor` for the next page; null on the last page') nextCursor!: string | null;
}

export class QueueTaskView {
  @ApiProperty() taskKey!: string;
  @ApiProperty({
    enum: ['supervision', 'listed', 'takeoverAvailable'],
    description: '督办 · 挂牌督办 · 提级办理 available',
  })
  kind!: string;
  @ApiProperty({ enum: ['automatic', 'manual'] }) source!: string;
  @ApiProperty({ description: 'the unit supervised' }) supervisedUnitId!: string;
  @nullable('the overdue clock that opened it') clockKey!: string | null;
  @ApiInstant() openedAt!: string;
}

export class QueueItem {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @nullable('信访件编号') caseNumber!: string | null;
  @ApiProperty({ enum: STEPS }) step!: string;
  @ApiProperty({ enum: PETITION_CATEGORIES }) category!: string;
  @ApiProperty() urgent!: boolean;
  @ApiProperty() collective!: boolean;
  @ApiProperty({
    type: DueClockView,
    nullable: true,
    required: true,
    description: "the clock this item is about (or the case's next obligation)",
  })
  clock!: DueClockView | null;
  @ApiProperty({ type: QueueTaskView, nullable: true, required: true, description: 'supervisors: the open task' })
  task!: QueueTaskView | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    required: true,
    description: 'unit heads, handling items: the one extension (≤ 30 days) is still available',
  })
  extensionAvailable!: boolean | null;
  @nullable("the petition's summary; only for staff of a unit the case is part of") summary!: string | null;
}

export class QueuePage {
  @ApiProperty({ enum: ['routingDue', 'repliesDue', 'awaitingHead', 'supervision', 'caseLeader', 'none'] })
  queue!: string;
  @ApiProperty({ description: 'what the queue holds and in which order' }) description!: string;
  @ApiInstant('the instant the queue is judged at') asOf!: string;
  @ApiProperty({ description: 'items in the whole queue (all pages)' }) total!: number;
  @ApiProperty({ type: [QueueItem] }) items!: QueueItem[];
  @nullable('pass as `cursor` for the next page; null on the last page') nextCursor!: string | null;
}
