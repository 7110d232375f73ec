/**
 * Archives closed cases. A history is complete only after its workflow closes, and nothing runs in
 * the workflow after that, so the worker process polls Temporal's visibility for petition
 * workflows that closed (not those that continued as new) and archives each one it has not yet
 * archived. The first pass after a start looks at every closed case Temporal still has (which also
 * is the backfill for cases that closed before this feature); later passes look a little before
 * the previous pass began, so a close that reached visibility late is still seen. Several workers
 * may run it: a session advisory lock lets one pass run at a time, and the archive is written once.
 */
import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { CaseHistoryNotFound, closeStatus, fetchCaseHistory } from './case-history';
import { archiveCaseHistory } from './history-archive';

const ARCHIVER_LOCK = 0x6172636869; // 'archi'
/** How far before the previous pass a later pass looks again (visibility is eventually consistent). */
const OVERLAP_MS = 10 * 60_000;

export interface ArchiverOptions {
  workflowType: string;
  /** Only this task queue's workflows (one deployment's; tests run several on one server). */
  taskQueue?: string;
  /** The petition a workflow belongs to (the id scheme lives with the workflow contract). */
  petitionIdOf: (workflowId: string) => string | null;
  archivedBy: string;
}

export interface ArchivePass {
  considered: number;
  archived: number;
  alreadyArchived: number;
  failed: { workflowId: string; error: string }[];
  /** false when another archiver held the lock: nothing was done. */
  ran: boolean;
}

function visibilityQuery(options: ArchiverOptions, closedSince: Date | null): string {
  const parts = [
    `WorkflowType = '${options.workflowType}'`,
    `ExecutionStatus != 'Running'`,
    `ExecutionStatus != 'ContinuedAsNew'`,
  ];
  if (options.taskQueue) parts.push(`TaskQueue = '${options.taskQueue.replace(/'/g, "''")}'`);
  if (closedSince) parts.push(`CloseTime >= '${closedSince.toISOString()}'`);
  return parts.join(' AND ');
}

/** One pass: every case closed since `closedSince` (all when null) that is not archived yet. */
export async function archiveClosedCases(
  client: Client,
  dataSource: DataSource,
  options: ArchiverOptions,
  closedSince: Date | null,
  onProgress?: (pass: ArchivePass) => void,
): Promise<ArchivePass> {
  const pass: ArchivePass = { considered: 0, archived: 0, alreadyArchived: 0, failed: [], ran: false };
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    const [{ locked }] = await lock.query(`SELECT pg_try_advisory_lock($1) AS locked`, [ARCHIVER_LOCK]);
    if (!locked) return pass;
    pass.ran = true;
    try {
      const seen = new Set<string>();
      for await (const execution of client.workflow.list({ query: visibilityQuery(options, closedSince) })) {
        const petitionId = options.petitionIdOf(execution.workflowId);
        if (!petitionId || seen.has(petitionId)) continue;
        seen.add(petitionId);
        pass.considered += 1;
        const [archived] = await dataSource.query(`SELECT 1 FROM petition_history_archives WHERE petition_id = $1`, [
          petitionId,
        ]);
        if (archived) {
          pass.alreadyArchived += 1;
          onProgress?.(pass);
          continue;
        }
        try {
          const history = await fetchCaseHistory(client, execution.workflowId);
          // The listed run closed, but a newer run of the same id could be running (not for petitions).
          if (!closeStatus(history)) continue;
          const outcome = await archiveCaseHistory(dataSource.manager, petitionId, history, options.archivedBy);
          if (outcome === 'archived') pass.archived += 1;
          else pass.alreadyArchived += 1;
        } catch (error) {
          if (error instanceof CaseHistoryNotFound) continue; // deleted by retention meanwhile
          pass.failed.push({ workflowId: execution.workflowId, error: (error as Error).message });
        }
        onProgress?.(pass);
      }
    } finally {
      await lock.query(`SELECT pg_advisory_unlock($1)`, [ARCHIVER_LOCK]);
    }
    return pass;
  } finally {
    await lock.release();
  }
}

/** The worker's archiver: a pass at start, then one every `intervalMs`. */
export class HistoryArchiver {
  private readonly logger = new Logger('archiver');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private lastPassStartedAt: Date | null = null;
  private stopped = false;

  constructor(
    private readonly client: Client,
    private readonly dataSource: DataSource,
    private readonly options: ArchiverOptions,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /** Runs one pass now (the tests and the backfill call it; the timer too). */
  async runPass(): Promise<ArchivePass> {
    const startedAt = new Date();
    const since = this.lastPassStartedAt ? new Date(this.lastPassStartedAt.getTime() - OVERLAP_MS) : null;
    const pass = await archiveClosedCases(this.client, this.dataSource, this.options, since);
    if (pass.ran && pass.failed.length === 0) this.lastPassStartedAt = startedAt;
    if (pass.archived > 0) this.logger.log(`archived ${pass.archived} closed case(s)`);
    for (const failure of pass.failed) this.logger.warn(`could not archive ${failure.workflowId}: ${failure.error}`);
    return pass;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runPass()
        .then(() => undefined)
        .catch((error: Error) => this.logger.warn(`archive pass failed: ${error.message}`))
        .finally(() => {
          this.running = null;
          this.schedule(this.intervalMs);
        });
    }, delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
