/**
 * The production topology of docker-compose.yml, run natively (npm run start:cluster): a petition
 * goes end to end through the one API port (round-robin over two replicas), the Temporal server
 * keeps it in PostgreSQL, and two workers project it into the read model.
 */
import { callApi, count, eventually, useCluster } from '../support/cluster-harness';

describe('the cluster topology (Temporal server on PostgreSQL, 2 workers, 2 API replicas behind one port)', () => {
  const ctx = useCluster({ ui: true });

  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    callApi(ctx.cluster.apiUrl, method, path, { body, headers });

  it('registers and routes a petition through the proxy; the case lives in Temporal’s PostgreSQL and in the read model', async () => {
    const registered = await api(
      'POST',
      '/petitions',
      {
        category: 'appeal',
        channel: 'visit',
        receivedAt: new Date(Date.now() - 3600_000).toISOString(),
        petitionerName: '张某',
        summary: '物业维修基金使用不透明',
      },
      { 'Idempotency-Key': 'cluster-e2e-1' },
    );
    expect(registered.status).toBe(201);
    const { petitionId, workflowId } = registered.body;

    const row = await eventually(
      'the read-model row',
      async () => (await ctx.db.query(`SELECT step, revision FROM petitions WHERE id = $1`, [petitionId])).rows[0],
    );
    expect(row.step).toBe('routing');

    // The workflow is an execution of the PostgreSQL-backed server, not of a dev server.
    expect(
      await count(ctx.temporalDb, `SELECT count(*) AS n FROM executions WHERE workflow_id = $1`, [workflowId]),
    ).toBe(1);
    expect((await ctx.temporal.workflow.getHandle(workflowId).describe()).status.name).toBe('RUNNING');

    const routed = await api('POST', `/petitions/${petitionId}/actions/route`, {
      requestId: 'route-1',
      args: { unitId: 'x-zjj' },
    });
    expect(routed.status).toBe(200);
    expect(routed.body.step).toBe('acceptance');
    await eventually(
      'the routed row',
      async () =>
        (await ctx.db.query(`SELECT 1 FROM petitions WHERE id = $1 AND step = 'acceptance'`, [petitionId])).rows[0],
    );

    const replicas = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const shown = await api('GET', `/petitions/${petitionId}`);
      expect(shown.status).toBe(200);
      expect(shown.body.live.step).toBe('acceptance');
      replicas.add(shown.replica!);
    }
    expect([...replicas].sort()).toEqual(['api-1', 'api-2']);

    // The auditors' view: the Temporal UI server shows the case from the same cluster.
    const described = await fetch(
      `${ctx.cluster.uiUrl}/api/v1/namespaces/default/workflows/${encodeURIComponent(workflowId)}`,
    );
    expect(described.status).toBe(200);
    expect(
      ((await described.json()) as { workflowExecutionInfo: { execution: { workflowId: string } } })
        .workflowExecutionInfo.execution.workflowId,
    ).toBe(workflowId);
    expect((await fetch(ctx.cluster.uiUrl!)).status).toBe(200);

    const events = await ctx.db.query(`SELECT type FROM petition_events WHERE petition_id = $1 ORDER BY seq`, [
      petitionId,
    ]);
    expect(events.rows.map((e: { type: string }) => e.type)).toEqual([
      'registered',
      'clockStarted',
      'clockStopped',
      'routed',
      'clockStarted',
      'clockStarted',
    ]);
  });

  it("the Temporal UI decodes histories through the API's codec behind the proxy, as the demo auditor", async () => {
    const endpoint = ctx.cluster.uiCodecEndpoint!;
    expect(endpoint).toMatch(new RegExp(`^${ctx.cluster.apiUrl}/codec/ui/[A-Za-z0-9_-]{32}$`));
    // The UI server hands its browser pages the codec endpoint in its settings.
    const settings = (await (await fetch(`${ctx.cluster.uiUrl}/api/v1/settings`)).json()) as {
      Codec?: { Endpoint?: string };
    };
    expect(settings.Codec?.Endpoint).toBe(endpoint);

    const registered = await api(
      'POST',
      '/petitions',
      {
        category: 'appeal',
        channel: 'letter',
        receivedAt: new Date().toISOString(),
        petitionerName: '李某',
        summary: '路灯不亮',
      },
      { 'Idempotency-Key': 'cluster-e2e-codec' },
    );
    expect(registered.status).toBe(201);
    // The first event's input as the UI fetches it: sealed.
    const history = (await (
      await fetch(
        `${ctx.cluster.uiUrl}/api/v1/namespaces/default/workflows/${encodeURIComponent(registered.body.workflowId)}/history?maximumPageSize=1`,
      )
    ).json()) as {
      history: {
        events: {
          workflowExecutionStartedEventAttributes: {
            input: { payloads: { metadata: Record<string, string>; data: string }[] };
          };
        }[];
      };
    };
    const sealed = history.history.events[0].workflowExecutionStartedEventAttributes.input.payloads;
    expect(Buffer.from(sealed[0].metadata.encoding, 'base64').toString()).toBe('binary/encrypted');
    const uiOrigin = new URL(ctx.cluster.uiUrl!).origin;
    const decoded = await fetch(`${endpoint}/decode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: uiOrigin },
      body: JSON.stringify({ payloads: sealed }),
    });
    expect(decoded.status).toBe(200);
    expect(decoded.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    const [input] = ((await decoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] })
      .payloads;
    expect(Buffer.from(input.metadata.encoding, 'base64').toString()).toBe('json/plain');
    expect(JSON.parse(Buffer.from(input.data, 'base64').toString())).toMatchObject({
      registration: { petitionId: registered.body.petitionId, channel: 'letter' },
    });
    // Without the token, nothing.
    expect(
      (
        await fetch(`${ctx.cluster.apiUrl}/codec/ui/not-the-token/decode`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ payloads: sealed }),
        })
      ).status,
    ).toBe(401);
  });

  it('both workers poll the task queue', async () => {
    const described = await ctx.temporal.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: 'petitions', kind: 1 },
      taskQueueType: 1, // workflow tasks
    });
    const identities = new Set(described.pollers?.map((p) => p.identity));
    const pids = ctx.cluster.workers.map((w) => w.pid);
    for (const pid of pids) expect([...identities].some((identity) => identity?.startsWith(`${pid}@`))).toBe(true);
  });

  it('the balancer answers its own health check, and the replicas report PostgreSQL and Temporal ready', async () => {
    const lb = await fetch(`${ctx.cluster.apiUrl}/lb-health`);
    expect(lb.status).toBe(200);
    for (const url of ctx.cluster.apiReplicaUrls) {
      const ready = await (await fetch(`${url}/health/ready`)).json();
      expect(ready).toMatchObject({
        status: 'ready',
        temporal: { ok: true, target: ctx.cluster.temporalAddress },
        postgres: { ok: true },
      });
    }
  });
});
