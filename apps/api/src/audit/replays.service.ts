import { BadRequestException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { appendAuditRecord } from '@/libs/audit/audit-trail';
import type { ReplayCode } from '@/libs/audit/replay';
import { CaseReplayOutcome, isUnavailable, replayPetitions } from '@/libs/audit/replay-runner';
import type { PetitionDataConverter } from '@/libs/temporal/data-converter';
import { bundlePetitionWorkflows } from '@/libs/temporal/worker';
import { petitionWorkflowId } from '@/workflows/petition/petition.contract';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { DATA_CONVERTER, TEMPORAL_CLIENT } from '../common/tokens';
import { PetitionAccessService } from '../petitions/petition-access.service';
import { formatInstant } from '@/libs/process/wire-time';
import type { ReplayJobStatus, ReplayJobView } from './dto/audit-views';
import { StartReplayDto } from './replay.dto';

/** Cases replayed within the request; more become a job read at GET /audit/replays/:jobId. */
export const INLINE_REPLAY_CASES = 10;
/** A running job whose runner has not reported for this long is shown as interrupted. */
const STALE_MS = 2 * 60_000;

interface JobRow {
  id: string;
  requested_by: string;
  requested_at: Date;
  scope: Record<string, unknown>;
  status: Exclude<ReplayJobStatus, 'interrupted'>;
  total: number;
  completed: number;
  deterministic: number;
  diverged: number;
  unavailable: number;
  results: CaseReplayOutcome[];
  error: string | null;
  started_at: Date | null;
  heartbeat_at: Date | null;
  finished_at: Date | null;
}

/**
 * Replays against the workflow code this process runs: a report for a few cases, a job with
 * readable progress for many (auditors run it after every deployment).
 */
@Injectable()
export class ReplaysService {
  private readonly logger = new Logger('replay');
  private code: Promise<ReplayCode> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(DATA_CONVERTER) private readonly converter: PetitionDataConverter,
  ) {}

  /** The current workflow code, bundled once per process (seconds; done on first use). */
  private replayCode(): Promise<ReplayCode> {
    this.code ??= bundlePetitionWorkflows().then((workflowBundle) => ({
      workflowBundle,
      dataConverter: this.converter,
    }));
    return this.code;
  }

  async start(user: AuthenticatedUser, dto: StartReplayDto): Promise<{ status: 200 | 202; job: ReplayJobView }> {
    if (!dto.all === !dto.petitionIds) throw new BadRequestException('send either petitionIds (a list) or all: true');
    let ids: string[];
    if (dto.petitionIds) {
      ids = [...new Set(dto.petitionIds.map((id) => id.toLowerCase()))];
      const visible = await this.access.filterVisible(user, ids);
      const unknown = ids.find((id) => !visible.has(id));
      if (unknown)
        throw new NotFoundException(`petition ${unknown} not found (or not within your region); nothing was replayed`);
    } else {
      const archived: { petition_id: string }[] = await this.dataSource.query(
        `SELECT petition_id FROM petition_history_archives ORDER BY closed_at, petition_id`,
      );
      const visible = await this.access.filterVisible(
        user,
        archived.map((a) => a.petition_id),
      );
      ids = archived.map((a) => a.petition_id).filter((id) => visible.has(id));
    }
    const id = randomUUID();
    await this.dataSource.query(
      `INSERT INTO replay_jobs (id, requested_by, scope, status, total) VALUES ($1, $2, $3, 'queued', $4)`,
      [id, user.id, JSON.stringify(dto.all ? { all: true } : { petitionIds: ids }), ids.length],
    );
    const running = this.run(id, user, ids);
    if (ids.length <= INLINE_REPLAY_CASES) {
      await running;
      return { status: 200, job: await this.get(user, id) };
    }
    running.catch(() => undefined);
    return { status: 202, job: await this.get(user, id) };
  }

  private async run(jobId: string, user: AuthenticatedUser, ids: string[]): Promise<void> {
    try {
      await this.dataSource.query(
        `UPDATE replay_jobs SET status = 'running', started_at = now(), heartbeat_at = now() WHERE id = $1`,
        [jobId],
      );
      const summary = await replayPetitions({
        manager: this.dataSource.manager,
        client: async () => this.temporal,
        code: await this.replayCode(),
        petitionIds: ids,
        workflowIdOf: petitionWorkflowId,
        onCase: async (outcome) => {
          const unavailable = isUnavailable(outcome);
          await this.dataSource.query(
            `UPDATE replay_jobs SET completed = completed + 1, heartbeat_at = now(),
               deterministic = deterministic + $2, diverged = diverged + $3, unavailable = unavailable + $4,
               results = results || jsonb_build_array($5::jsonb)
             WHERE id = $1`,
            [
              jobId,
              !unavailable && outcome.deterministic ? 1 : 0,
              !unavailable && !outcome.deterministic ? 1 : 0,
              unavailable ? 1 : 0,
              JSON.stringify(outcome),
            ],
          );
        },
      });
      await this.dataSource.query(`UPDATE replay_jobs SET status = 'done', finished_at = now() WHERE id = $1`, [jobId]);
      await appendAuditRecord(this.dataSource.manager, {
        kind: 'auditorAction',
        action: 'replay',
        outcome: summary.diverged === 0 && summary.unavailable === 0 ? 'succeeded' : 'failed',
        actor: { userId: user.id, role: user.role, unitId: user.unitId },
        detail: {
          jobId,
          cases: ids.length,
          deterministic: summary.deterministic,
          diverged: summary.diverged,
          unavailable: summary.unavailable,
        },
      });
    } catch (error) {
      this.logger.error(`replay job ${jobId} failed: ${(error as Error).message}`);
      await this.dataSource.query(
        `UPDATE replay_jobs SET status = 'failed', error = $2, finished_at = now() WHERE id = $1`,
        [jobId, (error as Error).message],
      );
      throw error;
    }
  }

  async get(user: AuthenticatedUser, jobId: string): Promise<ReplayJobView> {
    const [row]: JobRow[] = await this.dataSource.query(`SELECT * FROM replay_jobs WHERE id = $1`, [jobId]);
    // Auditors read their own jobs; an admin reads every job.
    if (!row || (row.requested_by !== user.id && user.role !== 'admin'))
      throw new NotFoundException(`replay job ${jobId} not found`);
    // The report names each case by its 信访件编号, as every screen does.
    const numbered: { petition_id: string; case_number: string | null }[] = row.results.length
      ? await this.dataSource.query(
          `SELECT petition_id, case_number FROM petition_intakes WHERE petition_id = ANY($1::uuid[])`,
          [row.results.map((r) => r.petitionId)],
        )
      : [];
    return this.view(row, new Map(numbered.map((n) => [n.petition_id, n.case_number])));
  }

  view(row: JobRow, caseNumbers: ReadonlyMap<string, string | null> = new Map()): ReplayJobView {
    const stale =
      row.status === 'running' &&
      row.heartbeat_at !== null &&
      Date.now() - new Date(row.heartbeat_at).getTime() > STALE_MS;
    const instant = (d: Date | null) => (d ? formatInstant(new Date(d).getTime()) : null);
    return {
      jobId: row.id,
      status: stale ? 'interrupted' : row.status,
      requestedBy: row.requested_by,
      requestedAt: instant(row.requested_at),
      scope: row.scope,
      progress: {
        total: row.total,
        completed: row.completed,
        percent: row.total === 0 ? 100 : Math.floor((100 * row.completed) / row.total),
      },
      summary: { deterministic: row.deterministic, diverged: row.diverged, unavailable: row.unavailable },
      results: row.results.map((r) => ({ ...r, caseNumber: caseNumbers.get(r.petitionId) ?? null })),
      error: row.error,
      startedAt: instant(row.started_at),
      finishedAt: instant(row.finished_at),
    };
  }
}
