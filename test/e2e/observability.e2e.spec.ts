/**
 * What operators see: JSON logs with a request id and no personal data, the request id carried
 * into the Temporal update and on to the activities it schedules, Prometheus metrics of the API
 * (latency by route and status, open cases and overdue clocks per unit level) and of the worker
 * (the Temporal SDK's own metrics).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { Client, Connection } from '@temporalio/client';
import { petitionDataConverter } from '../../libs/temporal/data-converter';
import { requestIdFromHeader } from '../../libs/temporal/request-id';
import request from 'supertest';
import { freePort } from '../../libs/infra/local-servers';
import { petitionWorkflowId } from '../../workflows/petition/petition.contract';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

const ROOT = join(__dirname, '..', '..');

describe('logs and metrics', () => {
  let logged: Record<string, unknown>[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line));
  });
  // The API of this file writes its JSON logs here (one pino root logger per process).
  const service = useRunningService({ logStream: stream });
  let http: ReturnType<typeof request>;
  let temporal: Client;
  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    temporal = new Client({
      connection: await Connection.connect({ address: service.config.temporalAddress }),
      namespace: service.config.temporalNamespace,
    });
  });
  afterAll(async () => {
    await temporal?.connection.close();
  });

  async function register(requestId: string, daysAgo: number): Promise<string> {
    const created = await http
      .post('/petitions?source=observability')
      .set('Authorization', staffBearer('x-registrar'))
      .set('X-Request-Id', requestId)
      .set('Idempotency-Key', `obs-${requestId}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        receivedAt: new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
        petitionerName: '隐私姓名某',
        petitionerContact: '13912345678',
        summary: '隐私摘要内容',
      })
      .expect(201);
    expect(created.headers['x-request-id']).toBe(requestId);
    return created.body.petitionId;
  }

  it('logs each request as one JSON line with its id, path and status, and never a token, a body, a query or a name', async () => {
    logged = [];
    await register('obs-log-1', 1);
    await http
      .get('/public/petitions/00000000-0000-4000-8000-000000000000')
      .set('X-Query-Code', 'SECR-ETCO-DE99')
      .expect(404);
    const lines = logged.filter((l) => (l.req as { id?: string } | undefined)?.id);
    const registration = lines.find((l) => (l.req as { id: string }).id === 'obs-log-1')!;
    if (!registration) throw new Error(`no log line for obs-log-1 in ${JSON.stringify(logged).slice(0, 2000)}`);
    expect(registration).toMatchObject({
      level: 30,
      service: 'petitions-api',
      req: { id: 'obs-log-1', method: 'POST', path: '/petitions' },
      res: { statusCode: 201 },
    });
    expect(typeof registration.responseTime).toBe('number');
    const text = JSON.stringify(logged);
    for (const secret of [
      '隐私姓名某',
      '13912345678',
      '隐私摘要内容',
      'Bearer',
      staffBearer('x-registrar').slice(7),
      'SECR-ETCO-DE99',
      'source=observability',
      '127.0.0.1',
    ])
      expect(text).not.toContain(secret);
    // A request id that is not one is replaced.
    const odd = await http.get('/health/live').set('X-Request-Id', 'bad id with spaces').expect(200);
    expect(odd.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('carries the request id into the Temporal update and the activities it schedules', async () => {
    const petitionId = await register('obs-start-1', 1);
    await http
      .post(`/petitions/${petitionId}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .set('X-Request-Id', 'obs-route-7')
      .send({ requestId: 'obs-route', args: { unitId: 'x-zjj' } })
      .expect(200);
    // Accepting issues the 受理告知书: an activity task the update schedules.
    await http
      .post(`/petitions/${petitionId}/actions/accept`)
      .set('Authorization', staffBearer('x-handler'))
      .set('X-Request-Id', 'obs-accept-8')
      .send({ requestId: 'obs-accept', args: {} })
      .expect(200);
    const history = await temporal.workflow.getHandle(petitionWorkflowId(petitionId)).fetchHistory();
    // Sealed by the payload codec like every payload of the history.
    const converter = petitionDataConverter(service.config.payloadKeys);
    const headerOf = (fields: Record<string, unknown> | null | undefined) =>
      requestIdFromHeader(converter, (fields as Record<string, never> | undefined)?.['request-id']);
    const events = history.events ?? [];
    const started = events.find((e) => e.workflowExecutionStartedEventAttributes)!;
    expect(
      started.workflowExecutionStartedEventAttributes!.header?.fields?.['request-id']?.metadata?.encoding?.toString(),
    ).toBe('binary/encrypted');
    expect(await headerOf(started.workflowExecutionStartedEventAttributes!.header?.fields)).toBe('obs-start-1');
    const accepted = events
      .map((e, i) => [e, i] as const)
      .filter(([e]) => e.workflowExecutionUpdateAcceptedEventAttributes)
      .map(([, i]) => i);
    expect(accepted).toHaveLength(2);
    expect(
      await headerOf(
        events[accepted[0]].workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest?.input?.header?.fields,
      ),
    ).toBe('obs-route-7');
    expect(
      await headerOf(
        events[accepted[1]].workflowExecutionUpdateAcceptedEventAttributes!.acceptedRequest?.input?.header?.fields,
      ),
    ).toBe('obs-accept-8');
    const scheduledAfter = events
      .slice(accepted[1])
      .filter((e) => e.activityTaskScheduledEventAttributes)
      .map((e) => e.activityTaskScheduledEventAttributes!);
    expect(scheduledAfter.map((a) => a.activityType?.name)).toContain('issueNotice');
    for (const activity of scheduledAfter)
      expect([activity.activityType?.name, await headerOf(activity.header?.fields)]).toEqual([
        activity.activityType?.name,
        'obs-accept-8',
      ]);
  });

  it('serves Prometheus metrics: latency by route pattern and status, open cases and overdue clocks per unit level', async () => {
    // Received 20 days ago: its 15-day routing clock is overdue at the county office.
    const petitionId = await register('obs-overdue-1', 20);
    for (let i = 0; i < 100; i++) {
      const rows = await service.dataSource.query(
        `SELECT 1 FROM petition_clocks WHERE petition_id = $1 AND due_at < now()`,
        [petitionId],
      );
      if (rows.length) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await http.get(`/petitions/${petitionId}`).set('Authorization', staffBearer('x-registrar')).expect(200);
    const metrics = (await http.get('/metrics').expect(200)).text;
    expect(metrics).toMatch(
      /http_request_duration_seconds_bucket\{le="[\d.+Inf]+",method="POST",route="\/petitions",status="201"\}/,
    );
    expect(metrics).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/petitions\/:id",status="200"\} [1-9]/,
    );
    expect(metrics).not.toContain(petitionId);
    expect(Number(/petitions_open_cases\{level="county"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(/petitions_overdue_clocks\{level="county"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    expect(metrics).toMatch(/petitions_api_process_cpu_user_seconds_total/);
  });

  it("the worker serves the Temporal SDK's metrics for Prometheus", async () => {
    const port = await freePort();
    const worker = spawn(
      process.execPath,
      ['-r', join(ROOT, 'test/support/register-ts.js'), join(ROOT, 'apps/worker/src/main.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          TEMPORAL_TASK_QUEUE: `obs-${port}`,
          WORKER_METRICS_PORT: String(port),
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    worker.stdout.on('data', (c: Buffer) => (output += c.toString()));
    worker.stderr.on('data', (c: Buffer) => (output += c.toString()));
    try {
      let body = '';
      for (let i = 0; i < 240 && !/task_queue="obs-/.test(body); i++) {
        await new Promise((r) => setTimeout(r, 500));
        body = await fetch(`http://127.0.0.1:${port}/metrics`).then(
          (r) => r.text(),
          () => '',
        );
      }
      expect(body).toMatch(/^temporal_\w+/m);
      expect(body).toMatch(/^temporal_request\{/m);
      expect(body).toMatch(/^temporal_\w+\{.*task_queue="obs-\d+"/m);
      // Its own log lines are JSON too.
      const json = output
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      expect(json.some((l) => l.service === 'petitions-worker')).toBe(true);
    } finally {
      worker.kill('SIGTERM');
      await new Promise((done) => worker.once('exit', done));
    }
  });
});
