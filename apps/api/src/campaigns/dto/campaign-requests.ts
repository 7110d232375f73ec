/**
 * One request schema per campaign action (专项攻坚). Unknown fields are refused (the global
 * validation pipe, nested objects included); the workflow's update validators check the rest.
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
  registerDecorator,
  ValidationOptions,
} from 'class-validator';
import { isValidDate } from '@/libs/process/calendar';
import {
  CAMPAIGN_CASE_STATUSES,
  CURRENT_CAMPAIGN_POLICY,
  LEADER_LEVELS_TOP_DOWN,
} from '@/libs/process/campaign-policy';
import { FOLLOW_UP_RESULTS, RATINGS } from '@/libs/process/policy';
import { MAX_STRIKE_OFF_EVIDENCE_FILES } from '@/workflows/campaign/campaign.contract';
import { EmptyAsAbsent } from '../../common/empty-as-absent';

const policy = CURRENT_CAMPAIGN_POLICY;

/** class-validator: a calendar date YYYY-MM-DD that exists. */
function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a date YYYY-MM-DD', ...options },
      validator: { validate: (value: unknown) => isValidDate(value) },
    });
}

export class SelectionRulesDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    required: true,
    minimum: policy.openLongerThanDays.min,
    maximum: policy.openLongerThanDays.max,
    example: 180,
    description: 'select cases received more than this many days ago and still open (信访积案); null: rule off',
  })
  @ValidateIf((o: SelectionRulesDto) => o.openLongerThanDays !== null)
  @IsInt()
  @Min(policy.openLongerThanDays.min)
  @Max(policy.openLongerThanDays.max)
  openLongerThanDays!: number | null;

  @ApiProperty({ description: 'select repeat petitions (重复信访)' }) @IsBoolean() repeatPetitions!: boolean;
  @ApiProperty({ description: 'select cases reopened after a relapse (反弹)' })
  @IsBoolean()
  reopenedAfterRelapse!: boolean;
  @ApiProperty({ description: 'select cases listed for supervision (挂牌督办)' })
  @IsBoolean()
  listedForSupervision!: boolean;
  @ApiProperty({ description: 'select backlog registered with its history (imported 积案)' })
  @IsBoolean()
  importedBacklog!: boolean;
}

export class CreateCampaignDto {
  @ApiProperty({ example: '全市信访积案化解专项攻坚行动' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: '市信访联席办〔2030〕3号', description: 'reference of the 实施方案 (the plan document)' })
  @IsString()
  @Length(1, 200)
  planRef!: string;
  @ApiProperty({ example: '2026-12-07', description: 'today or later: a campaign is never backdated' })
  @IsCalendarDate()
  startDate!: string;
  @ApiProperty({
    example: '2027-03-07',
    description: `${policy.durationDays.min} to ${policy.durationDays.max} days after startDate`,
  })
  @IsCalendarDate()
  targetDate!: string;
  @ApiPropertyOptional({
    enum: policy.cadenceDays.allowed,
    default: policy.cadenceDays.default,
    description: '调度: a bulletin every this many days from the start date',
  })
  @IsOptional()
  @IsIn(policy.cadenceDays.allowed as number[])
  cadenceDays?: number;
  @ApiProperty({
    type: SelectionRulesDto,
    description: "which cases belong: open cases of the office's region matching any rule switched on",
  })
  @ValidateNested()
  @Type(() => SelectionRulesDto)
  rules!: SelectionRulesDto;
}

export class PreviewSelectionDto {
  @ApiProperty({ type: SelectionRulesDto }) @ValidateNested() @Type(() => SelectionRulesDto) rules!: SelectionRulesDto;
}

class CampaignWriteDto {
  @ApiProperty({
    description: 'unique per intended action: sending the same requestId again changes nothing',
    example: 'c7d1-progress-1',
  })
  @IsString()
  @Length(1, 200)
  requestId!: string;
}

const reason = (example: string) => ApiProperty({ example });

export class CloseCampaignDto extends CampaignWriteDto {
  @reason('攻坚期满，转入常态化化解') @IsString() @Length(1, 2000) reason!: string;
}

export class AddCaseDto extends CampaignWriteDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('4') petitionId!: string;
  @reason('省交办积案，纳入专项') @IsString() @Length(1, 2000) reason!: string;
}

export class RemoveCaseDto extends CampaignWriteDto {
  @reason('已纳入省级专项，避免重复交办') @IsString() @Length(1, 2000) reason!: string;
}

export class AssignLeaderDto extends CampaignWriteDto {
  @ApiProperty({
    enum: LEADER_LEVELS_TOP_DOWN,
    description: "the leader's level; assigned by a petition office of that level over the case",
  })
  @IsIn(LEADER_LEVELS_TOP_DOWN as string[])
  level!: (typeof LEADER_LEVELS_TOP_DOWN)[number];
  @ApiProperty({ example: 'x-leader', description: 'a user with the role caseLeader in a unit of that level' })
  @IsString()
  @Length(1, 100)
  leaderUserId!: string;
}

export class SetResponsiblePersonDto extends CampaignWriteDto {
  @ApiProperty({ example: 'x-handler', description: "a user of the case's responsible unit" })
  @IsString()
  @Length(1, 100)
  personUserId!: string;
}

export class PlanStepDto {
  @ApiPropertyOptional({
    example: 's1',
    description: 'an existing step to keep (its escalations so far stay); omit for a new step',
  })
  @EmptyAsAbsent()
  @IsOptional()
  @Matches(/^s[1-9][0-9]{0,3}$/, { message: 'stepId must name a step of the plan, such as s1' })
  stepId?: string;
  @ApiProperty({ example: '约谈信访人，摸清诉求' }) @IsString() @Length(1, 200) title!: string;
  @ApiProperty({
    example: '2026-12-14',
    description: 'due at 24:00 Asia/Shanghai of that day; a new or moved date is today or later',
  })
  @IsCalendarDate()
  dueDate!: string;
  @ApiProperty({ example: 'x-handler' }) @IsString() @Length(1, 100) ownerUserId!: string;
}

export class EditPlanDto extends CampaignWriteDto {
  @reason('一案一策：明确责任、明确时限、明确措施') @IsString() @Length(1, 2000) note!: string;
  @ApiProperty({ type: [PlanStepDto], description: 'the whole plan (一案一策), in order' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(policy.maxPlanSteps)
  @ValidateNested({ each: true })
  @Type(() => PlanStepDto)
  steps!: PlanStepDto[];
}

export class RecordProgressDto extends CampaignWriteDto {
  @ApiProperty({
    enum: CAMPAIGN_CASE_STATUSES,
    description:
      'inProgress 在办 · resolved 已化解 · petitionerStopped 停访息诉 · terminated 终结备案 · notResolved 未化解',
  })
  @IsIn(CAMPAIGN_CASE_STATUSES)
  status!: (typeof CAMPAIGN_CASE_STATUSES)[number];
  @reason('补偿款已兑现，签订化解协议') @IsString() @Length(1, 2000) note!: string;
  @ApiPropertyOptional({ type: [String], example: ['s1'], description: 'plan steps done' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(policy.maxPlanSteps)
  @Matches(/^s[1-9][0-9]{0,3}$/, { each: true, message: 'stepsDone must name steps of the plan, such as s1' })
  stepsDone?: string[];
}

export class FollowUpCheckDto extends CampaignWriteDto {
  @ApiProperty({ enum: FOLLOW_UP_RESULTS })
  @IsIn(FOLLOW_UP_RESULTS as string[])
  result!: (typeof FOLLOW_UP_RESULTS)[number];
  @reason('回访：补偿到位，未再信访') @IsString() @Length(1, 2000) note!: string;
}

export class StrikeOffDto extends CampaignWriteDto {
  @ApiProperty({
    example: '化解协议 B-2030-011',
    description: 'the evidence document: 化解协议, 终结备案 or 息诉罢访承诺',
  })
  @IsString()
  @Length(1, 200)
  documentRef!: string;
  @ApiPropertyOptional({
    example: '信访人声明 2030-04-16',
    description: "the petitioner's statement (停访息诉); or give a rating",
  })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  petitionerStatementRef?: string;
  @ApiPropertyOptional({
    enum: RATINGS,
    description: `the petitioner's rating; ${policy.strikeOff.acceptedRatings.join(' or ')} counts as their word`,
  })
  @IsOptional()
  @IsIn(RATINGS as string[])
  rating?: (typeof RATINGS)[number];
  @reason('案结事了') @IsString() @Length(1, 2000) note!: string;
  @ApiPropertyOptional({
    type: [String],
    format: 'uuid',
    maxItems: MAX_STRIKE_OFF_EVIDENCE_FILES,
    description:
      '销号佐证: materials of the case of kind closureEvidence (their current version is recorded, by hash); any other id is 400 evidenceMaterialInvalid',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_STRIKE_OFF_EVIDENCE_FILES)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  evidenceMaterialIds?: string[];
}

export class ReportRelapseDto extends CampaignWriteDto {
  @reason('信访人再次到市上访，补偿款未足额发放') @IsString() @Length(1, 2000) note!: string;
}
