/**
 * One staff action followed through the cluster topology's own trace collector (issue 21): the
 * launcher runs the OpenTelemetry Collector scripts/install.sh builds and points the API and the
 * workers at it; the collector writes what it receives, OTLP-JSON a batch a line, to the cluster's
 * traces.jsonl. Read back from that file, the action is ONE trace: the API's HTTP server span, the
 * Temporal client's StartWorkflowUpdate, the workflow's HandleUpdate, an activity the handler ran
 * and a SQL statement inside it; and the API's JSON log line for the request names the same trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { callApi, eventually, registerCase, useCluster } from '../support/cluster-harness';

interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number };
}
interface CollectedSpan {
  service: string;
  scope: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, string | undefined>;
}

/** Every span in the collector's file (a line it is still writing is left for the next read). */
function collectedSpans(file: string): CollectedSpan[] {
  if (!existsSync(file)) return [];
  const spans: CollectedSpan[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let batch: {
      resourceSpans?: {
        resource?: { attributes?: OtlpAttribute[] };
        scopeSpans?: {
          scope?: { name?: string };
          spans?: (Omit<CollectedSpan, 'service' | 'scope' | 'attributes'> & { attributes?: OtlpAttribute[] })[];
        }[];
      }[];
    };
    try {
      batch = JSON.parse(line);
    } catch {
      continue;
    }
    for (const resource of batch.resourceSpans ?? []) {
      const service = resource.resource?.attributes?.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
      for (const scope of resource.scopeSpans ?? [])
        for (const span of scope.spans ?? [])
          spans.push({
            ...span,
            parentSpanId: span.parentSpanId ?? '',
            service,
            scope: scope.scope?.name ?? '',
            attributes: Object.fromEntries(
              (span.attributes ?? []).map((a) => [
                a.key,
                a.value.stringValue ?? (a.value.intValue === undefined ? undefined : String(a.value.intValue)),
              ]),
            ),
          });
    }
  }
  return spans;
}

describe('a staff action’s trace, through the cluster’s collector', () => {
  const ctx = useCluster({ workers: 1, apis: 1 });

  it('is one trace from the HTTP request through the Temporal update, the workflow and an activity into its SQL, named by the API’s log line', async () => {
    const tracesFile = ctx.cluster.tracesFile;
    // The collector is part of the topology: without it (not installed) this fails rather than skips.
    expect(tracesFile).toEqual(join(ctx.dataDir, 'traces.jsonl'));
    expect(ctx.cluster.appEnv.OTEL_EXPORTER_OTLP_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const { petitionId } = await registerCase(ctx, `tracing-cluster-${Date.now()}`);
    const routed = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${petitionId}/actions/route`, {
      user: 'x-registrar',
      body: { requestId: `tracing-route-${petitionId}`, args: { unitId: 'x-zjj' } },
    });
    expect(routed.status).toBe(200);
    // Accepting issues the 受理告知书: an activity the update's handler schedules and waits for.
    const requestId = `tracing-accept-${petitionId}`;
    const accepted = await callApi(ctx.cluster.apiUrl, 'POST', `/petitions/${petitionId}/actions/accept`, {
      user: 'x-handler',
      body: { requestId, args: {} },
      headers: { 'X-Request-Id': requestId },
    });
    expect(accepted.status).toBe(200);

    const path = `/petitions/${petitionId}/actions/accept`;
    const server = await eventually('the accept request’s server span in the collector’s file', async () =>
      collectedSpans(tracesFile!).find(
        (s) =>
          s.kind === 2 &&
          s.service === 'petitions-api' &&
          String(s.attributes['http.target'] ?? s.attributes['url.path'] ?? '').endsWith(path),
      ),
    );
    expect(server.attributes['http.request_id']).toBe(requestId);

    // The worker exports in its own batches: wait until the SQL under an activity has arrived.
    const trace = await eventually(
      'an activity’s SQL statement in the accept trace',
      async () => {
        const spans = collectedSpans(tracesFile!).filter((s) => s.traceId === server.traceId);
        const byId = new Map(spans.map((s) => [s.spanId, s]));
        const ancestors = (span: CollectedSpan) => {
          const chain: CollectedSpan[] = [];
          for (let p = byId.get(span.parentSpanId); p; p = byId.get(p.parentSpanId)) chain.push(p);
          return chain;
        };
        const sql = spans.find(
          (s) =>
            s.service === 'petitions-worker' &&
            s.scope.includes('instrumentation-pg') &&
            s.attributes['db.statement'] !== undefined &&
            ancestors(s).some((a) => a.name.startsWith('RunActivity:')),
        );
        return sql ? { spans, sql, chain: ancestors(sql) } : undefined;
      },
      60_000,
    ).catch((error: Error) => {
      const spans = collectedSpans(tracesFile!).filter((s) => s.traceId === server.traceId);
      throw new Error(`${error.message}; the trace has ${JSON.stringify(spans.map((s) => [s.service, s.name]))}`);
    });

    // From the SQL up to the HTTP request every link is there, in this order, on the right side.
    const names = trace.chain.map((s) => s.name);
    expect(trace.chain.at(-1)?.spanId).toBe(server.spanId);
    const order = ['RunActivity:', 'StartActivity:', 'HandleUpdate:', 'StartWorkflowUpdate:'].map((prefix) =>
      names.findIndex((name) => name.startsWith(prefix)),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const serviceOf = (prefix: string) => trace.chain.find((s) => s.name.startsWith(prefix))?.service;
    expect(serviceOf('StartWorkflowUpdate:')).toBe('petitions-api');
    expect(serviceOf('HandleUpdate:')).toBe('petitions-worker');
    expect(serviceOf('RunActivity:')).toBe('petitions-worker');
    expect(trace.sql.attributes['db.system']).toBe('postgresql');
    // The SQL spans hold statements, never the case's data (parameters are not recorded).
    expect(JSON.stringify(trace.spans)).not.toContain('张某');

    // The API's one JSON line for the request, in its log file, carries the same trace id.
    const logFile = join(ctx.dataDir, 'logs', 'api-1.log');
    const line = await eventually('the API’s log line of the accept request', async () =>
      readFileSync(logFile, 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { req?: { id?: string }; trace_id?: string; service?: string })
        .find((l) => l.req?.id === requestId),
    );
    expect(line.service).toBe('petitions-api');
    expect(line.trace_id).toBe(server.traceId);
  });
});
