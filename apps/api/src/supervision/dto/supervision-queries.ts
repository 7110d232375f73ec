import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { ESCALATION_LADDER, RungId } from '@/libs/process/policy';
import type { SupervisionTask } from '@/libs/process';
import { MAX_PAGE, UNIT_ID_PATTERN } from '../../accountability/dto/list-accountability.query';

export const RUNG_IDS = ESCALATION_LADDER.map((r) => r.id) as RungId[];
export const TASK_STATUSES: SupervisionTask['status'][] = ['open', 'answered', 'closed'];
export const TASK_KINDS: SupervisionTask['kind'][] = ['supervision', 'listed', 'takeoverAvailable'];
export const DEFAULT_SUPERVISION_PAGE = 100;

class PagedQuery {
  @ApiPropertyOptional({
    description: 'at most this many rows',
    minimum: 1,
    maximum: MAX_PAGE,
    default: DEFAULT_SUPERVISION_PAGE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  limit?: number;
}

export class ListEscalationsQuery extends PagedQuery {
  @ApiPropertyOptional({ description: "only escalations of this unit's clocks", example: 'x-zjj' })
  @IsOptional()
  @Matches(UNIT_ID_PATTERN, { message: 'unitId must be a unit id such as x-zjj' })
  unitId?: string;

  @ApiPropertyOptional({ description: 'only this rung of the ladder (DOMAIN §4)', enum: RUNG_IDS })
  @IsOptional()
  @IsIn(RUNG_IDS)
  rung?: RungId;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4')
  petitionId?: string;
}

export class ListSupervisionTasksQuery extends PagedQuery {
  @ApiPropertyOptional({ enum: TASK_STATUSES })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: SupervisionTask['status'];

  @ApiPropertyOptional({
    enum: TASK_KINDS,
    description: 'supervision 督办 · listed 挂牌督办 · takeoverAvailable 提级办理',
  })
  @IsOptional()
  @IsIn(TASK_KINDS)
  kind?: SupervisionTask['kind'];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('4')
  petitionId?: string;
}

export class ListOverdueQuery extends PagedQuery {
  @ApiPropertyOptional({ description: 'only clocks of this unit', example: 'x-zjj' })
  @IsOptional()
  @Matches(UNIT_ID_PATTERN, { message: 'unitId must be a unit id such as x-zjj' })
  unitId?: string;
}
