import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
} from 'class-validator';
import { IsWireInstant } from '../../common/wire-instant';
import { INTAKE_CHANNELS, IntakeChannel, PETITION_CATEGORIES, PetitionCategory } from '@/libs/process/policy';
import { EmptyAsAbsent } from '../../common/empty-as-absent';
import { MilestoneEmail, MilestonePhone } from './milestone-opt-in';

/**
 * Required text of 1 to `max` characters. Length is registered before IsString, as it was when the
 * two were stacked (stacked decorators apply bottom-up), so a refusal names the same problem first.
 */
function RequiredText(example: string, max: number) {
  return applyDecorators(ApiProperty({ example }), Length(1, max), IsString());
}

/** 登记: what the registrar records of a petition received. */
export class RegisterPetitionDto {
  @ApiProperty({
    enum: PETITION_CATEGORIES,
    description: 'suggestion 建议意见 · accusation 检举控告 · appeal 申诉求决',
  })
  @IsIn(PETITION_CATEGORIES as string[])
  category!: PetitionCategory;

  @ApiProperty({ enum: INTAKE_CHANNELS })
  @IsIn(INTAKE_CHANNELS as string[])
  channel!: IntakeChannel;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2025-09-20T09:30:00+08:00',
    description:
      'when the petition was received (may precede registration): ISO-8601 with an explicit offset (+08:00, another, or Z)',
  })
  @IsWireInstant()
  receivedAt!: string;

  @RequiredText('张某', 100)
  petitionerName!: string;

  @ApiPropertyOptional({ example: '138****0000' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  petitionerContact?: string;

  @RequiredText('小区物业维修基金使用不透明', 5000)
  summary!: string;

  @MilestoneEmail()
  milestoneEmail?: string;

  @MilestonePhone()
  milestonePhone?: string;

  @ApiPropertyOptional({ description: '重大紧急' })
  @IsOptional()
  @IsBoolean()
  urgent?: boolean;

  @ApiPropertyOptional({ description: '集体访 (5 or more people)' })
  @IsOptional()
  @IsBoolean()
  collective?: boolean;

  @ApiPropertyOptional({
    type: [String],
    description:
      'earlier petitions this one repeats (重复信访): cases of your unit, as offered by POST /petitions/repeat-candidates; a repeat of one finally decided on re-review ends at once as 不再受理',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('4', { each: true })
  repeatOf?: string[];

  @ApiPropertyOptional({
    description: '检举控告: the accused unit; it will never receive or see the case ("" counts as absent)',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  accusedUnitId?: string;

  @ApiPropertyOptional({ description: '检举控告: the accused person (accusations only; "" counts as absent)' })
  @EmptyAsAbsent()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  accusedPerson?: string;

  @ApiPropertyOptional({ description: 'the registering unit handles the matter itself instead of routing it' })
  @IsOptional()
  @IsBoolean()
  handleDirectly?: boolean;

  @ApiPropertyOptional({
    description:
      'why a petition received long ago is registered only now: required when receivedAt is more than RECEIVED_AT_MAX_AGE_DAYS (default 365) days ago; recorded on the case and in the accountability ledger (late registration)',
  })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  lateRegistrationReason?: string;
}
