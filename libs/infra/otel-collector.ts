/**
 * The cluster's trace collector: the minimal OpenTelemetry Collector scripts/install.sh builds for
 * `--for cluster` (.tools/bin/otelcol, or OTELCOL_BIN), receiving the API's and the workers' spans
 * over OTLP/HTTP on loopback and appending them, one OTLP-JSON batch a line, to traces.jsonl in the
 * cluster's data folder. Nothing is started here: the launcher supervises the process.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, freePort, waitForTcp } from './local-servers';

export function otelCollectorBinary(): string | null {
  const candidates = [process.env.OTELCOL_BIN, join(PROJECT_ROOT, '.tools', 'bin', 'otelcol')];
  return candidates.find((path): path is string => !!path && existsSync(path)) ?? null;
}

export interface OtelCollector {
  /** What the API and the workers get: the standard OTLP exporter variable. */
  env: Record<string, string>;
  endpoint: string;
  /** One line per exported batch: an OTLP ExportTraceServiceRequest in its JSON encoding. */
  tracesFile: string;
  command: string;
  args: string[];
  port: number;
}

/** The collector's port, its configuration and output file (nothing is started). */
export async function prepareOtelCollector(dataDir: string): Promise<OtelCollector> {
  const binary = otelCollectorBinary();
  if (!binary) throw new Error('the OpenTelemetry Collector is not installed: run scripts/install.sh --for cluster');
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const tracesFile = join(dataDir, 'traces.jsonl');
  const configFile = join(dataDir, 'otelcol.yaml');
  // JSON is YAML: no YAML writer needed. The collector's own metrics are off (they would take a
  // fixed port, 8888, on every cluster of the machine).
  const config = {
    receivers: { otlp: { protocols: { http: { endpoint: `127.0.0.1:${port}` } } } },
    processors: { batch: { timeout: '200ms' } },
    exporters: { jsonfile: { path: tracesFile } },
    service: {
      telemetry: { metrics: { level: 'none' } },
      pipelines: { traces: { receivers: ['otlp'], processors: ['batch'], exporters: ['jsonfile'] } },
    },
  };
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    env: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint },
    endpoint,
    tracesFile,
    command: binary,
    args: [`--config=${configFile}`],
    port,
  };
}

export async function otelCollectorReady(collector: OtelCollector, timeoutMs = 60_000): Promise<void> {
  if (!(await waitForTcp('127.0.0.1', collector.port, timeoutMs)))
    throw new Error(`the OpenTelemetry Collector did not listen on ${collector.endpoint} within ${timeoutMs / 1000} s`);
}
