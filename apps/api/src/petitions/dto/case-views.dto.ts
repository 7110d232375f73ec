/** Response shapes of registration and of the list of actions open to the caller. */
import { ApiProperty } from '@nestjs/swagger';
import { ACTIONS } from '@/libs/process/policy';
import { ApiInstant } from '../../common/wire-instant';

export class RegistrationResultDto {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ example: 'petition-0b8f6c9e-2d4a-4e7b-9a51-3c2f1d0e8b7a' }) workflowId!: string;
  @ApiProperty({ example: 'K7QM-4XR2-9HTP', description: '查询码 for the petitioner; the same on a retried request' })
  queryCode!: string;
  @ApiProperty({
    example: '示县信〔2026〕第00123号',
    description:
      '信访件编号: the registering office, the year and a serial without gaps; the same on a retried request',
  })
  caseNumber!: string;
  @ApiProperty({ description: 'false when this request repeated an earlier one with the same Idempotency-Key' })
  created!: boolean;
  @ApiProperty({
    enum: ['registered', 'notAcceptedAgain'],
    description:
      'notAcceptedAgain: it repeats a matter whose re-review (复核) finally decided it; the case is registered and ends at once as 不再受理',
  })
  outcome!: 'registered' | 'notAcceptedAgain';
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    required: true,
    description: 'the finally decided case it repeats (when not accepted again)',
  })
  earlierPetitionId!: string | null;
}

export class AvailableActionDto {
  @ApiProperty({ enum: Object.keys(ACTIONS) }) action!: string;
  @ApiProperty({ description: 'what it does, who may take it and when (from the policy)' }) description!: string;
  @ApiProperty({ example: 'POST' }) method!: 'POST';
  @ApiProperty({ example: '/petitions/0b8f6c9e-2d4a-4e7b-9a51-3c2f1d0e8b7a/actions/route' }) path!: string;
  @ApiProperty({ example: 'RouteRequest', description: "the request body's schema in the OpenAPI components" })
  requestSchema!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'JSON schema of `args` (the OpenAPI component, references inlined)',
  })
  argsSchema!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'an example `args`' }) example!: Record<
    string,
    unknown
  >;
}

export class AvailableActionsDto {
  @ApiProperty({ format: 'uuid' }) petitionId!: string;
  @ApiProperty({ example: 'acceptance' }) step!: string;
  @ApiInstant('the instant the list was computed for') asOf!: string;
  @ApiProperty({
    type: [AvailableActionDto],
    description: "in the policy's order; empty when the caller may do nothing now",
  })
  actions!: AvailableActionDto[];
}
