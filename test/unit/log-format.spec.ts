/**
 * The one log format: ISO `time`, `service`, and the active span's ids on every line written inside
 * a span (pino's mixin), none outside one; Nest's messages through the same logger; tracing on only
 * when the environment names a collector.
 */
import { context, propagation, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { PassThrough } from 'node:stream';
import { PinoNestLogger, serviceLogger } from '../../libs/observability/log-format';
import { tracingConfigured } from '../../libs/observability/tracing';

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function capture(): { stream: PassThrough; lines: () => Record<string, unknown>[] } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return {
    stream,
    lines: () =>
      text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('log format', () => {
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  // As tracing.ts does: the AsyncLocalStorage context manager, so a span stays active across awaits.
  beforeAll(() => provider.register());
  afterAll(async () => {
    await provider.shutdown();
    context.disable();
    trace.disable();
    propagation.disable();
  });

  it('writes ISO times, the service, and the ids of the span a line is written in', async () => {
    const { stream, lines } = capture();
    const logger = serviceLogger('petitions-worker', 'info', stream);
    logger.info('outside');
    const tracer = trace.getTracer('test');
    let ids: { traceId: string; spanId: string } | undefined;
    await tracer.startActiveSpan('work', async (span) => {
      await new Promise((r) => setTimeout(r, 5));
      logger.info({ step: 1 }, 'inside');
      ids = span.spanContext();
      span.end();
    });
    await new Promise((r) => setImmediate(r));
    const [outside, inside] = lines();
    expect(outside).toMatchObject({ service: 'petitions-worker', level: 30, msg: 'outside' });
    expect(outside.time).toMatch(ISO_TIME);
    expect(outside).not.toHaveProperty('trace_id');
    expect(inside).toMatchObject({ msg: 'inside', step: 1, trace_id: ids!.traceId, span_id: ids!.spanId });
    expect(inside.time).toMatch(ISO_TIME);
    expect(exporter.getFinishedSpans().map((s) => s.spanContext().traceId)).toContain(ids!.traceId);
  });

  it("puts Nest's messages, contexts and errors in the same JSON", async () => {
    const { stream, lines } = capture();
    const nest = new PinoNestLogger(serviceLogger('petitions-worker', 'info', stream));
    nest.log('module ready', 'InstanceLoader');
    nest.error('could not connect', 'Error: at somewhere', 'TypeOrmModule');
    nest.warn(new Error('slow'));
    await new Promise((r) => setImmediate(r));
    const [log, error, warn] = lines();
    expect(log).toMatchObject({ level: 30, msg: 'module ready', context: 'InstanceLoader' });
    expect(error).toMatchObject({
      level: 50,
      msg: 'could not connect',
      context: 'TypeOrmModule',
      stack: 'Error: at somewhere',
    });
    expect(warn).toMatchObject({ level: 40, msg: 'slow', err: { message: 'slow' } });
  });

  it('turns tracing on only when a collector is named, and off again by the standard switches', () => {
    expect(tracingConfigured({})).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c:4318/v1/traces' })).toBe(true);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_SDK_DISABLED: 'true' })).toBe(false);
    expect(tracingConfigured({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_TRACES_EXPORTER: 'none' })).toBe(
      false,
    );
  });
});
