/**
 * A worker killed with SIGKILL in the middle of an activity, or of a staff action (an update
 * waiting on its unit lookup): the case goes on when a worker takes the work over, the launcher
 * restarts the dead worker and says so, and every event, row and ledger record exists once.
 * To be sure the kill lands mid-flight, the test holds a PostgreSQL lock the activity (a local
 * activity, run inside the worker's workflow task) has to wait for, finds the worker whose
 * connection waits on it (pg_stat_activity names each worker's connections), and kills that one.
 */
import { randomUUID } from 'node:crypto';
import { petitionUpdates } from '../../workflows/petition/petition.contract';
import {
  CaseRecords,
  callApi,
  caseRecords,
  eventually,
  lostWorkflowTasks,
  registerCase,
  useCluster,
  workerWaitingOnLock,
} from '../support/cluster-harness';

describe('a worker killed with SIGKILL mid-flight (cluster: 2 workers)', () => {
  const ctx = useCluster();

  function workerWithPid(pid: number) {
    const worker = ctx.cluster.workers.find((w) => w.pid === pid);
    if (!worker)
      throw new Error(
        `no worker of this cluster has pid ${pid} (workers: ${ctx.cluster.workers.map((w) => w.pid).join(', ')})`,
      );
    return worker;
  }

  /** The route applied exactly once: one revision, its events and clocks once each, nothing else changed; a workflow task was lost to the kill. */
  async function expectRoutedOnce(petitionId: string, workflowId: string, before: CaseRecords): Promise<void> {
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
    expect(await lostWorkflowTasks(ctx, workflowId)).toBeGreaterThanOrEqual(1);
  }

  it('in the middle of a projection: the other worker retries it, each record lands once, the dead worker is restarted', async () => {
    const { petitionId, workflowId } = await registerCase(ctx, `fault-worker-activity-${randomUUID()}`);
    const before = await caseRecords(ctx.db, petitionId);
    expect(before).toMatchObject({
      intakes: 1,
      petitionRows: 1,
      revision: 1,
      events: ['registered', 'clockStarted'],
      escalations: 0,
      ledger: 0,
      clocks: 1,
    });

    // Hold the case's row: the next projection blocks inside its transaction.
    const lock = await ctx.db.connect();
    await lock.query('BEGIN');
    await lock.query('SELECT 1 FROM petitions WHERE id = $1 FOR UPDATE', [petitionId]);
    const routed = callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${petitionId}/actions/route`, {
      body: { requestId: 'route-1', args: { unitId: 'x-zjj' } },
    });
    const pid = await workerWaitingOnLock(ctx);
    const worker = workerWithPid(pid);
    const restarted = worker.nextStart();
    worker.kill('SIGKILL');
    await lock.query('ROLLBACK');
    lock.release();

    // The workflow task dies with the worker; after its timeout a live worker redoes it, projection included.
    const answer = await routed;
    expect(answer.status).toBe(200);
    expect(answer.body.step).toBe('acceptance');
    await restarted;
    expect(worker.restarts).toBe(1);
    expect(
      ctx.launcherLog.some((line) => line.startsWith(`${worker.name} (pid ${pid}) exited with signal SIGKILL`)),
    ).toBe(true);
    expect(ctx.launcherLog).toContain(`${worker.name} is running again (pid ${worker.pid}, restart 1)`);

    await expectRoutedOnce(petitionId, workflowId, before);
  });

  it('in the middle of a staff action (update awaiting its unit lookup): when the workers come back the action completes once', async () => {
    const { petitionId, workflowId } = await registerCase(ctx, `fault-worker-update-${randomUUID()}`);
    const before = await caseRecords(ctx.db, petitionId);
    const handle = ctx.temporal.workflow.getHandle(workflowId);
    const request = {
      requestId: `route-${randomUUID()}`,
      actor: { userId: 'x-registrar', role: 'registrar' as const, unitId: 'x-xfj' },
      args: { unitId: 'x-zjj' },
    };

    // Nobody reads the unit tree while this lock is held: the update's describeUnits waits.
    const lock = await ctx.db.connect();
    await lock.query('BEGIN');
    await lock.query('LOCK TABLE units IN ACCESS EXCLUSIVE MODE');
    const update = handle.executeUpdate(petitionUpdates.route, {
      args: [request],
      updateId: `route:${request.requestId}`,
    });
    const pid = await workerWaitingOnLock(ctx);
    // Every worker dies; they come back after the supervisor's backoff.
    const comeBack = ctx.cluster.workers.map((w) => w.nextStart());
    const killedPids = ctx.cluster.workers.map((w) => w.pid);
    expect(killedPids).toContain(pid);
    for (const worker of ctx.cluster.workers) worker.kill('SIGKILL');
    await lock.query('ROLLBACK');
    lock.release();
    await Promise.all(comeBack);

    const view = await update;
    expect(view.step).toBe('acceptance');
    // The same staff action again, now through the API with the same requestId: answered, not applied again.
    const again = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${petitionId}/actions/route`, {
      body: { requestId: request.requestId, args: { unitId: 'x-zjj' } },
    });
    expect(again.status).toBe(200);
    expect(again.body.revision).toBe(view.revision);

    await expectRoutedOnce(petitionId, workflowId, before);
    for (const worker of ctx.cluster.workers) expect(killedPids).not.toContain(worker.pid);
  });
});
