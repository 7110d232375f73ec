/**
 * A projection never drops a batch. When the read model refuses a batch for what it holds (a data
 * exception or an integrity violation: here a CHECK constraint the test adds on petition_events,
 * refusing a marker text), the real projection activity keeps the batch in the quarantine and the
 * case goes on; the next batch projects; read-model verification names every event the read model
 * lacks and the waiting batch until an operator resolves it (`npm run audit -- resolve-quarantine`),
 * and then agrees. Text no record can hold never gets that far: the workflow's validators refuse it.
 */
import { ApplicationFailure, WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { NoticeDocumentActivities } from '../../activities/notice-documents.activities';
import { PetitionProjectionActivities } from '../../activities/petition-projection.activities';
import { resolveQuarantine } from '../../apps/audit/commands/resolve-quarantine';
import { decodeCaseHistory, fetchCaseHistory } from '../../libs/audit/case-history';
import { HistoryReading, readHistory } from '../../libs/audit/history-reading';
import { compareTimelines, timelineFromHistory } from '../../libs/audit/history-timeline';
import { verifyReadModel } from '../../libs/audit/read-model-verification';
import { createDataSource } from '../../libs/persistence/data-source';
import { quarantinedBatches } from '../../libs/persistence/projection-quarantine';
import type { Actor, ProjectionBatch } from '../../libs/process';
import { REJECTION_FAILURE_TYPE_PREFIX } from '../../workflows/petition/petition.contract';
import { ACTORS, CaseDriver, at } from '../support/case-driver';
import { startWorker, testDataConverter, useTimeSkippingWorker } from '../support/harness';

const COUNTY_SUPERVISOR: Actor = { userId: 'x-supervisor', role: 'supervisor', unitId: 'x-xfj' };

describe('a projection never drops a batch', () => {
  const ctx = useTimeSkippingWorker('quarantine');
  let owner: DataSource;
  beforeAll(async () => {
    // DDL needs the schema's owner; the worker under test connects as the runtime role.
    owner = createDataSource(process.env.DATABASE_OWNER_URL!);
    await owner.initialize();
  });
  afterAll(async () => {
    await owner?.destroy();
  });

  async function acceptedCase(): Promise<CaseDriver> {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ receivedAt: at('2030-03-04 09:00') });
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    await c.advanceTo(at('2030-03-06 10:00'));
    await c.act('accept', ACTORS.handler, {});
    await c.projected(ctx.dataSource);
    return c;
  }

  async function reading(c: CaseDriver): Promise<HistoryReading> {
    return readHistory(
      await decodeCaseHistory(testDataConverter(), await fetchCaseHistory(ctx.env.client, c.handle.workflowId)),
    );
  }

  async function readModelTimeline(petitionId: string) {
    return ctx.dataSource.query(
      `SELECT seq, type, at, actor_user_id AS "actorUserId", actor_role AS "actorRole", actor_unit_id AS "actorUnitId",
              request_id AS "requestId", clock_key AS "clockKey", data FROM petition_events WHERE petition_id = $1 ORDER BY seq`,
      [petitionId],
    );
  }

  async function storedSeqs(petitionId: string): Promise<number[]> {
    const rows: { seq: number }[] = await ctx.dataSource.query(
      `SELECT seq FROM petition_events WHERE petition_id = $1 ORDER BY seq`,
      [petitionId],
    );
    return rows.map((r) => Number(r.seq));
  }

  it('a batch refused for its content waits in the quarantine, the next one projects, and verification reports the gap until it is resolved', async () => {
    const c = await acceptedCase();
    const marker = `refused-${randomUUID().slice(0, 8)}`;
    const constraint = `test_refuses_${marker.replace('-', '_')}`;
    await owner.query(
      `ALTER TABLE petition_events ADD CONSTRAINT ${constraint} CHECK (strpos(data::text, '${marker}') = 0) NOT VALID`,
    );
    let quarantineId: string;
    let refusedSeqs: number[];
    try {
      // The 督办 is applied and answered: the refused projection holds up nothing.
      const supervised = await c.act('issueSupervision', COUNTY_SUPERVISOR, {
        instructions: `请于两周内书面反馈 ${marker}`,
      });
      expect(supervised.supervisionTasks).toEqual([expect.objectContaining({ kind: 'supervision', status: 'open' })]);
      const answered = await c.act('recordSupervisionFeedback', ACTORS.handler, { feedback: '已书面反馈' });
      expect(answered.revision).toBe(supervised.revision + 1);
      await c.projected(ctx.dataSource);

      // Nothing lost: the first batch is in the quarantine, whole; the second batch's events are stored.
      const [held, ...others] = await quarantinedBatches(ctx.dataSource.manager, c.petitionId);
      expect(others).toEqual([]);
      expect(held).toMatchObject({
        revision: supervised.revision,
        sqlstate: '23514',
        resolvedAt: null,
        resolvedBy: null,
      });
      const [row] = await ctx.dataSource.query(`SELECT batch FROM projection_quarantine WHERE id = $1`, [held.id]);
      const kept = JSON.parse(row.batch) as ProjectionBatch;
      expect(kept.events.find((e) => e.type === 'supervisionIssued')?.data).toMatchObject({
        instructions: `请于两周内书面反馈 ${marker}`,
      });
      expect(kept.events.map((e) => e.seq)).toEqual(held.eventSeqs);
      quarantineId = held.id;
      refusedSeqs = held.eventSeqs;

      const stored = await storedSeqs(c.petitionId);
      expect(stored.filter((seq) => refusedSeqs.includes(seq))).toEqual([]);
      const feedbackSeqs = (await reading(c)).projections.at(-1)!.batch.events.map((e) => e.seq);
      expect(feedbackSeqs.length).toBeGreaterThan(0);
      expect(stored).toEqual(expect.arrayContaining(feedbackSeqs));
      const [petition] = await ctx.dataSource.query(`SELECT revision FROM petitions WHERE id = $1`, [c.petitionId]);
      expect(petition.revision).toBe(answered.revision);

      // The auditor sees the gap: each missing event by seq, and the batch waiting in the quarantine.
      const history = await reading(c);
      const verification = await verifyReadModel(ctx.dataSource.manager, c.petitionId, history);
      expect(verification.ok).toBe(false);
      const missingEvents = verification.divergences
        .filter((d) => d.table === 'petition_events' && d.kind === 'missing')
        .map((d) => Number(d.key));
      expect(missingEvents).toEqual(refusedSeqs);
      expect(verification.divergences).toContainEqual(
        expect.objectContaining({ table: 'projection_quarantine', key: held.id, kind: 'quarantined' }),
      );
      expect(verification.quarantine).toEqual([
        expect.objectContaining({ id: held.id, sqlstate: '23514', resolvedAt: null }),
      ]);
      const timelineGaps = compareTimelines(timelineFromHistory(history), await readModelTimeline(c.petitionId));
      expect(timelineGaps.filter((d) => d.kind === 'missing').map((d) => d.seq)).toEqual(refusedSeqs);

      // Resolving while the database still refuses it changes nothing: it stays in the quarantine.
      const tooEarly = await resolveQuarantine(ctx.dataSource, c.petitionId, 'operator-test');
      expect(tooEarly).toMatchObject({ resolved: [], refused: { id: held.id, sqlstate: '23514' } });
      expect((await quarantinedBatches(ctx.dataSource.manager, c.petitionId))[0].resolvedAt).toBeNull();
    } finally {
      await owner.query(`ALTER TABLE petition_events DROP CONSTRAINT IF EXISTS ${constraint}`);
    }

    // What refused it is gone: the operator re-projects the batch, and verification agrees.
    const resolution = await resolveQuarantine(ctx.dataSource, c.petitionId, 'operator-test');
    expect(resolution).toEqual({
      petitionId: c.petitionId,
      resolved: [{ id: quarantineId, revision: expect.any(Number), repairs: [] }],
      refused: null,
    });
    expect(await storedSeqs(c.petitionId)).toEqual(expect.arrayContaining(refusedSeqs));
    const history = await reading(c);
    const verified = await verifyReadModel(ctx.dataSource.manager, c.petitionId, history);
    expect(verified.divergences).toEqual([]);
    expect(verified.ok).toBe(true);
    expect(verified.repaired).toEqual([]);
    expect(verified.quarantine).toEqual([
      expect.objectContaining({ id: quarantineId, resolvedBy: 'operator-test', resolvedAt: expect.any(String) }),
    ]);
    expect(compareTimelines(timelineFromHistory(history), await readModelTimeline(c.petitionId))).toEqual([]);
  });

  it('a lone surrogate that reached a batch (before the validators refused it) is kept losslessly, resolved as U+FFFD, and reported repaired', async () => {
    const c = await acceptedCase();
    const before = await reading(c);
    const last = before.projections.at(-1)!.batch;
    const seq = Math.max(...before.projections.flatMap((p) => p.batch.events.map((e) => e.seq))) + 1;
    // The batch such a history would hold: a 督办 whose instructions end in a lone high surrogate.
    const batch: ProjectionBatch = {
      ...last,
      revision: last.revision + 1,
      view: { ...last.view, revision: last.revision + 1 },
      events: [
        {
          seq,
          type: 'supervisionIssued',
          at: Date.parse('2030-03-07T10:00:00+08:00'),
          actor: COUNTY_SUPERVISOR,
          requestId: randomUUID(),
          clockKey: null,
          data: { instructions: '督办\ud800' },
        },
      ],
      ledger: [],
      escalations: [],
    };
    await new PetitionProjectionActivities(ctx.dataSource).projectPetition(batch);
    const [held] = await quarantinedBatches(ctx.dataSource.manager, c.petitionId);
    expect(held).toMatchObject({
      revision: batch.revision,
      eventSeqs: [seq],
      sqlstate: expect.stringMatching(/^22/),
      resolvedAt: null,
    });
    const [row] = await ctx.dataSource.query(`SELECT batch FROM projection_quarantine WHERE id = $1`, [held.id]);
    expect(row.batch).toContain('\\ud800'); // the escape, in ASCII: the original survives exactly
    expect((JSON.parse(row.batch) as ProjectionBatch).events[0].data.instructions).toBe('督办\ud800');
    // A retried activity finds the same row.
    await new PetitionProjectionActivities(ctx.dataSource).projectPetition(batch);
    expect(await quarantinedBatches(ctx.dataSource.manager, c.petitionId)).toHaveLength(1);

    const history: HistoryReading = {
      ...before,
      projections: [...before.projections, { eventId: 0, runId: 'pre-validator', batch }],
    };
    const waiting = await verifyReadModel(ctx.dataSource.manager, c.petitionId, history);
    expect(waiting.ok).toBe(false);
    expect(waiting.divergences).toContainEqual(
      expect.objectContaining({ table: 'petition_events', key: String(seq), kind: 'missing' }),
    );

    const resolution = await resolveQuarantine(ctx.dataSource, c.petitionId, 'operator-test');
    expect(resolution.resolved).toEqual([
      { id: held.id, revision: batch.revision, repairs: ['events[0].data.instructions'] },
    ]);
    const [event] = await ctx.dataSource.query(`SELECT data FROM petition_events WHERE petition_id = $1 AND seq = $2`, [
      c.petitionId,
      seq,
    ]);
    expect(event.data.instructions).toBe('督办\uFFFD');
    const [kept] = await ctx.dataSource.query(`SELECT batch, repairs FROM projection_quarantine WHERE id = $1`, [
      held.id,
    ]);
    expect((JSON.parse(kept.batch) as ProjectionBatch).events[0].data.instructions).toBe('督办\ud800');
    expect(kept.repairs).toEqual(['events[0].data.instructions']);

    const repaired = await verifyReadModel(ctx.dataSource.manager, c.petitionId, history);
    expect(repaired.divergences).toEqual([]);
    expect(repaired.ok).toBe(true);
    expect(repaired.repaired).toEqual([{ seq, quarantineId: held.id, fields: ['events[0].data.instructions'] }]);
  });

  it('an action whose arguments carry a lone surrogate is refused by the workflow validator, naming the field, and nothing changes', async () => {
    const c = await acceptedCase();
    const before = await c.view();
    const error = await c.act('issueSupervision', COUNTY_SUPERVISOR, { instructions: '督办\ud800' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe(`${REJECTION_FAILURE_TYPE_PREFIX}badArgument`);
    expect(cause.message).toMatch(/args\.instructions contains an unpaired UTF-16 surrogate/);
    expect(cause.details).toEqual([
      {
        code: 'badArgument',
        field: 'args.instructions',
        messageKey: 'text.illFormed',
        params: { field: 'args.instructions', kind: 'loneSurrogate' },
      },
    ]);
    const after = await c.view();
    expect(after.revision).toBe(before.revision);
    expect(after.supervisionTasks).toEqual([]);
    const [petition] = await ctx.dataSource.query(`SELECT revision FROM petitions WHERE id = $1`, [c.petitionId]);
    expect(petition.revision).toBe(before.revision);
    expect(await quarantinedBatches(ctx.dataSource.manager, c.petitionId)).toEqual([]);
    // Nothing of the refused update reached the history's projections either.
    expect(
      (await reading(c)).projections.flatMap((p) => p.batch.events).some((e) => e.type === 'supervisionIssued'),
    ).toBe(false);
  });

  it('a registration whose late-registration reason carries a lone surrogate is refused by the workflow; nothing reaches the read model', async () => {
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    // The query after the start may or may not answer before the workflow fails; its result says it.
    await c
      .register({ receivedAt: at('2030-02-01 10:00'), lateRegistrationReason: '信件积压\udc00' })
      .catch(() => undefined);
    const failure = await c.handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause as ApplicationFailure;
    expect(cause.type).toBe(`${REJECTION_FAILURE_TYPE_PREFIX}badArgument`);
    expect(cause.message).toMatch(/lateRegistrationReason contains an unpaired UTF-16 surrogate/);
    expect(await ctx.dataSource.query(`SELECT 1 FROM petitions WHERE id = $1`, [c.petitionId])).toEqual([]);
    expect(await quarantinedBatches(ctx.dataSource.manager, c.petitionId)).toEqual([]);
  });
});

/**
 * The real projection, out of service (a lost connection) for 15 s from the first attempt at the
 * batch carrying a 督办: longer than a workflow task's timeout, so the workflow takes further
 * updates while that local activity is still being retried.
 */
class ProjectionOutOfServiceForSupervision extends PetitionProjectionActivities {
  outageEndsAt: number | null = null;
  failures = 0;
  readonly storedRevisions: number[] = [];
  override async projectPetition(batch: ProjectionBatch): Promise<ProjectionBatch | null> {
    if (batch.events.some((e) => e.type === 'supervisionIssued')) {
      this.outageEndsAt ??= Date.now() + 15_000;
      if (Date.now() < this.outageEndsAt) {
        this.failures += 1;
        throw new Error('Connection terminated unexpectedly');
      }
    }
    const projected = await super.projectPetition(batch);
    this.storedRevisions.push(batch.revision);
    return projected;
  }
}

describe('batches reach the read model in order, each leaving the workflow only once stored', () => {
  const ctx = useTimeSkippingWorker('projection-order', { startWorker: false });
  afterEach(async () => {
    await ctx.worker?.stop();
  });

  it('while one batch is retried, a concurrent update waits for it; no batch overtakes another and none is lost', async () => {
    const projection = new ProjectionOutOfServiceForSupervision(ctx.dataSource);
    ctx.worker = await startWorker({
      connection: ctx.env.nativeConnection,
      namespace: ctx.env.namespace ?? 'default',
      taskQueue: ctx.taskQueue,
      dataSource: ctx.dataSource,
      activities: [projection, new NoticeDocumentActivities(ctx.dataSource)],
    });
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ receivedAt: at('2030-03-04 09:00') });
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    await c.act('accept', ACTORS.handler, {});
    await c.projected(ctx.dataSource);

    const supervising = c.act('issueSupervision', COUNTY_SUPERVISOR, { instructions: '请于两周内书面反馈' });
    while (projection.failures === 0) await new Promise((r) => setTimeout(r, 20));
    const answering = c.act('recordSupervisionFeedback', ACTORS.handler, { feedback: '已书面反馈' });
    const [supervised, answered] = await Promise.all([supervising, answering]);
    expect(supervised.supervisionTasks).toHaveLength(1);
    expect(answered.supervisionTasks).toEqual([expect.objectContaining({ status: 'answered' })]);
    await c.projected(ctx.dataSource);

    expect(projection.failures).toBeGreaterThan(1);
    expect(projection.storedRevisions).toEqual([...projection.storedRevisions].sort((a, b) => a - b));
    const history = readHistory(
      await decodeCaseHistory(testDataConverter(), await fetchCaseHistory(ctx.env.client, c.handle.workflowId)),
    );
    const verified = await verifyReadModel(ctx.dataSource.manager, c.petitionId, history);
    expect(verified.divergences).toEqual([]);
    const types: { type: string }[] = await ctx.dataSource.query(
      `SELECT type FROM petition_events WHERE petition_id = $1 ORDER BY seq`,
      [c.petitionId],
    );
    expect(types.map((t) => t.type)).toEqual(
      expect.arrayContaining(['supervisionIssued', 'supervisionFeedbackRecorded']),
    );
  });
});
