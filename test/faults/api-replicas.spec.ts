/**
 * Two API replicas behind one port: a replica killed while it handles a request, and the client's
 * retry (same Idempotency-Key or requestId) landing on the other replica; and the same request sent
 * to both replicas at once. Each has exactly one effect: one intake, one workflow, one event.
 */
import { randomUUID } from 'node:crypto';
import {
  ApiAnswer,
  callApi,
  caseRecords,
  count,
  eventually,
  registerCase,
  registrationBody,
  useCluster,
  workerWaitingOnLock,
} from '../support/cluster-harness';

describe('API replicas: killed mid-request, and the same request twice at once (cluster: 2 API replicas)', () => {
  const ctx = useCluster();

  /** A request to one replica directly; a replica killed under it gives `null`. */
  async function direct(
    replica: number,
    method: string,
    path: string,
    options: Parameters<typeof callApi>[3],
  ): Promise<ApiAnswer | null> {
    try {
      return await callApi(ctx.cluster.apiReplicaUrls[replica], method, path, options);
    } catch {
      return null;
    }
  }

  async function workflowsWithId(workflowId: string): Promise<number> {
    return (await ctx.temporal.workflow.count(`WorkflowId = '${workflowId}'`)).count;
  }

  it('a registration whose replica was killed after it recorded the intake, before its workflow started: the intake keeps its number; the retry on the other replica starts that case once', async () => {
    const key = `fault-api-register-${randomUUID()}`;
    const body = registrationBody();
    const api1 = ctx.cluster.apis[0];
    // Temporal paused: the replica has committed the intake and its number, and now waits on the start.
    ctx.cluster.temporal.kill('SIGSTOP');
    let lost: Promise<ApiAnswer | null>;
    let recorded: { petition_id: string; case_number: string };
    try {
      lost = direct(0, 'POST', '/petitions', { body, headers: { 'Idempotency-Key': key } });
      recorded = await eventually(
        'the first attempt’s intake committed with its number, the workflow not yet started',
        async () =>
          (
            await ctx.db.query(
              `SELECT petition_id, case_number FROM petition_intakes WHERE idempotency_key = $1 AND case_number IS NOT NULL`,
              [key],
            )
          ).rows[0],
      );
      const back = api1.nextStart();
      api1.kill('SIGKILL');
      expect(await lost).toBeNull(); // the client never heard back
      ctx.cluster.temporal.kill('SIGCONT');
      await back;
    } finally {
      ctx.cluster.temporal.kill('SIGCONT');
    }
    expect(ctx.launcherLog.some((line) => /^api-1 \(pid \d+\) exited with signal SIGKILL/.test(line))).toBe(true);

    const retried = await callApi(ctx.cluster.apiUrl, 'POST', '/petitions', {
      body,
      headers: { 'Idempotency-Key': key },
    });
    expect(retried.status).toBe(201);
    // The retry finds the intake the first attempt committed: the same case, under the same number.
    // Its start finds the workflow if the first attempt's start got through before the kill.
    expect(retried.body).toMatchObject({
      created: false,
      petitionId: recorded.petition_id,
      caseNumber: recorded.case_number,
    });
    const { petitionId, workflowId } = retried.body;
    await eventually('the projection', async () => (await caseRecords(ctx.db, petitionId)).events.length === 2);
    expect(await count(ctx.db, `SELECT count(*) AS n FROM petition_intakes WHERE idempotency_key = $1`, [key])).toBe(1);
    expect(await workflowsWithId(workflowId)).toBe(1);
    expect(await caseRecords(ctx.db, petitionId)).toMatchObject({
      intakes: 1,
      petitionRows: 1,
      revision: 1,
      events: ['registered', 'clockStarted'],
    });
  });

  it('a staff action whose replica was killed while the action ran: the retry with the same requestId applies it once', async () => {
    const { petitionId } = await registerCase(ctx, `fault-api-action-${randomUUID()}`);
    const before = await caseRecords(ctx.db, petitionId);
    const api2 = ctx.cluster.apis[1];
    const lock = await ctx.db.connect();
    await lock.query('BEGIN');
    await lock.query('SELECT 1 FROM petitions WHERE id = $1 FOR UPDATE', [petitionId]);
    const lost = direct(1, 'POST', `/petitions/${petitionId}/actions/route`, {
      body: { requestId: 'route-1', args: { unitId: 'x-zjj' } },
    });
    await workerWaitingOnLock(ctx);
    const back = api2.nextStart();
    api2.kill('SIGKILL');
    expect(await lost).toBeNull();
    await lock.query('ROLLBACK');
    lock.release();
    await back;

    const retried = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${petitionId}/actions/route`, {
      body: { requestId: 'route-1', args: { unitId: 'x-zjj' } },
    });
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ step: 'acceptance', revision: 2 });
    const after = await eventually('the routed projection', async () => {
      const records = await caseRecords(ctx.db, petitionId);
      return records.revision === 2 ? records : undefined;
    });
    expect(after).toEqual({
      ...before,
      revision: 2,
      events: ['registered', 'clockStarted', 'clockStopped', 'routed', 'clockStarted', 'clockStarted'],
      clocks: 3,
    });
  });

  it('the same registration and the same action sent to both replicas at once: one effect each', async () => {
    const key = `fault-api-twice-${randomUUID()}`;
    const body = registrationBody();
    const registrations = await Promise.all(
      [0, 1].map((i) =>
        callApi(ctx.cluster.apiReplicaUrls[i], 'POST', '/petitions', { body, headers: { 'Idempotency-Key': key } }),
      ),
    );
    expect(registrations.map((r) => r.status)).toEqual([201, 201]);
    expect(registrations[0].body.petitionId).toBe(registrations[1].body.petitionId);
    expect(registrations.map((r) => r.body.created).sort()).toEqual([false, true]);
    const { petitionId, workflowId } = registrations[0].body;
    await eventually('the projection', async () => (await caseRecords(ctx.db, petitionId)).events.length === 2);
    expect(await count(ctx.db, `SELECT count(*) AS n FROM petition_intakes WHERE idempotency_key = $1`, [key])).toBe(1);
    expect(await workflowsWithId(workflowId)).toBe(1);
    const before = await caseRecords(ctx.db, petitionId);

    const actions = await Promise.all(
      [0, 1].map((i) =>
        callApi(ctx.cluster.apiReplicaUrls[i], 'POST', `/petitions/${petitionId}/actions/route`, {
          body: { requestId: 'route-twice', args: { unitId: 'x-zjj' } },
        }),
      ),
    );
    expect(actions.map((a) => a.status)).toEqual([200, 200]);
    expect(actions.map((a) => a.body.revision)).toEqual([2, 2]);
    const after = await eventually('the routed projection', async () => {
      const records = await caseRecords(ctx.db, petitionId);
      return records.revision === 2 ? records : undefined;
    });
    expect(after).toEqual({
      ...before,
      revision: 2,
      events: ['registered', 'clockStarted', 'clockStopped', 'routed', 'clockStarted', 'clockStarted'],
      clocks: 3,
    });
  });
});
