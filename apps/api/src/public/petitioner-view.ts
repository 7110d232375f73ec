/** What the petitioner sees (阳光信访): milestones and the deadline that concerns them, nothing internal. */
import { ApiProperty } from '@nestjs/swagger';
import { ApiDate, ApiInstant, ApiRemainingDays } from '../common/wire-instant';
import { MilestoneWireView } from '../petitions/dto/petition-views';

export class PetitionerDeadlineView {
  @ApiProperty({ example: 'handling', description: 'the clock the case is waiting on' }) clockId!: string;
  @ApiProperty({ description: 'the clock is suspended while a re-review hearing (听证) is open: no due instant then' })
  suspended!: boolean;
  @ApiInstant('24:00 of the last day; null while suspended', { nullable: true }) dueAt!: string | null;
  @ApiDate('the last day; null while suspended', { nullable: true }) lastDay!: string | null;
  @ApiRemainingDays('the response', { nullable: true })
  remainingDays!: number | null;
  @ApiProperty({
    description: 'the last day lies in a year with no official holiday notice yet: 如遇法定节假日顺延',
  })
  provisional!: boolean;
}

export class PetitionerView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号' }) caseNumber!: string | null;
  @ApiProperty({ example: 'handling' }) step!: string;
  @ApiProperty() final!: boolean;
  @ApiProperty({ type: [MilestoneWireView] }) milestones!: MilestoneWireView[];
  @ApiProperty({
    type: PetitionerDeadlineView,
    nullable: true,
    required: true,
    description: 'the deadline the case is waiting on now, if any',
  })
  currentDeadline!: PetitionerDeadlineView | null;
  @ApiProperty() canRequestReview!: boolean;
  @ApiProperty() canRate!: boolean;
}
