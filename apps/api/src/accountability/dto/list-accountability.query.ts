import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ACCOUNTABILITY_RULES, AccountabilityRuleId } from '@/libs/process/policy';

export const ACCOUNTABILITY_RULE_IDS = Object.keys(ACCOUNTABILITY_RULES) as AccountabilityRuleId[];
export const MAX_PAGE = 200;
/** Unit ids are short codes ('x-zjj'); anything else cannot match a unit. */
export const UNIT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
/** Ledger ids are bigserial: kept as decimal strings so they survive JSON. */
export const RECORD_ID_PATTERN = /^[1-9][0-9]{0,17}$/;

/** Filters of the accountability ledger; all optional and combined with AND. */
export class ListAccountabilityQuery {
  @ApiPropertyOptional({ description: 'only records against this unit', example: 'x-zjj' })
  @IsOptional()
  @Matches(UNIT_ID_PATTERN, { message: 'unitId must be a unit id such as x-zjj' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'only records of this case', format: 'uuid' })
  @IsOptional()
  @IsUUID('4')
  petitionId?: string;

  @ApiPropertyOptional({
    description: "only records of this campaign (专项攻坚): overdue plan steps, laggards' 约谈, relapses",
    format: 'uuid',
  })
  @IsOptional()
  @IsUUID('4')
  campaignId?: string;

  @ApiPropertyOptional({ description: 'only records of this trigger (DOMAIN §5)', enum: ACCOUNTABILITY_RULE_IDS })
  @IsOptional()
  @IsIn(ACCOUNTABILITY_RULE_IDS)
  rule?: AccountabilityRuleId;

  @ApiPropertyOptional({ description: 'page size', minimum: 1, maximum: MAX_PAGE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;

  @ApiPropertyOptional({
    description: "cursor: only records older than this id (the previous page's nextBefore)",
    example: '1234',
  })
  @IsOptional()
  @Matches(RECORD_ID_PATTERN, { message: 'before must be a record id (a positive integer)' })
  before?: string;
}
