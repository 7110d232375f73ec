/**
 * `node dist/bench/profile.js [dev|cluster]` (after `npm run bench`'s build): where the time goes.
 * Starts a topology with the workers and API replicas under `--cpu-prof`, drives a fixed load
 * (registrations, then route actions, at concurrency 10), stops them so they write their CPU
 * profiles, and prints self time by package and the top functions of each, plus Temporal's own
 * latency histograms (cluster: its Prometheus endpoint). Profiles stay in bench/results/profiles/.
 */
import 'reflect-metadata';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../libs/infra/local-servers';
import { registrationBody } from './support/cases';
import { httpLoad } from './support/load';
import { round } from './support/stats';
import { startClusterTopology, startDevTopology } from './support/topologies';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function summarize(file: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    startTime: number;
    endTime: number;
    samples: number[];
  };
  const interval = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const byPackage = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * interval;
    if (!ms) continue;
    total += ms;
    const url = node.callFrame.url;
    const pkg = !url
      ? `(${node.callFrame.functionName || 'native'})`
      : url.includes('node_modules/')
        ? url
            .split('node_modules/')
            .pop()!
            .split('/')
            .slice(0, url.split('node_modules/').pop()!.startsWith('@') ? 2 : 1)
            .join('/')
        : url.startsWith('node:')
          ? 'node core'
          : url.includes('/dist/')
            ? 'project'
            : url;
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + ms);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
  }
  const top = (map: Map<string, number>, n: number) => [...map.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  console.log(`\n${file.split('/').pop()}: ${round(total / 1000)} s of CPU sampled`);
  for (const [name, ms] of top(byPackage, 12))
    console.log(`  ${String(round((100 * ms) / total)).padStart(5)} %  ${name}`);
  console.log('  top functions:');
  for (const [name, ms] of top(byFunction, 12))
    console.log(`  ${String(round((100 * ms) / total)).padStart(5)} %  ${name}`);
}

/** The histograms of Temporal's /metrics that say where a task waits (sum/count = mean, ms). */
async function temporalLatencies(metricsUrl: string): Promise<void> {
  const text = await (await fetch(metricsUrl)).text().catch(() => '');
  const sums = new Map<string, { sum: number; count: number }>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)_(sum|count)\{(.*)\} ([0-9.e+-]+)$/.exec(line);
    if (!match) continue;
    const [, metric, kind, labels, value] = match;
    if (!/(task_schedule_to_start_latency|service_latency|persistence_latency|task_latency)$/.test(metric)) continue;
    const operation = /operation="([^"]+)"/.exec(labels)?.[1] ?? '';
    const key = `${metric} ${operation}`;
    const entry = sums.get(key) ?? { sum: 0, count: 0 };
    if (kind === 'sum') entry.sum += Number(value);
    else entry.count += Number(value);
    sums.set(key, entry);
  }
  const rows = [...sums.entries()]
    .filter(([, v]) => v.count > 50)
    .sort((a, b) => b[1].sum - a[1].sum)
    .slice(0, 25);
  console.log('\nTemporal: where its time went (total s, calls, mean ms)');
  for (const [key, v] of rows)
    console.log(
      `  ${String(round(v.sum, 1)).padStart(8)} s ${String(v.count).padStart(7)}  ${String(round((1000 * v.sum) / v.count, 1)).padStart(7)} ms  ${key}`,
    );
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const which = process.argv[2] === 'cluster' ? 'cluster' : 'dev';
  const dir = join(PROJECT_ROOT, 'bench', 'results', 'profiles', which);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.env.PROFILE_DIR = dir;
  const log = (m: string) => process.stderr.write(`[profile] ${m}\n`);
  const nodeArgs = ['-r', join(__dirname, 'support', 'cpu-profile-preload.js')];
  const topology =
    which === 'cluster' ? await startClusterTopology({ log, nodeArgs }) : await startDevTopology({ log, nodeArgs });
  try {
    const registrar = topology.bearer('x-registrar');
    const ids: string[] = [];
    const seconds = Number(process.env.PROFILE_SECONDS ?? 20);
    const registration = await httpLoad({
      url: topology.apiUrl,
      connections: 10,
      seconds,
      request: {
        method: 'POST',
        path: '/petitions',
        headers: { authorization: registrar, 'content-type': 'application/json' },
        body: JSON.stringify(registrationBody()),
        setupRequest: (r) => ({ ...r, headers: { ...r.headers, 'idempotency-key': randomUUID() } }),
        onResponse: (status, body) => {
          if (status === 201) ids.push((JSON.parse(body) as { petitionId: string }).petitionId);
        },
      },
    });
    log(`registrations: ${round(registration.throughput)}/s, p50 ${registration.p50} ms`);
    const route = await httpLoad({
      url: topology.apiUrl,
      connections: 10,
      seconds,
      request: {
        method: 'POST',
        headers: { authorization: registrar, 'content-type': 'application/json' },
        setupRequest: (r) => ({
          ...r,
          path: `/petitions/${ids.shift() ?? 'none'}/actions/route`,
          body: JSON.stringify({ requestId: randomUUID(), args: { unitId: 'x-zjj' } }),
        }),
      },
    });
    log(`route: ${round(route.throughput)}/s, p50 ${route.p50} ms`);
    await temporalLatencies(topology.metricsUrl);
  } finally {
    await topology.stop();
  }
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) summarize(join(dir, file));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
