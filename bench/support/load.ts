/**
 * The two ways the benchmark loads the service: over HTTP with autocannon (a maintained load tool),
 * and the same work sent directly with the Temporal client from a fixed number of concurrent
 * loops, timing each call. Both run for a fixed duration at a fixed concurrency.
 */
import { distribution } from './stats';

// autocannon ships no type declarations: the part of its API used here.
export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (
    status: number,
    body: string,
    context: Record<string, unknown>,
    headers?: Record<string, string | string[]>,
  ) => void;
}
interface AutocannonResult {
  duration: number;
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; max: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

export interface LoadFigures {
  /** Completed successful operations per second. */
  throughput: number;
  ok: number;
  failed: number;
  p50: number | null;
  p99: number | null;
  seconds: number;
  /** The first refusal's status and body (over HTTP), so a round that fails says why. */
  firstFailure?: string;
}

export async function httpLoad(options: {
  url: string;
  connections: number;
  seconds: number;
  overallRate?: number;
  request: AutocannonRequest;
}): Promise<LoadFigures> {
  let firstFailure: string | undefined;
  const { onResponse } = options.request;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    overallRate: options.overallRate,
    timeout: 60,
    requests: [
      {
        ...options.request,
        onResponse: (...args: Parameters<NonNullable<AutocannonRequest['onResponse']>>) => {
          const [status, body] = args;
          if (status >= 300 && firstFailure === undefined) firstFailure = `${status} ${body.slice(0, 300)}`;
          onResponse?.(...args);
        },
      },
    ],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  return {
    ...(firstFailure === undefined ? {} : { firstFailure }),
    throughput: result['2xx'] / result.duration,
    ok: result['2xx'],
    failed,
    p50: result.latency.p50,
    p99: result.latency.p99,
    seconds: result.duration,
  };
}

/** `connections` loops calling `operation` until `seconds` have passed; each call timed. */
export async function directLoad(options: {
  connections: number;
  seconds: number;
  operation: (loop: number) => Promise<void>;
}): Promise<LoadFigures> {
  const started = Date.now();
  const deadline = started + options.seconds * 1000;
  const latencies: number[] = [];
  let failed = 0;
  await Promise.all(
    Array.from({ length: options.connections }, async (_, loop) => {
      while (Date.now() < deadline) {
        const t = performance.now();
        try {
          await options.operation(loop);
          latencies.push(performance.now() - t);
        } catch {
          failed += 1;
        }
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  const d = distribution(latencies);
  return { throughput: latencies.length / seconds, ok: latencies.length, failed, p50: d.p50, p99: d.p99, seconds };
}

/** Rounds of the same mode summed: throughput over all of them, p50 averaged, p99 the worst round's. */
export function combine(rounds: LoadFigures[]): LoadFigures {
  const ok = rounds.reduce((s, r) => s + r.ok, 0);
  const seconds = rounds.reduce((s, r) => s + r.seconds, 0);
  const p50s = rounds.map((r) => r.p50).filter((v): v is number => v !== null);
  const p99s = rounds.map((r) => r.p99).filter((v): v is number => v !== null);
  return {
    throughput: ok / seconds,
    ok,
    failed: rounds.reduce((s, r) => s + r.failed, 0),
    p50: p50s.length ? p50s.reduce((a, b) => a + b, 0) / p50s.length : null,
    p99: p99s.length ? Math.max(...p99s) : null,
    seconds,
  };
}
