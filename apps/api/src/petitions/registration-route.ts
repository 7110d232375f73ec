/** What a registration's route declares: a petition and a backlog case are registered alike. */
import { Post, applyDecorators } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { Roles } from '../auth/auth.guard';
import { AuditedStaffAction, type DescribeStaffAction } from '../audit/staff-action-audit';
import { IdempotentCreation } from '../common/idempotent-creation';
import { RegistrationResultDto } from './dto/case-views.dto';

/** The registrar's POST, audited, idempotent by its Idempotency-Key, answering with the registered case. */
export function RegistrationRoute(options: { path?: string; describe: DescribeStaffAction; summary: string }) {
  return applyDecorators(
    Post(options.path),
    Roles('registrar'),
    AuditedStaffAction(options.describe),
    ApiOperation({ summary: options.summary }),
    IdempotentCreation({ retryCreates: 'registers nothing new', created: RegistrationResultDto }),
  );
}
