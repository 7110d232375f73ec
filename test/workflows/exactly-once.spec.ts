/**
 * The read model and the ledger hold each record exactly once, whatever happens to the activities
 * and workers in between: a projection that fails after it wrote (and is retried), and a worker
 * replaced mid-case (the new one replays the history from the start).
 */
import { NoticeDocumentActivities } from '../../activities/notice-documents.activities';
import { PetitionProjectionActivities } from '../../activities/petition-projection.activities';
import type { ProjectionBatch } from '../../libs/process';
import { ACTORS, CaseDriver, GROUNDS, at, endOf } from '../support/case-driver';
import { RunningWorker, startWorker, useTimeSkippingWorker } from '../support/harness';

/** The real projection, made to fail once after each write that carries ledger records. */
class ProjectionFailingAfterWrite extends PetitionProjectionActivities {
  readonly failedRevisions: number[] = [];
  override async projectPetition(batch: ProjectionBatch): Promise<ProjectionBatch | null> {
    const projected = await super.projectPetition(batch);
    if (batch.ledger.length > 0 && !this.failedRevisions.includes(batch.revision)) {
      this.failedRevisions.push(batch.revision);
      throw new Error(`injected failure after writing revision ${batch.revision}`);
    }
    return projected;
  }
}

describe('exactly once in the read model and the ledger', () => {
  const ctx = useTimeSkippingWorker('exactly-once', { startWorker: false });
  const workers: RunningWorker[] = [];
  afterEach(async () => {
    for (const w of workers.splice(0)) await w.stop();
  });

  async function counts(petitionId: string) {
    const [ledger] = await ctx.dataSource.query(
      `SELECT count(*)::int AS total, count(DISTINCT rule || (evidence->'eventSeqs')::text)::int AS distinct_records FROM accountability_records WHERE petition_id = $1`,
      [petitionId],
    );
    const [events] = await ctx.dataSource.query(
      `SELECT count(*)::int AS total, max(seq) AS max_seq FROM petition_events WHERE petition_id = $1`,
      [petitionId],
    );
    const rules = await ctx.dataSource.query(
      `SELECT rule FROM accountability_records WHERE petition_id = $1 ORDER BY id`,
      [petitionId],
    );
    const [escalations] = await ctx.dataSource.query(
      `SELECT count(*)::int AS total FROM escalations WHERE petition_id = $1`,
      [petitionId],
    );
    const [tasks] = await ctx.dataSource.query(
      `SELECT count(*)::int AS total FROM supervision_tasks WHERE petition_id = $1`,
      [petitionId],
    );
    return {
      ledger,
      events,
      rules: rules.map((r: { rule: string }) => r.rule),
      escalations: escalations.total,
      tasks: tasks.total,
    };
  }

  it('a projection that fails after writing is retried without duplicating a record, an event or an escalation', async () => {
    const flaky = new ProjectionFailingAfterWrite(ctx.dataSource);
    workers.push(
      await startWorker({
        connection: ctx.env.nativeConnection,
        namespace: ctx.env.namespace ?? 'default',
        taskQueue: ctx.taskQueue,
        dataSource: ctx.dataSource,
        activities: [flaky, new NoticeDocumentActivities(ctx.dataSource)],
      }),
    );
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ receivedAt: at('2030-02-25 10:00') }); // registered 7 days late: a ledger record at once
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    await c.act('accept', ACTORS.handler, {});
    await c.advanceTo(endOf('2030-05-06') + 1000); // handling (03-04 + 60 = Fri 05-03) breached: more records
    const view = await c.view();

    expect(flaky.failedRevisions.length).toBeGreaterThanOrEqual(2);
    const result = await counts(c.petitionId);
    expect(result.rules).toEqual(['lateRegistration', 'handlingOverdue']);
    expect(result.ledger.total).toBe(result.ledger.distinct_records);
    expect(result.events.total).toBe(Number(result.events.max_seq));
    expect(result.escalations).toBe(3); // handling: warning70, warning90, breach
    expect(result.tasks).toBe(1);
    const [row] = await ctx.dataSource.query(`SELECT revision FROM petitions WHERE id = $1`, [c.petitionId]);
    expect(row.revision).toBe(view.revision);
  });

  it('a worker replaced mid-case picks the case up from its history; nothing is recorded twice', async () => {
    // No sticky cache on the first worker: the time-skipping server does not time out a sticky queue
    // whose worker is gone, so the next workflow task must be on the shared queue for the new worker.
    const first = await startWorker({
      connection: ctx.env.nativeConnection,
      namespace: ctx.env.namespace ?? 'default',
      taskQueue: ctx.taskQueue,
      dataSource: ctx.dataSource,
      overrides: { maxCachedWorkflows: 0 },
    });
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ receivedAt: at('2030-02-25 10:00') });
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    await c.act('accept', ACTORS.handler, {});
    await c.advanceTo(at('2030-04-20 10:00')); // the 70% warning has fired on the first worker
    const before = await counts(c.petitionId);
    await first.stop();

    workers.push(
      await startWorker({
        connection: ctx.env.nativeConnection,
        namespace: ctx.env.namespace ?? 'default',
        taskQueue: ctx.taskQueue,
        dataSource: ctx.dataSource,
      }),
    );
    await c.advanceTo(endOf('2030-05-03') + 1000);
    await c.act('issueReply', ACTORS.handler, { outcome: 'explained', ...GROUNDS });
    const after = await counts(c.petitionId);

    expect(before.rules).toEqual(['lateRegistration']);
    expect(after.rules).toEqual(['lateRegistration', 'handlingOverdue']);
    expect(after.ledger.total).toBe(after.ledger.distinct_records);
    expect(after.events.total).toBe(Number(after.events.max_seq));
    expect(after.escalations).toBe(3);
    const view = await c.view();
    expect(view.step).toBe('replyIssued');
    expect(view.clocks.find((k) => k.key === 'handling#1')!.firedRungs).toEqual(['warning70', 'warning90', 'breach']);
  });
});
