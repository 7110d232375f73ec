/**
 * Issue 19, exactly once: one handling breach produces exactly the notifications it should (the
 * case entering the unit's queue, the 分办 to the 承办人, the two warnings to the 承办人 and the unit head, the breach
 * to the supervising office), each once, although every projection failed after writing and was
 * retried; and projecting every batch again (a replay) adds no notification and no delivery.
 */
import { NoticeDocumentActivities } from '../../activities/notice-documents.activities';
import { PetitionProjectionActivities, writeProjection } from '../../activities/petition-projection.activities';
import type { ProjectionBatch } from '../../libs/process';
import { ACTORS, CaseDriver, at, endOf } from '../support/case-driver';
import { startWorker, useTimeSkippingWorker } from '../support/harness';

/** The real projection, made to fail once after each write; keeps every batch it was given. */
class ProjectionFailingAfterEachWrite extends PetitionProjectionActivities {
  readonly batches: ProjectionBatch[] = [];
  override async projectPetition(batch: ProjectionBatch): Promise<ProjectionBatch | null> {
    const projected = await super.projectPetition(batch);
    if (!this.batches.some((b) => b.petitionId === batch.petitionId && b.revision === batch.revision)) {
      this.batches.push(batch);
      throw new Error(`injected failure after writing revision ${batch.revision}`);
    }
    return projected;
  }
}

describe('notifications exactly once', () => {
  const ctx = useTimeSkippingWorker('notifications', { startWorker: false });
  const MAILBOX = `x-xfj-${Date.now()}@example.test`;
  afterEach(async () => {
    await ctx.dataSource.query(`DELETE FROM notification_addresses WHERE address = $1`, [MAILBOX]);
  });

  const outbox = async (petitionId: string) => {
    const rows: { key: string; kind: string; rung: string | null; audience: string; urgent: boolean }[] =
      await ctx.dataSource.query(
        `SELECT key, kind, data ->> 'rung' AS rung, coalesce('unit:' || audience_unit_id, 'user:' || audience_user_id) AS audience, urgent
           FROM notifications WHERE petition_id = $1 ORDER BY event_seq, key`,
        [petitionId],
      );
    const deliveries: { notification_key: string; channel: string }[] = await ctx.dataSource.query(
      `SELECT d.notification_key, d.channel FROM notification_deliveries d JOIN notifications n ON n.key = d.notification_key
        WHERE n.petition_id = $1 ORDER BY 1`,
      [petitionId],
    );
    return { rows, deliveries };
  };

  it('one handling breach: the expected notifications once each, after retried projections and after a replay of every batch', async () => {
    // The county petition office, which supervises x-zjj's lapses, has a mailbox: each of its notifications gets one delivery.
    await ctx.dataSource.query(
      `INSERT INTO notification_addresses (owner_kind, owner_id, channel, address) VALUES ('unit', 'x-xfj', 'email', $1)
       ON CONFLICT (owner_kind, owner_id, channel) DO UPDATE SET address = EXCLUDED.address`,
      [MAILBOX],
    );
    const flaky = new ProjectionFailingAfterEachWrite(ctx.dataSource);
    // the harness stops ctx.worker before it tears the server down
    ctx.worker = await startWorker({
      connection: ctx.env.nativeConnection,
      namespace: ctx.env.namespace ?? 'default',
      taskQueue: ctx.taskQueue,
      dataSource: ctx.dataSource,
      activities: [flaky, new NoticeDocumentActivities(ctx.dataSource)],
    });
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({ receivedAt: at('2030-03-04 09:00') });
    await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    await c.act('accept', ACTORS.handler, {});
    await c.act('assignHandler', ACTORS.unitHead, { handlerUserId: 'x-handler' });
    // handling: accepted Mon 03-04, 60 days → Fri 05-03, a holiday: rolls to Mon 05-06; the breach fires at its end
    await c.advanceTo(endOf('2030-05-06') + 1000);
    await c.projected(ctx.dataSource);

    const first = await outbox(c.petitionId);
    expect(first.rows.map((r) => `${r.kind}${r.rung ? `/${r.rung}` : ''}→${r.audience}`)).toEqual([
      'caseRouted→unit:x-zjj',
      'handlerAssigned→user:x-handler',
      // after 分办 the warnings name the 承办人, and the unit's head hears of them too
      'escalation/warning70→unit:x-zjj',
      'escalation/warning70→user:x-handler',
      'escalation/warning90→unit:x-zjj',
      'escalation/warning90→user:x-handler',
      'escalation/breach→unit:x-xfj',
    ]);
    expect(first.rows.filter((r) => r.urgent).map((r) => r.rung)).toEqual(['breach']);
    expect(first.deliveries.map((d) => d.channel)).toEqual(['email']);
    expect(first.deliveries[0].notification_key).toBe(first.rows.find((r) => r.rung === 'breach')!.key);
    expect(flaky.batches.length).toBeGreaterThanOrEqual(5); // every one of them written twice

    // A replay: every batch projected once more, as a reprojection would.
    for (const batch of flaky.batches) await ctx.dataSource.transaction((tx) => writeProjection(tx, batch));
    expect(await outbox(c.petitionId)).toEqual(first);
  });
});
