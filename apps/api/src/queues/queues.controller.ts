import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiErrorResponses } from '../common/api-error';
import { CaseSearchService } from './case-search.service';
import { CaseSearchQuery, PageQuery } from './dto/case-search.query';
import { CaseListPage, QueuePage } from './dto/case-list.views';
import { WorkQueueService } from './work-queue.service';
import { ObjectionQueueService, PendingObjectionsPage } from './objection-queue.service';
import { ApprovalQueueService } from './approval-queue.service';
import { ApprovalQueuePage } from './dto/approval-queue.views';

@ApiTags('work queues and search')
@ApiBearerAuth()
@ApiErrorResponses(400, 401)
@Controller()
export class QueuesController {
  constructor(
    private readonly search: CaseSearchService,
    private readonly queues: WorkQueueService,
    private readonly objections: ObjectionQueueService,
    private readonly approvals: ApprovalQueueService,
  ) {}

  @Get('petitions')
  @ApiOperation({
    summary: 'search the cases you may see (属地管理): filters, newest first or soonest due first, keyset pages',
    description:
      'An accusation never appears to its accused unit. `q` searches the summary of the cases your own unit is part of.',
  })
  @ApiOkResponse({ type: CaseListPage })
  list(@CurrentUser() user: AuthenticatedUser, @Query() query: CaseSearchQuery) {
    return this.search.search(user, query);
  }

  @Get('me/queue')
  @ApiOperation({
    summary:
      'your work queue, by role: registrar — routing due; handler — acceptance notices and replies due; unit head — replies past their first warning (extend or sign); supervisor — open 督办/挂牌/提级 tasks; case leader — your cases',
  })
  @ApiOkResponse({ type: QueuePage })
  queue(@CurrentUser() user: AuthenticatedUser, @Query() query: PageQuery) {
    return this.queues.queue(user, query);
  }

  @Get('me/objections')
  @ApiOperation({
    summary:
      'objections to a misroute waiting for your petition office to verify (异议核实, Art 23): agree (the case returns for routing) or refuse with reasons, by the decideMisrouteObjection action; oldest first',
  })
  @ApiOkResponse({ type: PendingObjectionsPage })
  pendingObjections(@CurrentUser() user: AuthenticatedUser) {
    return this.objections.pending(user);
  }

  @Get('me/approvals')
  @ApiOperation({
    summary:
      "签发: unit heads — the drafts of your unit's replies and review/re-review decisions awaiting your approval, oldest first, each with its 草稿 preview (empty for other roles)",
  })
  @ApiOkResponse({ type: ApprovalQueuePage })
  approvalQueue(@CurrentUser() user: AuthenticatedUser) {
    return this.approvals.queue(user);
  }
}
