import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { UNIT_ID_PATTERN } from '../../accountability/dto/list-accountability.query';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const DEFAULT_TOP_UNITS = 10;
export const MAX_TOP_UNITS = 100;
/** A report spans at most ten years: a longer one is a mistake, not an assessment. */
export const MAX_PERIOD_DAYS = 3660;

/** Which units and which period an assessment report covers. */
export class AssessmentQuery {
  @ApiPropertyOptional({
    description:
      'the unit whose figures (with every unit below it in the tree); default: every unit at or below your region',
    example: 'x-zjj',
  })
  @IsOptional()
  @Matches(UNIT_ID_PATTERN, { message: 'unitId must be a unit id such as x-zjj' })
  unitId?: string;

  @ApiProperty({ description: 'first day of the period (Asia/Shanghai date, included)', example: '2026-01-01' })
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from!: string;

  @ApiProperty({ description: 'last day of the period (Asia/Shanghai date, included)', example: '2026-03-31' })
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to!: string;

  @ApiPropertyOptional({
    description: 'how many units the overdue ranking lists',
    minimum: 1,
    maximum: MAX_TOP_UNITS,
    default: DEFAULT_TOP_UNITS,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TOP_UNITS)
  top?: number;
}
