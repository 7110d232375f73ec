import { BadRequestException, Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { compareTimelines, timelineFromHistory } from '@/libs/audit/history-timeline';
import { readHistory } from '@/libs/audit/history-reading';
import { quarantineEntry, verifyReadModel } from '@/libs/audit/read-model-verification';
import { quarantinedBatches } from '@/libs/persistence/projection-quarantine';
import { CurrentUser, Roles } from '../auth/auth.guard';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { PetitionAccessService } from '../petitions/petition-access.service';
import { AUDIT_ROLES } from './audit-trail.controller';
import { CaseHistoriesService } from './case-histories.service';
import { CaseNotReplayedView, CaseReplayedView, ReplayJobView } from './dto/audit-views';
import { CaseHistoryView, HistoryTimelineView, ReadModelVerificationView } from './dto/history-views';
import { StartReplayDto } from './replay.dto';
import { ReplaysService } from './replays.service';

const CASE_ID = new ParseUUIDPipe({
  version: '4',
  exceptionFactory: () => new BadRequestException('id must be a petition id (UUID)'),
});

/** Auditors' view of a case's history (DOMAIN §8): export, replay, timeline and read-model checks. */
@ApiTags('audit')
@ApiBearerAuth()
@Roles(...AUDIT_ROLES)
@ApiExtraModels(CaseReplayedView, CaseNotReplayedView)
@Controller('audit')
export class AuditCasesController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
    private readonly histories: CaseHistoriesService,
    private readonly replays: ReplaysService,
  ) {}

  @Get('petitions/:id/history')
  @ApiOperation({
    summary:
      "the full history in Temporal's JSON format, every run across continue-as-new in order; from the archive once the case closed",
  })
  @ApiQuery({
    name: 'encoding',
    required: false,
    enum: ['decoded', 'raw'],
    description: 'decoded (default): payloads opened by the codec; raw: as Temporal stores them',
  })
  @ApiOkResponse({ type: CaseHistoryView })
  async history(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', CASE_ID) id: string,
    @Query('encoding') encoding = 'decoded',
  ): Promise<CaseHistoryView> {
    if (encoding !== 'decoded' && encoding !== 'raw')
      throw new BadRequestException('encoding must be "decoded" or "raw"');
    await this.access.requireVisible(user, id, 'read', 'exportHistory');
    const loaded = await this.histories.load(id);
    const history = encoding === 'raw' ? loaded.history : await this.histories.decode(loaded.history);
    return { ...this.histories.summary(loaded), encoding, runs: history.runs };
  }

  @Get('petitions/:id/history-timeline')
  @ApiOperation({
    summary:
      "the timeline rebuilt from the history alone, and every line where the read model's timeline differs (a finding)",
  })
  @ApiOkResponse({ type: HistoryTimelineView })
  async timeline(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', CASE_ID) id: string,
  ): Promise<HistoryTimelineView> {
    await this.access.requireVisible(user, id, 'read', 'readHistoryTimeline');
    const loaded = await this.histories.load(id);
    const reading = readHistory(await this.histories.decode(loaded.history));
    const entries = timelineFromHistory(reading);
    const readModel = await this.dataSource.query(
      `SELECT seq, type, at, actor_user_id AS "actorUserId", actor_role AS "actorRole", actor_unit_id AS "actorUnitId",
              request_id AS "requestId", clock_key AS "clockKey", data FROM petition_events WHERE petition_id = $1 ORDER BY seq`,
      [id],
    );
    const quarantine = await quarantinedBatches(this.dataSource.manager, id);
    const repairedSeqs = new Set(quarantine.filter((q) => q.resolvedAt !== null).flatMap((q) => q.eventSeqs));
    const differences = compareTimelines(entries, readModel, repairedSeqs);
    // A batch waiting in the quarantine is a gap even before its events are looked for.
    const agreesWithReadModel = differences.length === 0 && quarantine.every((q) => q.resolvedAt !== null);
    return {
      ...this.histories.summary(loaded),
      agreesWithReadModel,
      differences,
      quarantine: quarantine.map(quarantineEntry),
      staffRequests: reading.requests,
      entries,
    };
  }

  @Get('petitions/:id/read-model-verification')
  @ApiOperation({
    summary:
      'rebuild state, clocks, rungs, escalations and ledger records from the history and compare them with PostgreSQL, field by field',
  })
  @ApiOkResponse({ type: ReadModelVerificationView })
  async verify(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id', CASE_ID) id: string,
  ): Promise<ReadModelVerificationView> {
    await this.access.requireVisible(user, id, 'read', 'verifyReadModel');
    const loaded = await this.histories.load(id);
    const result = await verifyReadModel(
      this.dataSource.manager,
      id,
      readHistory(await this.histories.decode(loaded.history)),
    );
    return { ...this.histories.summary(loaded), ...result };
  }

  @Post('replays')
  @ApiOperation({
    summary: `replay cases against the current workflow code: a report for up to 10 cases (200), otherwise a job to follow at GET /audit/replays/:jobId (202)`,
  })
  @ApiOkResponse({ type: ReplayJobView, description: 'up to 10 cases: the finished report' })
  @ApiAcceptedResponse({
    type: ReplayJobView,
    description: 'more cases: the job, queued or running (Location: /audit/replays/:jobId)',
  })
  async startReplay(
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: StartReplayDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReplayJobView> {
    const { status, job } = await this.replays.start(user, dto);
    response.status(status);
    if (status === 202) response.setHeader('Location', `/audit/replays/${job.jobId}`);
    return job;
  }

  @Get('replays/:jobId')
  @ApiOperation({
    summary:
      'a replay job: progress, per-case results (deterministic, or the first diverging event and what the code did instead)',
  })
  @ApiOkResponse({ type: ReplayJobView })
  job(
    @CurrentUser() user: AuthenticatedUser,
    @Param(
      'jobId',
      new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException('jobId must be a replay job id (UUID)') }),
    )
    jobId: string,
  ): Promise<ReplayJobView> {
    return this.replays.get(user, jobId);
  }
}
