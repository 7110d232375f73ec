import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OVERSEEING_ROLES } from '../accountability/oversight-scope';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ListEscalationsQuery, ListOverdueQuery, ListSupervisionTasksQuery } from './dto/supervision-queries';
import { EscalationView, OverdueList, SupervisionTaskView } from './dto/supervision-views';
import { ApiErrorResponses } from '../common/api-error';
import { SupervisionService } from './supervision.service';

/** Read-only lists; the supervisor's actions (督办, 挂牌, 提级, 包案) are workflow updates under /petitions/:id/actions. */
@ApiTags('supervision')
@ApiBearerAuth()
@ApiErrorResponses(400, 401, 403)
@Controller('supervision')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Get('escalations')
  @Roles(...OVERSEEING_ROLES, 'caseLeader')
  @ApiOperation({
    summary:
      'escalation rungs fired on clocks of units at and below yours, newest first; a case leader sees those addressed to them',
  })
  @ApiOkResponse({ type: [EscalationView] })
  escalations(@CurrentUser() user: AuthenticatedUser, @Query() query: ListEscalationsQuery) {
    return this.supervision.escalations(user, query);
  }

  @Get('tasks')
  @Roles(...OVERSEEING_ROLES)
  @ApiOperation({
    summary: '督办 / 挂牌督办 / 提级办理 tasks of the petition offices at and below yours, newest first',
  })
  @ApiOkResponse({ type: [SupervisionTaskView] })
  tasks(@CurrentUser() user: AuthenticatedUser, @Query() query: ListSupervisionTasksQuery) {
    return this.supervision.tasks(user, query);
  }

  @Get('overdue')
  @Roles(...OVERSEEING_ROLES)
  @ApiOperation({
    summary:
      'running obligation clocks of units at and below yours that are overdue or due within 3 days, soonest due first',
  })
  @ApiOkResponse({ type: OverdueList })
  overdue(@CurrentUser() user: AuthenticatedUser, @Query() query: ListOverdueQuery) {
    return this.supervision.overdue(user, query);
  }
}
