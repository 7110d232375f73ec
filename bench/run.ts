/**
 * `npm run bench`: the service's speed on this machine, on both topologies it runs in — `dev`
 * (npm start: the Temporal dev server) and `cluster` (npm run start:cluster: the Temporal server on
 * PostgreSQL, 2 workers, 2 API replicas) — each started here with throw-away data:
 *   - API overhead: registration and one staff action over HTTP (autocannon) vs the same start /
 *     update sent directly with the Temporal client, concurrency 1, 10, 50, rounds interleaved A B A B;
 *   - projection lag under that load, and the sustainable registration rate (open loop);
 *   - a burst of simultaneous breaches (bench/burst.ts says how they are made simultaneous);
 *   - many open cases: start rate, memory, list-query latency before/after;
 * then every other `bench:*` script of package.json (each starts its own servers).
 * Prints tables and writes bench/results/bench-<time>.json with the machine's cores and memory.
 *
 * Sizes (environment): BENCH_TOPOLOGIES=dev,cluster  BENCH_ROUND_SECONDS=8  BENCH_ROUNDS=2
 * BENCH_CONCURRENCY=1,10,50  BENCH_RATES=5,10,15,20,30,40,60  BENCH_RATE_SECONDS=15
 * BENCH_BURST_CASES=1000  BENCH_OPEN_CASES=10000  BENCH_OTHERS=1 (0: skip the bench:* scripts).
 * BENCH_SECTIONS=overhead,burst,open: which sections run (`BENCH_SECTIONS=overhead BENCH_RATES=
 * BENCH_OTHERS=0`: only the API's cost against the direct client).
 */
import 'reflect-metadata';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { PROJECT_ROOT } from '../libs/infra/local-servers';
import { ApiOverheadResult, benchApiOverhead } from './api-overhead';
import { BurstResult, benchBurst } from './burst';
import { OpenCasesResult, benchOpenCases } from './open-cases';
import { printReport } from './report';
import {
  BenchTopology,
  TopologyName,
  connectToTopology,
  startClusterTopology,
  startDevTopology,
} from './support/topologies';

const env = process.env;
const list = (name: string, fallback: string) =>
  (env[name] ?? fallback)
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
const num = (name: string, fallback: number) => Number(env[name] ?? fallback);
const sections = new Set(list('BENCH_SECTIONS', 'overhead,burst,open'));
// The API answers with Server-Timing (its own time apart from awaiting Temporal): the per-action API work.
process.env.API_SERVER_TIMING = '1';

export interface TopologyResult {
  name: TopologyName;
  description: string;
  apiOverhead: ApiOverheadResult;
  burst: BurstResult | null;
  openCases: OpenCasesResult | null;
  seconds: number;
}

export interface OtherBench {
  script: string;
  exitCode: number | null;
  seconds: number;
  results: string[];
}

export interface BenchReport {
  startedAt: string;
  machine: {
    cores: number;
    cpuModel: string;
    memoryGb: number;
    node: string;
    commit: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd?: number[];
  };
  settings: Record<string, unknown>;
  topologies: TopologyResult[];
  others: OtherBench[];
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function benchTopology(name: TopologyName): Promise<TopologyResult> {
  const started = Date.now();
  log(`starting the ${name} topology`);
  const topology: BenchTopology =
    name === 'dev' ? await startDevTopology({ log }) : await startClusterTopology({ log });
  const { client, office } = await connectToTopology(topology);
  const db = new Pool({ connectionString: topology.ownerDatabaseUrl, max: 4 });
  try {
    log(`${name}: ${topology.description}`);
    const apiOverhead = await benchApiOverhead(topology, client, db, office, {
      concurrencies: list('BENCH_CONCURRENCY', '1,10,50').map(Number),
      roundSeconds: num('BENCH_ROUND_SECONDS', 8),
      rounds: num('BENCH_ROUNDS', 2),
      rates: list('BENCH_RATES', '5,10,15,20,30,40,60').map(Number),
      rateSeconds: num('BENCH_RATE_SECONDS', 15),
      log: (m) => log(`${name}: ${m}`),
    });
    const burst = !sections.has('burst')
      ? null
      : await benchBurst(topology, client, db, office, {
          cases: num('BENCH_BURST_CASES', 1000),
          log: (m) => log(`${name}: ${m}`),
        });
    const openCases = !sections.has('open')
      ? null
      : await benchOpenCases(topology, client, db, office, {
          cases: num('BENCH_OPEN_CASES', 10000),
          listSeconds: 5,
          log: (m) => log(`${name}: ${m}`),
        });
    return {
      name,
      description: topology.description,
      apiOverhead,
      burst,
      openCases,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await db.end();
    await client.connection.close();
    await topology.stop();
  }
}

/** The other branches' benchmarks (`bench:lists`, `bench:replay`, …): each its own servers, table and JSON. */
function runOtherBenches(): OtherBench[] {
  const scripts = Object.keys(
    (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts,
  ).filter((s) => s.startsWith('bench:'));
  const results = join(PROJECT_ROOT, 'bench', 'results');
  return scripts.map((script) => {
    log(`running npm run ${script}`);
    const started = Date.now();
    const run = spawnSync('npm', ['run', script], { cwd: PROJECT_ROOT, stdio: 'inherit' });
    const written = readdirSync(results).filter(
      (f) => f.endsWith('.json') && statSync(join(results, f)).mtimeMs >= started,
    );
    return {
      script,
      exitCode: run.status,
      seconds: Math.round((Date.now() - started) / 1000),
      results: written.map((f) => `bench/results/${f}`),
    };
  });
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const report: BenchReport = {
    startedAt: new Date().toISOString(),
    machine: {
      cores: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGb: Math.round((totalmem() / 2 ** 30) * 10) / 10,
      node: process.version,
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: PROJECT_ROOT }).toString().trim(),
      // The machine may be shared: the load says how much else ran beside the benchmark.
      loadAverageAtStart: loadavg().map((l) => Math.round(l * 10) / 10),
    },
    settings: Object.fromEntries(
      Object.entries(env).filter(([k]) => k.startsWith('BENCH_') || ['WORKER_MAX_CACHED_WORKFLOWS'].includes(k)),
    ),
    topologies: [],
    others: [],
  };
  for (const name of list('BENCH_TOPOLOGIES', 'dev,cluster') as TopologyName[])
    report.topologies.push(await benchTopology(name));
  report.machine.loadAverageAtEnd = loadavg().map((l) => Math.round(l * 10) / 10);
  if (env.BENCH_OTHERS !== '0') report.others = runOtherBenches();
  mkdirSync(join(PROJECT_ROOT, 'bench', 'results'), { recursive: true });
  const file = join(PROJECT_ROOT, 'bench', 'results', `bench-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(report, null, 2));
  printReport(report);
  console.log(`\nwritten: ${file}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
