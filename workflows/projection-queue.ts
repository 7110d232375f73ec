/**
 * The read-model projection of a workflow's outbox, shared by the petition and the campaign
 * workflows. Turns run one after another (a turn starts when the previous one settled), so batches
 * reach the read model in the order the workflow produced them even when two update handlers flush
 * at once. What a turn takes leaves the outbox only once its activity returned: an event leaves the
 * workflow stored in the read model or quarantined beside it, never lost. A failed turn (the
 * activity cancelled) leaves its batch pending for the next one.
 */
import { workflowInfo } from '@temporalio/workflow';

type Batch<O, K extends keyof O> = { [P in K]: O[P] };

export interface ProjectionQueueOptions<O, K extends keyof O> {
  /** The outbox as it is now (the workflow may replace it). */
  outbox: () => O;
  /** The parts of the outbox the projection stores; the rest stays for other consumers. */
  parts: readonly K[];
  /** Whether a batch holds anything the read model has not seen (besides a newer revision). */
  holdsNews: (batch: Batch<O, K>) => boolean;
  revision: () => number;
  /** Stores one batch; `historyLength` is the evidence's pointer into the history (deterministic on replay). */
  project: (batch: Batch<O, K>, revision: number, historyLength: number) => Promise<unknown>;
}

export class ProjectionQueue<O extends { [P in K]: unknown[] }, K extends keyof O> {
  private projecting: Promise<void> = Promise.resolve();

  constructor(
    private readonly options: ProjectionQueueOptions<O, K>,
    private projectedRevision: number,
  ) {}

  /**
   * `keepsPending` is the workflow's projection patch: histories recorded before it took the batch
   * out of the outbox before the activity ran, and replay the same way.
   */
  flush(keepsPending: boolean): Promise<void> {
    if (!keepsPending) return this.takeAndProject();
    const turn = this.projecting.then(() => this.projectPending());
    this.projecting = turn.catch(() => undefined);
    return turn;
  }

  private async projectPending(): Promise<void> {
    const outbox = this.options.outbox();
    if (!this.options.holdsNews(outbox) && this.projectedRevision >= this.options.revision()) return;
    const revision = this.options.revision();
    const batch = this.copy(outbox, (items) => items.slice());
    await this.options.project(batch, revision, workflowInfo().historyLength);
    for (const part of this.options.parts) (outbox[part] as unknown[]).splice(0, batch[part].length);
    this.projectedRevision = Math.max(this.projectedRevision, revision);
  }

  private async takeAndProject(): Promise<void> {
    const outbox = this.options.outbox();
    if (!this.options.holdsNews(outbox) && this.projectedRevision >= this.options.revision()) return;
    const batch = this.copy(outbox, (items) => items.splice(0));
    this.projectedRevision = this.options.revision();
    await this.options.project(batch, this.projectedRevision, workflowInfo().historyLength);
  }

  private copy(outbox: O, take: (items: unknown[]) => unknown[]): Batch<O, K> {
    const batch = {} as Batch<O, K>;
    for (const part of this.options.parts) batch[part] = take(outbox[part]) as O[typeof part];
    return batch;
  }
}
