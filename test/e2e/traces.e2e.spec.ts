/**
 * Traces as an operator reads them: the real API and worker processes (their entry points, so
 * tracing.ts is loaded first, as in production) with OTEL_EXPORTER_OTLP_ENDPOINT pointing at an
 * OTLP/HTTP receiver in this test. One staff action must come out as ONE trace: the HTTP server
 * span, the Temporal client's StartWorkflowUpdate, the workflow's HandleUpdate, the activity it
 * schedules (StartActivity/RunActivity) and the SQL that activity ran. And every log line is the
 * one JSON format, with a refusal's line naming its code, its user and its trace.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { randomUUID } from 'node:crypto';
import { SECRET_ENV } from '../../libs/config/config';
import { freePort } from '../../libs/infra/local-servers';
import { staffBearer } from '../support/auth';

const ROOT = join(__dirname, '..', '..');
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
}
interface ReceivedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | undefined>;
}

/** An OTLP/HTTP trace receiver (the JSON encoding the exporter sends), keeping every span it is sent. */
async function startReceiver(): Promise<{ server: Server; port: number; spans: ReceivedSpan[]; posts: string[] }> {
  const spans: ReceivedSpan[] = [];
  const posts: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      posts.push(`${req.method} ${req.url} ${req.headers['content-type']}`);
      let body: Buffer = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      if (req.url === '/v1/traces' && req.headers['content-type']?.startsWith('application/json')) {
        const message = JSON.parse(body.toString()) as {
          resourceSpans?: {
            resource?: { attributes?: { key: string; value: OtlpValue }[] };
            scopeSpans?: {
              scope?: { name?: string };
              spans?: (Omit<ReceivedSpan, 'attributes' | 'service' | 'scope'> & {
                attributes?: { key: string; value: OtlpValue }[];
              })[];
            }[];
          }[];
        };
        for (const resource of message.resourceSpans ?? []) {
          const service = resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const scope of resource.scopeSpans ?? [])
            for (const span of scope.spans ?? [])
              spans.push({
                ...span,
                service,
                scope: scope.scope?.name ?? '',
                parentSpanId: span.parentSpanId || undefined,
                attributes: Object.fromEntries(
                  (span.attributes ?? []).map((a) => [
                    a.key,
                    a.value.stringValue ?? (a.value.intValue === undefined ? undefined : Number(a.value.intValue)),
                  ]),
                ),
              });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port, spans, posts };
}

function startEntry(entry: string, env: Record<string, string>): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, ['-r', join(ROOT, 'test/support/register-ts.js'), join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  return { child, output: () => output };
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('traces from the API through Temporal into SQL', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let api: ReturnType<typeof startEntry>;
  let worker: ReturnType<typeof startEntry>;
  let base: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    const apiPort = await freePort();
    base = `http://127.0.0.1:${apiPort}`;
    const env = {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.port}`,
      TEMPORAL_TASK_QUEUE: `traces-${randomUUID()}`,
      API_PORT: String(apiPort),
      API_HOST: '127.0.0.1',
      WORKER_METRICS_PORT: '0',
      LOG_LEVEL: 'info',
      // The secrets the run's tokens were signed with, named: a .data/ left by a local start (or by
      // another test's launcher) would otherwise be read in their place.
      TOKEN_SIGNING_KEY: process.env.TOKEN_SIGNING_KEY ?? SECRET_ENV.TOKEN_SIGNING_KEY,
      QUERY_CODE_SECRET: process.env.QUERY_CODE_SECRET ?? SECRET_ENV.QUERY_CODE_SECRET,
    };
    // At debug the SDK logs each activity's start and end: lines written inside its span.
    worker = startEntry('apps/worker/src/main.ts', { ...env, LOG_LEVEL: 'debug' });
    api = startEntry('apps/api/src/main.ts', env);
    await until(
      'the worker to poll',
      () => (/polling task queue/.test(worker.output()) ? true : undefined),
      240_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${worker.output().slice(-3000)}`);
    });
    await until(
      'the API to listen',
      () =>
        fetch(`${base}/health/live`).then(
          (r) => (r.ok ? true : undefined),
          () => undefined,
        ),
      240_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}: ${api.output().slice(-3000)}`);
    });
  }, 300_000);

  afterAll(async () => {
    for (const process of [api?.child, worker?.child]) {
      if (!process || process.exitCode !== null) continue;
      process.kill('SIGTERM');
      await new Promise((done) => process.once('exit', done));
    }
    await new Promise((done) => receiver?.server.close(done));
  });

  async function call(method: string, path: string, user: string, body?: unknown, requestId?: string) {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: staffBearer(user),
        'content-type': 'application/json',
        ...(requestId ? { 'x-request-id': requestId } : {}),
        ...(method === 'POST' && path.startsWith('/petitions?') ? { 'idempotency-key': randomUUID() } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  it('links the HTTP request, the Temporal update, the workflow, its activity and the activity’s SQL in one trace', async () => {
    const registered = await call('POST', '/petitions?source=traces', 'x-registrar', {
      category: 'appeal',
      channel: 'letter',
      receivedAt: new Date(Date.now() - 86_400_000).toISOString(),
      petitionerName: '追踪测试人',
      petitionerContact: '13900000000',
      summary: '追踪测试',
    });
    expect(registered.status).toBe(201);
    const petitionId = registered.body.petitionId as string;
    const routed = await call('POST', `/petitions/${petitionId}/actions/route`, 'x-registrar', {
      requestId: `traces-route-${petitionId}`,
      args: { unitId: 'x-zjj' },
    });
    expect(routed.status).toBe(200);
    // Accepting issues the 受理告知书: an activity the update's handler schedules and waits for.
    const accepted = await call(
      'POST',
      `/petitions/${petitionId}/actions/accept`,
      'x-handler',
      { requestId: `traces-accept-${petitionId}`, args: {} },
      'traces-accept-1',
    );
    expect(accepted.status).toBe(200);

    const spans = receiver.spans;
    const server = await until(
      'the server span of the accept request',
      () =>
        spans.find(
          (s) =>
            s.kind === 2 &&
            s.service === 'petitions-api' &&
            String(s.attributes['http.target'] ?? s.attributes['url.path'] ?? '').endsWith(
              `/petitions/${petitionId}/actions/accept`,
            ),
        ),
      60_000,
    );
    // Found by the request id too (the X-Request-Id the client sent).
    expect(server.attributes['http.request_id']).toBe('traces-accept-1');
    const inTrace = () => spans.filter((s) => s.traceId === server.traceId);
    const byId = (id: string | undefined) => inTrace().find((s) => s.spanId === id);
    const ancestors = (span: ReceivedSpan): ReceivedSpan[] => {
      const chain: ReceivedSpan[] = [];
      for (let parent = byId(span.parentSpanId); parent; parent = byId(parent.parentSpanId)) chain.push(parent);
      return chain;
    };
    // The pg span of the activity is the last to arrive (the worker's batch); wait for the chain.
    const sql = await until(
      'a SQL statement under an activity of the accept trace',
      () =>
        inTrace().find(
          (s) =>
            s.scope.includes('instrumentation-pg') &&
            s.service === 'petitions-worker' &&
            s.attributes['db.statement'] !== undefined &&
            ancestors(s).some((a) => a.name.startsWith('RunActivity:')),
        ),
      60_000,
    ).catch((error: Error) => {
      throw new Error(
        `${error.message}; the trace has ${JSON.stringify(inTrace().map((s) => [s.service, s.name, s.spanId, s.parentSpanId]))}`,
      );
    });
    const chain = ancestors(sql).map((s) => s.name);
    // From the SQL up to the HTTP request, every link present: nothing in between was lost.
    expect(ancestors(sql).at(-1)?.spanId).toBe(server.spanId);
    const order = ['RunActivity:', 'StartActivity:', 'HandleUpdate:', 'StartWorkflowUpdate:'].map((prefix) =>
      chain.findIndex((name) => name.startsWith(prefix)),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(sql.attributes['db.system']).toBe('postgresql');
    expect(String(sql.attributes['db.statement'])).toMatch(/^(SELECT|INSERT|UPDATE|WITH|BEGIN|COMMIT)/i);
    // The workflow's spans come from the worker (the sandbox's sink), the client's from the API.
    expect(inTrace().find((s) => s.name.startsWith('HandleUpdate:'))?.service).toBe('petitions-worker');
    expect(inTrace().find((s) => s.name.startsWith('StartWorkflowUpdate:'))?.service).toBe('petitions-api');
    // The registration's trace reaches the workflow start.
    const registration = spans.find(
      (s) => s.kind === 2 && String(s.attributes['http.target'] ?? '').startsWith('/petitions?source=traces'),
    );
    expect(spans.some((s) => s.traceId === registration?.traceId && s.name.startsWith('StartWorkflow:'))).toBe(true);
    // No personal data in span attributes (SQL parameters are not recorded).
    expect(JSON.stringify(spans)).not.toContain('追踪测试人');
    expect(JSON.stringify(spans)).not.toContain('13900000000');
  });

  it('logs one JSON format with ISO times and trace ids, and a refusal with its code, user and trace', async () => {
    const refused = await call(
      'GET',
      '/petitions/00000000-0000-4000-8000-00000000dead',
      'x-registrar',
      undefined,
      'traces-refused-1',
    );
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('notFound');
    const line = await until(
      'the log line of the refused request',
      () => jsonLines(api.output()).find((l) => (l.req as { id?: string } | undefined)?.id === 'traces-refused-1'),
      20_000,
    );
    expect(line).toMatchObject({
      service: 'petitions-api',
      level: 40,
      code: 'notFound',
      user: { id: 'x-registrar', role: expect.any(String) },
      res: { statusCode: 404 },
    });
    expect(line.time).toMatch(ISO_TIME);
    expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
    const server = await until(
      'the server span of the refused request',
      () =>
        receiver.spans.find(
          (s) => s.kind === 2 && s.attributes['http.target'] === '/petitions/00000000-0000-4000-8000-00000000dead',
        ),
      20_000,
    );
    // The line's trace_id opens the request's trace.
    expect(line.trace_id).toBe(server.traceId);

    // Every line either process wrote is the same JSON: Nest's, the SDK's and our own.
    for (const [name, proc] of [
      ['api', api],
      ['worker', worker],
    ] as const) {
      const text = proc.output();
      const lines = text.split('\n').filter((l) => l.trim());
      const notJson = lines.filter((l) => !l.startsWith('{'));
      expect([name, notJson]).toEqual([name, []]);
      for (const entry of jsonLines(text)) {
        expect(entry.time).toMatch(ISO_TIME);
        expect(entry.service).toBe(name === 'api' ? 'petitions-api' : 'petitions-worker');
      }
    }
    // The worker's lines inside an activity carry its trace (the SDK's activity logger, through pino).
    expect(jsonLines(worker.output()).some((l) => typeof l.trace_id === 'string')).toBe(true);
  });
});
