import { Body, Controller, Headers, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditedStaffAction } from '../audit/staff-action-audit';
import { describeBacklogRegistration } from '../audit/staff-action-descriptions';
import { ApiErrorResponses } from '../common/api-error';
import { IdempotentCreation } from '../common/idempotent-creation';
import { RegistrationResultDto } from './dto/case-views.dto';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { RegisterBacklogDto } from './dto/register-backlog.dto';
import { PetitionsService } from './petitions.service';
import { refuseUnprintable } from '../common/unprintable';

@ApiTags('petitions')
@ApiBearerAuth()
@ApiErrorResponses(401)
@Controller('petitions')
export class BacklogController {
  constructor(private readonly petitions: PetitionsService) {}

  @Post('backlog')
  @Roles('registrar')
  @AuditedStaffAction(describeBacklogRegistration)
  @ApiOperation({
    summary:
      '积案: register a case that predates the service, with its history; marked as imported, its statutory clocks run from today, not from its first receipt',
  })
  @IdempotentCreation({ retryCreates: 'registers nothing new', created: RegistrationResultDto })
  register(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: RegisterBacklogDto,
    @Headers('idempotency-key') key?: string,
  ) {
    refuseUnprintable(dto.petitionerName, 'petitionerName');
    const { backlog } = dto;
    return this.petitions.register(user, dto, key, {
      visits: backlog.visits,
      sourceRef: backlog.sourceRef,
      earlierDecisions: backlog.earlierDecisions.map((d) => ({
        kind: d.kind,
        documentRef: d.documentRef,
        date: d.date,
      })),
    });
  }
}
