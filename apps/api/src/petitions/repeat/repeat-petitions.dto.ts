/** 重复信访: the request for the earlier cases of a petitioner and matter, and what is offered. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PETITION_CATEGORIES, REVIEW_DECISIONS, STEPS } from '@/libs/process/policy';
import { ApiInstant } from '../../common/wire-instant';

export class RepeatCandidatesDto {
  @ApiProperty({ example: '王五', description: 'as it will be registered' })
  @IsString()
  @Length(1, 100)
  petitionerName!: string;

  @ApiPropertyOptional({
    example: '+86 139-1234-5678',
    description: 'a phone number (compared by its digits) or another contact',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  petitionerContact?: string;

  @ApiProperty({ example: '小区电梯停运一年多，物业不予维修' })
  @IsString()
  @Length(1, 5000)
  summary!: string;
}

export class FinalDecisionView {
  @ApiProperty({ enum: REVIEW_DECISIONS, description: 'the re-review (复核) decision that ended the matter' })
  decision!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    example: '示省住建信〔2026〕3号',
    description: 'its 复核意见书 文号 (null for a case without written notices)',
  })
  documentNumber!: string | null;
}

/**
 * An earlier case of the same petitioner and matter. Anywhere in the unit tree (不再受理 holds at every
 * level); a case of another unit says only its number, its step and its final decision: the rest
 * (summary, dates, units) is given only for the registrar's own unit's cases (`ownUnit`).
 */
export class RepeatCandidateView {
  @ApiProperty({ format: 'uuid', description: 'what `repeatOf` names to link it' }) petitionId!: string;
  @ApiProperty({ type: String, nullable: true, required: true, example: '示县信〔2026〕第00012号' })
  caseNumber!: string | null;
  @ApiProperty({ description: "one of the registrar's own unit's cases (else: only number, step, final decision)" })
  ownUnit!: boolean;
  @ApiProperty({
    enum: ['nameAndContact', 'name'],
    description: 'nameAndContact: both agree; name: the names agree and one of the two cases has no contact',
  })
  samePetitioner!: 'nameAndContact' | 'name';
  @ApiProperty({
    example: 0.62,
    description: 'how alike the summaries are: Dice coefficient of their character bigrams, 0 to 1',
  })
  similarity!: number;
  @ApiProperty({
    description: 'its re-review (复核) is decided and delivered: a repeat of it is not accepted again (不再受理)',
  })
  finallyDecided!: boolean;
  @ApiProperty({ type: FinalDecisionView, nullable: true, required: true })
  finalDecision!: FinalDecisionView | null;
  @ApiProperty({
    description:
      "越级: the case is still open at a unit below the registrar's (the petitioner came up a level before it was finished)",
  })
  levelSkipping!: boolean;
  @ApiProperty({ enum: STEPS }) step!: string;
  @ApiProperty({ enum: PETITION_CATEGORIES, nullable: true, required: true, type: String })
  category!: string | null;
  @ApiInstant(undefined, { nullable: true }) receivedAt!: string | null;
  @ApiInstant(undefined, { nullable: true }) registeredAt!: string | null;
  @ApiProperty({ type: String, nullable: true, required: true }) routingUnitId!: string | null;
  @ApiProperty({ type: String, nullable: true, required: true }) handlingUnitId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    description: "the earlier summary (only for the registrar's own unit's cases)",
  })
  summary!: string | null;
}

export class RepeatCandidatesView {
  @ApiProperty({ description: 'candidates need at least this summary similarity' }) minSimilarity!: number;
  @ApiProperty({ type: [RepeatCandidateView], description: 'most alike first; at most 20' })
  candidates!: RepeatCandidateView[];
}
