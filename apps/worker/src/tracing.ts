/**
 * Imported first by the worker's entry point: the tracer provider and the PostgreSQL
 * instrumentation must be in place before `pg` loads (libs/observability/tracing.ts). Off unless
 * OTEL_EXPORTER_OTLP_ENDPOINT names a collector.
 */
import { startTracing } from '@/libs/observability/tracing';

startTracing('petitions-worker');
