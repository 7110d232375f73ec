/**
 * The Temporal server of the cluster topology (PostgreSQL persistence) killed with SIGKILL and
 * started again: open cases and their pending timers are still there, a timer that fell due while
 * the server was down fires once, the API says 503 naming Temporal meanwhile, and a registration
 * refused then is completed once by its retry. The launcher also restarts a crashed server by itself.
 */
import { DefaultLogger, NativeConnection, Runtime, Worker, makeTelemetryFilterString } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import {
  callApi,
  caseRecords,
  count,
  eventually,
  registerCase,
  registrationBody,
  useCluster,
} from '../support/cluster-harness';
import { temporalTls } from '../../libs/temporal/connection';
import { timerProbe } from './support/timer-probe.workflow';

describe('the Temporal server killed and restarted (cluster topology, PostgreSQL persistence)', () => {
  const ctx = useCluster();
  const taskQueue = `timer-probe-${randomUUID()}`;
  let probeWorker: Worker;
  let probeRun: Promise<void>;
  let probeConnection: NativeConnection;

  beforeAll(async () => {
    // This worker loses its server on purpose: its retries are expected, not worth a warning each.
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }), forward: {} } },
    });
    await ctx.db.query(
      `CREATE TABLE fault_probe_timer_fires (workflow_id text NOT NULL, due_at timestamptz NOT NULL, fired_at timestamptz NOT NULL)`,
    );
    probeConnection = await NativeConnection.connect({
      address: ctx.cluster.temporalAddress,
      tls: temporalTls(ctx.cluster.appEnv),
    });
    probeWorker = await Worker.create({
      connection: probeConnection,
      dataConverter: ctx.dataConverter,
      taskQueue,
      workflowsPath: require.resolve('./support/timer-probe.workflow'),
      activities: {
        recordTimerFired: async (workflowId: string, dueAt: number, firedAt: number) => {
          await ctx.db.query(`INSERT INTO fault_probe_timer_fires VALUES ($1, $2, $3)`, [
            workflowId,
            new Date(dueAt),
            new Date(firedAt),
          ]);
        },
      },
    });
    probeRun = probeWorker.run();
  }, 120_000);
  afterAll(async () => {
    probeWorker?.shutdown();
    await probeRun?.catch(() => undefined);
    await probeConnection?.close();
  });

  /** Timers of a workflow as its history tells: started, and fired. */
  async function timerEvents(workflowId: string): Promise<{ started: number; fired: number }> {
    const history = await ctx.temporal.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    return {
      started: events.filter((e) => e.timerStartedEventAttributes).length,
      fired: events.filter((e) => e.timerFiredEventAttributes).length,
    };
  }

  it('open cases and their timers survive; a timer due while it was down fires once; the API says 503 naming Temporal meanwhile', async () => {
    const openCase = await registerCase(ctx, `fault-temporal-${randomUUID()}`);
    // The workflow sets its wake-up once the registration's projection is stored: wait for it.
    await eventually(
      'the case to set its wake-up timer',
      async () => (await timerEvents(openCase.workflowId)).started > 0,
    );
    const caseBefore = await caseRecords(ctx.db, openCase.petitionId);
    const caseTimers = await timerEvents(openCase.workflowId);
    expect(caseTimers).toEqual({ started: 1, fired: 0 }); // the wake-up at the routing clock's next rung
    const pendingTimerRows = await count(
      ctx.temporalDb,
      `SELECT count(*) AS n FROM timer_info_maps WHERE workflow_id = $1`,
      [openCase.workflowId],
    );
    expect(pendingTimerRows).toBe(1);
    const viewBefore = (await callApi(ctx.cluster.apiUrl, 'GET', `/petitions/${openCase.petitionId}`)).body.live;

    const dueAt = Date.now() + 12_000;
    const probe = await ctx.temporal.workflow.start(timerProbe, {
      taskQueue,
      workflowId: `timer-probe-${randomUUID()}`,
      args: [dueAt],
    });
    await eventually('the probe timer to be started', async () => (await timerEvents(probe.workflowId)).started === 1);
    const executionsBefore = await count(ctx.temporalDb, `SELECT count(*) AS n FROM executions`);

    await ctx.cluster.temporal.stop('SIGKILL');
    const down = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${openCase.petitionId}/actions/route`, {
      body: { requestId: 'route-while-down', args: { unitId: 'x-zjj' } },
    });
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('temporalUnavailable');
    expect(down.body.detail).toContain(`Temporal at ${ctx.cluster.temporalAddress}`);
    const refusedKey = `fault-temporal-refused-${randomUUID()}`;
    const refusedBody = registrationBody();
    const refused = await callApi(ctx.cluster.apiUrl, 'POST', '/petitions', {
      body: refusedBody,
      headers: { 'Idempotency-Key': refusedKey },
    });
    expect(refused.status).toBe(503);
    const ready = await (await fetch(`${ctx.cluster.apiReplicaUrls[0]}/health/ready`)).json();
    expect(ready).toMatchObject({ status: 'unavailable', temporal: { ok: false }, postgres: { ok: true } });

    // Down until well after the probe's timer fell due.
    while (Date.now() < dueAt + 5_000) await new Promise((r) => setTimeout(r, 500));
    expect(await count(ctx.db, `SELECT count(*) AS n FROM fault_probe_timer_fires`)).toBe(0);
    await ctx.cluster.temporal.start();

    const firedAt = await probe.result();
    expect(firedAt).toBeGreaterThanOrEqual(dueAt + 5_000);
    expect(
      await count(ctx.db, `SELECT count(*) AS n FROM fault_probe_timer_fires WHERE workflow_id = $1`, [
        probe.workflowId,
      ]),
    ).toBe(1);
    expect(await timerEvents(probe.workflowId)).toEqual({ started: 1, fired: 1 });

    // The open case: same workflow, same pending timer, same clocks; it takes the next action.
    expect(await count(ctx.temporalDb, `SELECT count(*) AS n FROM executions`)).toBe(executionsBefore);
    expect(await timerEvents(openCase.workflowId)).toEqual(caseTimers);
    expect(
      await count(ctx.temporalDb, `SELECT count(*) AS n FROM timer_info_maps WHERE workflow_id = $1`, [
        openCase.workflowId,
      ]),
    ).toBe(pendingTimerRows);
    const viewAfter = await eventually('the case to answer again', async () => {
      const shown = await callApi(ctx.cluster.apiUrl, 'GET', `/petitions/${openCase.petitionId}`);
      return shown.body.live ?? undefined;
    });
    expect(viewAfter.clocks.map((c: { key: string; dueAt: number }) => [c.key, c.dueAt])).toEqual(
      viewBefore.clocks.map((c: { key: string; dueAt: number }) => [c.key, c.dueAt]),
    );
    expect(await caseRecords(ctx.db, openCase.petitionId)).toEqual(caseBefore);
    const routed = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${openCase.petitionId}/actions/route`, {
      body: { requestId: 'route-after', args: { unitId: 'x-zjj' } },
    });
    expect(routed.status).toBe(200);
    expect(routed.body.step).toBe('acceptance');

    // The registration refused while Temporal was down: its retry completes it, once.
    const retried = await callApi(ctx.cluster.apiUrl, 'POST', '/petitions', {
      body: refusedBody,
      headers: { 'Idempotency-Key': refusedKey },
    });
    expect(retried.status).toBe(201);
    expect(
      await count(ctx.db, `SELECT count(*) AS n FROM petition_intakes WHERE idempotency_key = $1`, [refusedKey]),
    ).toBe(1);
    // Counted in Temporal's own executions table: the visibility store behind workflow.count() lags the start.
    expect(
      await count(ctx.temporalDb, `SELECT count(*) AS n FROM executions WHERE workflow_id = $1`, [
        retried.body.workflowId,
      ]),
    ).toBe(1);
    await eventually(
      'the retried registration projected',
      async () => (await caseRecords(ctx.db, retried.body.petitionId)).events.length === 2,
    );
  });

  it('a Temporal server that crashes is restarted by the launcher, which says so', async () => {
    const server = ctx.cluster.temporal;
    const restartsBefore = server.restarts;
    const pid = server.pid;
    const back = server.nextStart();
    server.kill('SIGKILL');
    await back;
    expect(server.restarts).toBe(restartsBefore + 1);
    expect(server.pid).not.toBe(pid);
    expect(ctx.launcherLog.some((line) => line.startsWith(`temporal (pid ${pid}) exited with signal SIGKILL`))).toBe(
      true,
    );
    const { petitionId } = await registerCase(ctx, `fault-temporal-after-crash-${randomUUID()}`);
    expect((await caseRecords(ctx.db, petitionId)).events).toEqual(['registered', 'clockStarted']);
  });
});
