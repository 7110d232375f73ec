/**
 * Imported first by the API's entry point: the tracer provider and the instrumentations must be in
 * place before `http`, `express` and `pg` load (libs/observability/tracing.ts). Off unless
 * OTEL_EXPORTER_OTLP_ENDPOINT names a collector.
 */
import { startTracing } from '@/libs/observability/tracing';

startTracing('petitions-api');
