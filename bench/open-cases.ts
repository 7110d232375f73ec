/**
 * Many open cases at once: N more cases started (receipts spread over the last 20 days, so some
 * clocks are fresh, some near their warnings, some overdue with their rungs fired), the rate they
 * start at, how long until all are in the read model, the memory of the workers, Temporal and
 * PostgreSQL, and the latency of the list queries — each before (baseline) and after.
 */
import type { Client } from '@temporalio/client';
import { Pool } from 'pg';
import type { UnitRef } from '../libs/process';
import { DAY_MS, inParallel, registrationInput, startDirect } from './support/cases';
import { httpLoad } from './support/load';
import { round } from './support/stats';
import type { BenchTopology, MemoryFigures } from './support/topologies';

export interface ListQueryFigures {
  path: string;
  user: string;
  status: number;
  before: { p50: number | null; p99: number | null; perSecond: number };
  after: { p50: number | null; p99: number | null; perSecond: number };
}

export interface OpenCasesResult {
  added: number;
  openBefore: number;
  openAfter: number;
  startsPerSecond: number;
  /** First start → every new case in the read model. */
  projectedAllSeconds: number | null;
  projectedPerSecond: number | null;
  memoryBefore: MemoryFigures;
  memoryAfter: MemoryFigures;
  lists: ListQueryFigures[];
}

/** List endpoints, read as a supervisor over the county; those this build does not have are skipped. */
const LISTS = [
  { path: '/petitions?limit=50', user: 'x-supervisor' },
  { path: '/me/queue', user: 'x-registrar' },
  { path: '/supervision/overdue?limit=50', user: 'x-supervisor' },
  { path: '/supervision/escalations?limit=50', user: 'x-supervisor' },
  { path: '/supervision/tasks?limit=50', user: 'x-supervisor' },
  { path: '/accountability?limit=50', user: 'x-supervisor' },
];

async function listLatencies(
  topology: BenchTopology,
  seconds: number,
): Promise<Map<string, { status: number; p50: number | null; p99: number | null; perSecond: number }>> {
  const figures = new Map<string, { status: number; p50: number | null; p99: number | null; perSecond: number }>();
  for (const list of LISTS) {
    const headers = { authorization: topology.bearer(list.user) };
    const probe = await fetch(`${topology.apiUrl}${list.path}`, { headers });
    if (probe.status !== 200) {
      figures.set(list.path, { status: probe.status, p50: null, p99: null, perSecond: 0 });
      continue;
    }
    const load = await httpLoad({
      url: topology.apiUrl,
      connections: 4,
      seconds,
      request: { method: 'GET', path: list.path, headers },
    });
    figures.set(list.path, { status: 200, p50: load.p50, p99: load.p99, perSecond: round(load.throughput)! });
  }
  return figures;
}

export async function benchOpenCases(
  topology: BenchTopology,
  client: Client,
  db: Pool,
  office: UnitRef,
  options: { cases: number; listSeconds: number; log: (m: string) => void },
): Promise<OpenCasesResult> {
  const { log } = options;
  const open = async () =>
    Number((await db.query(`SELECT count(*) AS n FROM petitions WHERE closed_at IS NULL`)).rows[0].n);
  const openBefore = await open();
  const memoryBefore = topology.memory();
  const listsBefore = await listLatencies(topology, options.listSeconds);

  log(`starting ${options.cases} cases (receipts spread over 20 days)`);
  const ids: string[] = [];
  const started = Date.now();
  await inParallel(options.cases, 50, async (i) => {
    const receivedAt = Date.now() - (i % 20) * DAY_MS - (i % 24) * 3600_000 - 60_000;
    ids.push(await startDirect(client, topology.taskQueue, registrationInput(office, receivedAt)));
    if ((i + 1) % 2000 === 0) log(`${i + 1} started`);
  });
  const startsPerSecond = round(options.cases / ((Date.now() - started) / 1000))!;
  log(`started at ${startsPerSecond}/s; waiting for the read model`);

  let projectedAllSeconds: number | null = null;
  const deadline = Date.now() + 30 * 60_000;
  let lastLog = Date.now();
  for (;;) {
    const projected = Number(
      (await db.query(`SELECT count(*) AS n FROM petitions WHERE id = ANY($1::uuid[])`, [ids])).rows[0].n,
    );
    if (projected === ids.length) {
      projectedAllSeconds = round((Date.now() - started) / 1000);
      break;
    }
    if (Date.now() > deadline) break;
    if (Date.now() - lastLog > 30_000) {
      log(`${projected} of ${ids.length} in the read model`);
      lastLog = Date.now();
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const memoryAfter = topology.memory();
  const listsAfter = await listLatencies(topology, options.listSeconds);
  return {
    added: ids.length,
    openBefore,
    openAfter: await open(),
    startsPerSecond,
    projectedAllSeconds,
    projectedPerSecond: projectedAllSeconds ? round(ids.length / projectedAllSeconds) : null,
    memoryBefore,
    memoryAfter,
    lists: LISTS.filter((l) => listsAfter.get(l.path)?.status === 200).map((l) => ({
      path: l.path,
      user: l.user,
      status: 200,
      before: listsBefore.get(l.path)!,
      after: listsAfter.get(l.path)!,
    })),
  };
}
