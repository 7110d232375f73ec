import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CLOCKS } from '@/libs/process/policy';
import { ApiDate, ApiInstant, ApiRemainingDays } from '../../common/wire-instant';
import { RUNG_IDS, TASK_KINDS, TASK_STATUSES } from './supervision-queries';

/** Response shapes, declared for the OpenAPI document. */
export class EscalationRecipientView {
  @ApiProperty({ enum: ['caseLeader', 'handlingUnit', 'supervisingOffice', 'levelAbove'] }) kind!: string;
  @ApiPropertyOptional() userId?: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "the person's name (张三) beside userId, or the unit's name beside unitId",
  })
  name?: string | null;
  @ApiPropertyOptional() unitId?: string;
}

export class EscalationView {
  @ApiProperty() escalationKey!: string;
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号' }) caseNumber!: string | null;
  @ApiProperty({ example: 'handling#1' }) clockKey!: string;
  @ApiProperty({ enum: Object.keys(CLOCKS) }) clockId!: string;
  @ApiProperty({ enum: RUNG_IDS }) rung!: string;
  @ApiProperty({ description: 'the unit whose clock it is' }) unitId!: string;
  @ApiProperty({ type: [EscalationRecipientView], description: 'the case leader first, if the case has one' })
  recipients!: EscalationRecipientView[];
  @ApiInstant('when the rung fired') firedAt!: string;
  @ApiInstant('when the clock was due') dueAt!: string;
}

export class SupervisionTaskView {
  @ApiProperty() taskKey!: string;
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号' }) caseNumber!: string | null;
  @ApiProperty({ enum: TASK_KINDS }) kind!: string;
  @ApiProperty({ enum: ['automatic', 'manual'] }) source!: string;
  @ApiProperty() supervisingUnitId!: string;
  @ApiProperty() supervisedUnitId!: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'the overdue clock that opened it (automatic tasks)',
  })
  clockKey!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'the 30-day feedback clock (督办)' })
  feedbackClockKey!: string | null;
  @ApiProperty({ enum: TASK_STATUSES }) status!: string;
  @ApiInstant() openedAt!: string;
  @ApiInstant(undefined, { nullable: true }) closedAt!: string | null;
}

export class OverdueClockView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号' }) caseNumber!: string | null;
  @ApiProperty({ example: 'handling#1' }) clockKey!: string;
  @ApiProperty({ enum: Object.keys(CLOCKS) }) clockId!: string;
  @ApiProperty({ description: 'the unit that owes the act' }) unitId!: string;
  @ApiInstant() startedAt!: string;
  @ApiInstant('24:00 of the last day') dueAt!: string;
  @ApiDate('the last day of the period') lastDay!: string;
  @ApiRemainingDays('`asOf`')
  remainingDays!: number;
  @ApiProperty({ description: 'past due as of `asOf`; otherwise due within 3 days' }) overdue!: boolean;
}

export class OverdueList {
  @ApiInstant('the database time the list was computed at') asOf!: string;
  @ApiProperty({ type: [OverdueClockView], description: 'soonest due first' }) clocks!: OverdueClockView[];
}
