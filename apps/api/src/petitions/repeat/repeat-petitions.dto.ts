/** 重复信访: the request for the earlier cases of a petitioner and matter, and what is offered. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PETITION_CATEGORIES, STEPS } from '@/libs/process/policy';
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

export class RepeatCandidateView {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
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
  @ApiProperty({ enum: STEPS }) step!: string;
  @ApiProperty({ enum: PETITION_CATEGORIES }) category!: string;
  @ApiInstant() receivedAt!: string;
  @ApiInstant() registeredAt!: string;
  @ApiProperty() routingUnitId!: string;
  @ApiProperty({ type: String, nullable: true, required: true }) handlingUnitId!: string | null;
  @ApiProperty({ description: "the earlier summary (the case is one of your unit's)" }) summary!: string;
}

export class RepeatCandidatesView {
  @ApiProperty({ description: 'candidates need at least this summary similarity' }) minSimilarity!: number;
  @ApiProperty({ type: [RepeatCandidateView], description: 'most alike first; at most 20' })
  candidates!: RepeatCandidateView[];
}
