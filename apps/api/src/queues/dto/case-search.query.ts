import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
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
} from 'class-validator';
import { PETITION_CATEGORIES, PetitionCategory, STEPS, Step } from '@/libs/process/policy';
import { UNIT_ID_PATTERN } from '../../accountability/dto/list-accountability.query';

export const MAX_LIST_PAGE = 100;
export const DEFAULT_LIST_PAGE = 20;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.split(',').filter((v) => v.length > 0) : value;

export class PageQuery {
  @ApiPropertyOptional({ description: 'page size', minimum: 1, maximum: MAX_LIST_PAGE, default: DEFAULT_LIST_PAGE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_LIST_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: "opaque: the previous page's `nextCursor`" })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  cursor?: string;
}

/** Filters of the case search; all optional, combined with AND. */
export class CaseSearchQuery extends PageQuery {
  @ApiPropertyOptional({
    description: 'cases this unit is part of (registered, routed, handled, reviewed or re-reviewed there)',
    example: 'x-zjj',
  })
  @IsOptional()
  @Matches(UNIT_ID_PATTERN, { message: 'unitId must be a unit id such as x-zjj' })
  unitId?: string;

  @ApiPropertyOptional({
    description: 'one step or several, comma-separated',
    example: 'acceptance,handling',
    type: String,
  })
  @IsOptional()
  @Transform(toList)
  @ArrayMaxSize(STEPS.length)
  @IsIn(STEPS as Step[], { each: true })
  step?: Step[];

  @ApiPropertyOptional({ enum: PETITION_CATEGORIES })
  @IsOptional()
  @IsIn(PETITION_CATEGORIES as PetitionCategory[])
  category?: PetitionCategory;

  @ApiPropertyOptional({ type: Boolean, description: '重大紧急' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  urgent?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: '集体访' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  collective?: boolean;

  @ApiPropertyOptional({ type: Boolean, description: '重复信访: linked to earlier cases' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  repeat?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'cases that repeat this earlier case' })
  @IsOptional()
  @IsUUID('4')
  repeatOf?: string;

  @ApiPropertyOptional({ description: 'cases of this case leader (包案)', example: 'x-leader' })
  @IsOptional()
  @Matches(UNIT_ID_PATTERN, { message: 'caseLeaderId must be a user id such as x-leader' })
  caseLeaderId?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    maximum: 366,
    description: 'a running obligation (a clock some unit owes an act on) is due within this many days, or is overdue',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  dueWithinDays?: number;

  @ApiPropertyOptional({ type: Boolean, description: 'true: a running obligation is past due' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({
    format: 'date',
    description: 'registered on or after this day (Asia/Shanghai)',
    example: '2026-11-01',
  })
  @IsOptional()
  @Matches(DATE, { message: 'registeredFrom must be a date YYYY-MM-DD' })
  registeredFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'registered on or before this day', example: '2026-11-30' })
  @IsOptional()
  @Matches(DATE, { message: 'registeredTo must be a date YYYY-MM-DD' })
  registeredTo?: string;

  @ApiPropertyOptional({ format: 'date', description: 'received on or after this day' })
  @IsOptional()
  @Matches(DATE, { message: 'receivedFrom must be a date YYYY-MM-DD' })
  receivedFrom?: string;

  @ApiPropertyOptional({ format: 'date', description: 'received on or before this day' })
  @IsOptional()
  @Matches(DATE, { message: 'receivedTo must be a date YYYY-MM-DD' })
  receivedTo?: string;

  @ApiPropertyOptional({
    description:
      'text in the summary (at least 2 characters); searches only the cases your unit is part of: the summary is for the staff handling the case',
    example: '维修基金',
  })
  @IsOptional()
  @IsString()
  @Length(2, 100)
  q?: string;

  @ApiPropertyOptional({
    description:
      '信访件编号, as people type it (brackets, 第, 号 and leading zeros optional). Each search by number, name or phone goes on the audit trail.',
    example: '示县信〔2026〕第00123号',
  })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  caseNumber?: string;

  @ApiPropertyOptional({
    description: "the petitioner's name, or its beginning (张 finds 张三 and 张三丰)",
    example: '张三',
  })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  petitionerName?: string;

  @ApiPropertyOptional({
    description:
      "the petitioner's phone number, exactly (spaces, dashes and +86 ignored): matched by a keyed hash, never a prefix",
    example: '13800138000',
  })
  @IsOptional()
  @IsString()
  @Length(3, 40)
  petitionerPhone?: string;

  @ApiPropertyOptional({
    enum: ['registered', 'due'],
    default: 'registered',
    description: 'registered: newest first; due: soonest running obligation first (cases with none are left out)',
  })
  @IsOptional()
  @IsIn(['registered', 'due'])
  sort?: 'registered' | 'due';
}
