/**
 * PostgreSQL stopped while a projection is in flight (one PostgreSQL holds the read model and
 * Temporal's persistence, as in docker-compose.yml): the API answers 503 naming the database (not
 * 500); when it is back the projection is retried and every row appears once; the action and a
 * registration refused meanwhile, retried with the same requestId / Idempotency-Key, apply once.
 * The workers and API replicas ride the outage out without being restarted.
 */
import { randomUUID } from 'node:crypto';
import { redactUrl } from '../../libs/config/config';
import {
  callApi,
  caseRecords,
  count,
  eventually,
  registerCase,
  registrationBody,
  useCluster,
  workerWaitingOnLock,
} from '../support/cluster-harness';

describe('PostgreSQL stopped during projections (cluster topology)', () => {
  const ctx = useCluster();

  it('503 naming the database meanwhile; the projection in flight retries; afterwards every row once and retries apply once', async () => {
    const { petitionId } = await registerCase(ctx, `fault-pg-${randomUUID()}`);
    const routed = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${petitionId}/actions/route`, {
      body: { requestId: 'route-1', args: { unitId: 'x-zjj' } },
    });
    expect(routed.status).toBe(200);
    const before = await eventually('the routed projection', async () => {
      const records = await caseRecords(ctx.db, petitionId);
      return records.revision === 2 ? records : undefined;
    });
    const intakesBefore = await count(ctx.db, `SELECT count(*) AS n FROM petition_intakes`);
    const eventsBefore = await count(ctx.db, `SELECT count(*) AS n FROM petition_events`);

    // A projection in flight: held on the case's row until PostgreSQL goes away under it.
    const lock = await ctx.db.connect();
    lock.on('error', () => undefined);
    await lock.query('BEGIN');
    await lock.query('SELECT 1 FROM petitions WHERE id = $1 FOR UPDATE', [petitionId]);
    const accepted = callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${petitionId}/actions/accept`, {
      user: 'x-handler',
      body: { requestId: 'accept-1', args: {} },
    });
    await workerWaitingOnLock(ctx);

    // One PostgreSQL serves the read model and Temporal's persistence, as in docker-compose.yml.
    await ctx.cluster.postgres!.stop();
    lock.release(true);

    const database = `PostgreSQL at ${redactUrl(ctx.cluster.databaseUrl)}`;
    const read = await callApi(ctx.cluster.apiUrl, 'GET', `/petitions/${petitionId}`);
    expect(read.status).toBe(503);
    expect(read.body).toMatchObject({ statusCode: 503, code: 'databaseUnavailable' });
    expect(read.body.detail).toContain(database);
    expect(read.body.detail).toContain('DATABASE_URL');
    const registrationKey = `fault-pg-refused-${randomUUID()}`;
    const body = registrationBody();
    const refused = await callApi(ctx.cluster.apiUrl, 'POST', '/petitions', {
      body,
      headers: { 'Idempotency-Key': registrationKey },
    });
    expect(refused.status).toBe(503);
    expect(refused.body.code).toBe('databaseUnavailable');
    const again = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${petitionId}/actions/accept`, {
      user: 'x-handler',
      body: { requestId: 'accept-1', args: {} },
    });
    expect(again.status).toBe(503);
    for (const url of ctx.cluster.apiReplicaUrls) {
      const ready = await fetch(`${url}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ postgres: { ok: false } });
    }
    await new Promise((r) => setTimeout(r, 5000));

    await ctx.cluster.postgres!.start();
    const back = Date.now();
    // The first request either waited the outage out or was told 503; its retry with the same requestId applies once.
    const first = await accepted;
    expect([200, 503]).toContain(first.status);
    const retried = await eventually(
      'the accept retried with the same requestId to succeed',
      async () => {
        const answer = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${petitionId}/actions/accept`, {
          user: 'x-handler',
          body: { requestId: 'accept-1', args: {} },
        });
        return answer.status === 200 ? answer : undefined;
      },
      120_000,
      2000,
    );
    // Revision 3 is the acceptance, 4 its 受理告知书 attached once stored.
    expect(retried.body).toMatchObject({ step: 'handling', revision: 4 });
    const retriedRegistration = await callApi(ctx.cluster.apiUrl, 'POST', '/petitions', {
      body,
      headers: { 'Idempotency-Key': registrationKey },
    });
    expect(retriedRegistration.status).toBe(201);
    expect(retriedRegistration.body.created).toBe(true);

    const after = await eventually(
      'the accepted projection',
      async () => {
        const records = await caseRecords(ctx.db, petitionId);
        return records.revision === 4 ? records : undefined;
      },
      120_000,
    );
    const acceptEvents = after.events.slice(before.events.length);
    expect(after.events.slice(0, before.events.length)).toEqual(before.events);
    expect(acceptEvents.filter((e) => e === 'accepted')).toHaveLength(1);
    expect(after).toMatchObject({
      intakes: 1,
      petitionRows: 1,
      revision: 4,
      escalations: before.escalations,
      ledger: before.ledger,
    });
    // The projection that was in flight was written after PostgreSQL came back: it was retried.
    const projectedAt = (await ctx.db.query(`SELECT projected_at FROM petitions WHERE id = $1`, [petitionId])).rows[0]
      .projected_at as Date;
    expect(projectedAt.getTime()).toBeGreaterThanOrEqual(back - 1000);
    await eventually(
      'the retried registration projected',
      async () => (await caseRecords(ctx.db, retriedRegistration.body.petitionId)).events.length === 2,
    );
    expect(await count(ctx.db, `SELECT count(*) AS n FROM petition_intakes`)).toBe(intakesBefore + 1);
    expect(await count(ctx.db, `SELECT count(*) AS n FROM petition_events`)).toBe(
      eventsBefore + acceptEvents.length + 2,
    );
    expect(
      await count(ctx.db, `SELECT count(*) AS n FROM petition_intakes WHERE idempotency_key = $1`, [registrationKey]),
    ).toBe(1);

    // Nobody had to be restarted: the workers and the API replicas reconnected on their own.
    for (const process of [...ctx.cluster.workers, ...ctx.cluster.apis])
      expect({ [process.name]: process.restarts }).toEqual({ [process.name]: 0 });
  });
});
