import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { EARLIER_DECISION_KINDS, MAX_EARLIER_DECISIONS, type EarlierDecisionKind } from '@/libs/process/backlog';
import { RegisterPetitionDto } from './register-petition.dto';

export class EarlierDecisionDto {
  @ApiProperty({
    enum: EARLIER_DECISION_KINDS,
    description: 'reply 处理意见书 · reviewDecision 复查 · reReviewDecision 复核 · terminationFiled 终结备案 · other',
  })
  @IsIn(EARLIER_DECISION_KINDS)
  kind!: EarlierDecisionKind;

  @ApiProperty({
    example: '某县信访复查〔2021〕12号',
    description: 'the 文号 or file reference; the document stays where it is kept',
  })
  @IsString()
  @Length(1, 200)
  documentRef!: string;

  @ApiProperty({ example: '2021-06-30', description: 'YYYY-MM-DD, between the first receipt and today' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  date!: string;
}

/** The history a backlog case (积案) comes with; its first receipt is the registration's `receivedAt`. */
export class BacklogHistoryDto {
  @ApiProperty({
    example: 7,
    description: '信访次数: how many times the petitioner came with the matter, this registration included',
  })
  @IsInt()
  @Min(1)
  @Max(10_000)
  visits!: number;

  @ApiProperty({ type: [EarlierDecisionDto], description: 'earlier replies and decisions, by reference' })
  @IsArray()
  @ArrayMaxSize(MAX_EARLIER_DECISIONS)
  @ValidateNested({ each: true })
  @Type(() => EarlierDecisionDto)
  earlierDecisions!: EarlierDecisionDto[];

  @ApiProperty({ example: '县信访局积案台账 2019-034', description: 'the 台账 or file it is imported from' })
  @IsString()
  @Length(1, 200)
  sourceRef!: string;
}

/**
 * 积案 registered with its history: `receivedAt` is when the petitioner FIRST came (it may be years
 * ago); the case's statutory clocks run from this registration, and it is marked as imported.
 */
export class RegisterBacklogDto extends RegisterPetitionDto {
  @ApiProperty({ type: BacklogHistoryDto })
  @ValidateNested()
  @Type(() => BacklogHistoryDto)
  backlog!: BacklogHistoryDto;
}
