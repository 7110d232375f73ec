/**
 * OpenTelemetry traces, on only when a collector is configured: OTEL_EXPORTER_OTLP_ENDPOINT (or
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) names it, and OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none turn it off again — the standard names, read by the OTLP exporter too
 * (headers, timeout). Spans go over OTLP/HTTP (JSON) in batches.
 *
 * What is traced: incoming HTTP requests and the Express route (API), every PostgreSQL statement
 * (API and worker), and Temporal's own spans through its interceptors (libs/temporal/connection.ts
 * and worker.ts): the client's StartWorkflow/StartWorkflowUpdate, the workflow's RunWorkflow and
 * HandleUpdate (exported from the sandbox through the `exporter` sink), StartActivity and
 * RunActivity — one trace from the HTTP request to the SQL an activity ran.
 *
 * Must run before `http`, `express` and `pg` are loaded (the instrumentations patch them as they
 * load): each process's entry point imports its `tracing.ts` first of all.
 */
import { trace, type Span } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { ExpressInstrumentation } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';

export interface Tracing {
  enabled: boolean;
  /** Where the workflow sandbox's spans go (the worker's `exporter` sink); a no-op when tracing is off. */
  spanProcessor: SpanProcessor;
  resource: Resource;
  /** Flushes what is batched; the process calls it before it exits. */
  shutdown(): Promise<void>;
}

let current: Tracing | undefined;

/** Whether the environment names a collector (and does not switch tracing off). */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED === 'true' || env.OTEL_TRACES_EXPORTER === 'none') return false;
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** The server span of an incoming request, kept on the request for the request-id middleware. */
const SERVER_SPAN = Symbol('serverSpan');

/**
 * Names the request's id (X-Request-Id, or the one the API chose) on its server span, so a trace
 * can be found by the id a client or a log line gives (Jaeger: tag `http.request_id=<id>`).
 */
export function tagRequestId(req: object, requestId: string): void {
  (req as { [SERVER_SPAN]?: Span })[SERVER_SPAN]?.setAttribute('http.request_id', requestId);
}

/** Paths whose requests are not worth a trace each: probes and scrapes, every few seconds. */
const UNTRACED_PATHS = /^\/(health|metrics)(\/|\?|$)/;

/**
 * Sets the process's tracer provider up once (later calls return the first). `service` is the
 * default service.name; OTEL_SERVICE_NAME overrides it.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): Tracing {
  if (current) return current;
  const resource = new Resource({
    [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME || service,
    [ATTR_SERVICE_VERSION]: env.npm_package_version || '0.1.0',
  });
  if (!tracingConfigured(env)) {
    current = { enabled: false, spanProcessor: new NoopSpanProcessor(), resource, shutdown: async () => undefined };
    return current;
  }
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 1000 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  // The AsyncLocalStorage context manager and the W3C trace-context propagator (what Temporal's
  // interceptors put in the workflow, update and activity headers).
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? ''),
        requestHook: (span, req) => {
          // An incoming request (a client request can set headers; an incoming one cannot).
          if (typeof (req as { setHeader?: unknown }).setHeader !== 'function')
            (req as { [SERVER_SPAN]?: Span })[SERVER_SPAN] = span;
        },
        // Outgoing HTTP of this service is the OIDC key fetch and the object store: traced only inside a request.
        requireParentforOutgoingSpans: true,
      }),
      new ExpressInstrumentation(),
      // Statements with no span around them (the projection poller, pool housekeeping) would each be a trace of their own.
      new PgInstrumentation({ requireParentSpan: true }),
    ],
  });
  current = {
    enabled: true,
    spanProcessor,
    resource,
    shutdown: async () => {
      await provider.shutdown().catch(() => undefined);
    },
  };
  return current;
}

/** The process's tracing, as its entry point set it up (off when it did not). */
export function currentTracing(): Tracing {
  return current ?? startTracing('petitions');
}

/** The active span's ids, for log lines: the trace a line belongs to can be opened by its trace_id. */
export function activeTraceIds(): { trace_id: string; span_id: string } | Record<string, never> {
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId, traceFlags } = span.spanContext();
  // A non-recording, unsampled context (tracing off) carries no ids worth printing.
  if (!traceId || /^0+$/.test(traceId) || (traceFlags & 1) === 0) return {};
  return { trace_id: traceId, span_id: spanId };
}
