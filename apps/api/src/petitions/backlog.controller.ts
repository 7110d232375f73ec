import { Body, Controller, Headers } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { describeBacklogRegistration } from '../audit/staff-action-descriptions';
import { ApiErrorResponses } from '../common/api-error';
import { CurrentUser } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { RegisterBacklogDto } from './dto/register-backlog.dto';
import { PetitionsService } from './petitions.service';
import { RegistrationRoute } from './registration-route';

@ApiTags('petitions')
@ApiBearerAuth()
@ApiErrorResponses(401)
@Controller('petitions')
export class BacklogController {
  constructor(private readonly petitions: PetitionsService) {}

  @RegistrationRoute({
    path: 'backlog',
    describe: describeBacklogRegistration,
    summary:
      '积案: register a case that predates the service, with its history; marked as imported, its statutory clocks run from today, not from its first receipt',
  })
  register(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: RegisterBacklogDto,
    @Headers('idempotency-key') key?: string,
  ) {
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
