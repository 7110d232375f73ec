/**
 * `npm run bench:lists`: the case search (GET /petitions) and every work queue (GET /me/queue) at
 * 100,000 cases. Starts its own embedded PostgreSQL, applies the migrations, seeds the cases in SQL
 * (bench/list-seed.ts), then times each list through the API's own services: the first page and a
 * page deep behind the cursor, p50/p99 over many runs. The same-run baseline is each list's query
 * with index scans switched off (what the lists would cost without their indexes). Prints the
 * plan PostgreSQL chose (EXPLAIN ANALYZE) and writes everything to bench/results/. Target: p99 ≤ 50 ms.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { PROJECT_ROOT, embeddedPostgresDataDir, freePort, startEmbeddedPostgres } from '../libs/infra/local-servers';
import { createDataSource } from '../libs/persistence/data-source';
import { migrateDatabase } from '../libs/persistence/migrate';
import type { Role } from '../libs/process/policy';
import type { AuthenticatedUser } from '../apps/api/src/auth/authenticated-user';
import { PetitionAccessService } from '../apps/api/src/petitions/petition-access.service';
import type { RepeatPetitionsService } from '../apps/api/src/petitions/repeat/repeat-petitions.service';
import { BuiltQuery, CaseSearchService, buildCaseSearch } from '../apps/api/src/queues/case-search.service';
import { CaseSearchQuery } from '../apps/api/src/queues/dto/case-search.query';
import { QUEUES, WorkQueueService, buildQueue } from '../apps/api/src/queues/work-queue.service';
import { seedCases, seedUnits } from './list-seed';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 60);
const BASELINE_RUNS = 5;
const TARGET_P99_MS = 50;
const BIG_TABLES = ['petitions', 'petition_clocks', 'petition_intakes', 'supervision_tasks'];

interface Scenario {
  name: string;
  /** One page through the service (every query the endpoint runs); returns the next cursor. */
  page(cursor?: string): Promise<string | null>;
  /** The list's own SQL for the first page, for EXPLAIN and the baseline. */
  sql(): Promise<BuiltQuery>;
}

interface Result {
  name: string;
  firstPage: { p50: number; p99: number };
  deepPage: { p50: number; p99: number; depth: number } | null;
  baselineNoIndex: { p50: number };
  plan: string;
  seqScansOnBigTables: string[];
  meetsTarget: boolean;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function time(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples;
}

type PlanNode = { 'Node Type': string; 'Relation Name'?: string; 'Index Name'?: string; Plans?: PlanNode[] };

/** "Limit > Nested Loop > Index Scan using x on petitions …", depth-first, and the sequential scans of big tables. */
function summarisePlan(root: PlanNode): { text: string; seqScans: string[] } {
  const parts: string[] = [];
  const seqScans: string[] = [];
  const walk = (node: PlanNode, depth: number) => {
    const on = node['Index Name'] ? ` using ${node['Index Name']}` : '';
    const rel = node['Relation Name'] ? ` on ${node['Relation Name']}` : '';
    parts.push(`${'  '.repeat(depth)}${node['Node Type']}${on}${rel}`);
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] && BIG_TABLES.includes(node['Relation Name']))
      seqScans.push(node['Relation Name']);
    for (const child of node.Plans ?? []) walk(child, depth + 1);
  };
  walk(root, 0);
  return { text: parts.join('\n'), seqScans };
}

async function explain(db: DataSource, built: BuiltQuery): Promise<{ text: string; seqScans: string[]; ms: number }> {
  const [row] = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${built.sql}`, built.params);
  const plan = (row['QUERY PLAN'] as { Plan: PlanNode; 'Execution Time': number }[])[0];
  return { ...summarisePlan(plan.Plan), ms: plan['Execution Time'] };
}

async function baseline(db: DataSource, built: BuiltQuery): Promise<number[]> {
  const runner = db.createQueryRunner();
  try {
    await runner.query(`SET enable_indexscan = off`);
    await runner.query(`SET enable_bitmapscan = off`);
    await runner.query(`SET enable_indexonlyscan = off`);
    return await time(() => runner.query(built.sql, built.params), BASELINE_RUNS);
  } finally {
    await runner.query(`RESET ALL`);
    await runner.release();
  }
}

async function user(db: DataSource, id: string, role: Role, unitId: string): Promise<AuthenticatedUser> {
  const [{ region_path }] = await db.query(`SELECT region_path FROM units WHERE id = $1`, [unitId]);
  return { id, name: id, role, unitId, regionPath: region_path, sessionId: null };
}

async function scenarios(db: DataSource): Promise<Scenario[]> {
  const access = new PetitionAccessService(db);
  // The bench searches no phone numbers: the hasher is never asked.
  const search = new CaseSearchService(db, access, {} as RepeatPetitionsService);
  const queues = new WorkQueueService(db);
  // The busiest county, a city and the province; the busiest case leader; a case repeated most.
  const [{ county }] = await db.query(
    `SELECT split_part(routing_unit_id, '-', 1) AS county FROM petitions WHERE routing_unit_id ~ '^c[0-9]+x' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  const [{ leader }] = await db.query(
    `SELECT case_leader_id AS leader FROM petitions WHERE case_leader_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  const [{ repeated }] = await db.query(
    `SELECT r AS repeated FROM petitions, unnest(repeat_of) r GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  const city = county.slice(0, 3);
  const registrar = await user(db, 'b-registrar', 'registrar', `${county}-xfj`);
  const handler = await user(db, 'b-handler', 'handler', `${county}-zjj`);
  const head = await user(db, 'b-head', 'unitHead', `${county}-zjj`);
  const countySupervisor = await user(db, 'b-county-supervisor', 'supervisor', `${county}-xfj`);
  const citySupervisor = await user(db, 'b-city-supervisor', 'supervisor', `${city}-xfj`);
  const provinceSupervisor = await user(db, 'b-province-supervisor', 'supervisor', 'p-xfj');
  const caseLeader = await user(db, leader, 'caseLeader', `${county}-zjj`);
  const today = new Date(Date.now() + 8 * 3_600_000);
  const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);

  const searchScenario = (name: string, who: AuthenticatedUser, query: CaseSearchQuery): Scenario => ({
    name: `search: ${name}`,
    page: async (cursor) => (await search.search(who, { ...query, limit: 20, cursor })).nextCursor,
    sql: async () => buildCaseSearch(await access.listScope(who), { ...query, limit: 20 }, Date.now()),
  });
  const queueScenario = (who: AuthenticatedUser, where: string): Scenario => ({
    name: `queue: ${who.role} of ${where} (${QUEUES[who.role].name})`,
    page: async (cursor) => (await queues.queue(who, { limit: 20, cursor })).nextCursor,
    sql: async () => buildQueue(QUEUES[who.role], who, { limit: 20 }, Date.now()),
  });
  return [
    searchScenario('county office, newest first', registrar, {}),
    searchScenario('county housing bureau, soonest due', handler, { sort: 'due' }),
    searchScenario('county office, step=review (rare)', registrar, { step: ['review'] }),
    searchScenario('county office, q=维修基金', registrar, { q: '维修基金' }),
    searchScenario('county supervisor region, newest first', countySupervisor, {}),
    searchScenario('city supervisor region, newest first', citySupervisor, {}),
    searchScenario('city region, accusation + urgent', citySupervisor, { category: 'accusation', urgent: true }),
    searchScenario('city region, collective', citySupervisor, { collective: true }),
    searchScenario('province, newest first', provinceSupervisor, {}),
    searchScenario('province, step=handling', provinceSupervisor, { step: ['handling'] }),
    searchScenario('province, overdue, soonest due', provinceSupervisor, { overdue: true, sort: 'due' }),
    searchScenario('province, due within 3 days', provinceSupervisor, { dueWithinDays: 3 }),
    searchScenario('province, received in a 30-day window', provinceSupervisor, {
      receivedFrom: day(-60),
      receivedTo: day(-30),
    }),
    searchScenario('province, repeatOf a case', provinceSupervisor, { repeatOf: repeated }),
    searchScenario('province, case leader', provinceSupervisor, { caseLeaderId: leader }),
    searchScenario('province office, q=维修基金', provinceSupervisor, { q: '维修基金' }),
    queueScenario(registrar, 'the busiest county'),
    queueScenario(handler, 'the busiest county'),
    queueScenario(head, 'the busiest county'),
    queueScenario(countySupervisor, 'the busiest county'),
    queueScenario(citySupervisor, 'a city'),
    queueScenario(caseLeader, 'the busiest leader'),
  ];
}

async function measure(db: DataSource, s: Scenario): Promise<Result> {
  const first = await time(() => s.page(), RUNS);
  // Five pages in, then that page again and again.
  let cursor: string | null | undefined;
  let depth = 0;
  for (let i = 0; i < 5; i++) {
    const next: string | null = await s.page(cursor ?? undefined);
    if (!next) break;
    cursor = next;
    depth = i + 1;
  }
  const deep = cursor ? await time(() => s.page(cursor!), RUNS) : null;
  const built = await s.sql();
  const plan = await explain(db, built);
  const base = await baseline(db, built);
  const p99 = Math.max(percentile(first, 99), deep ? percentile(deep, 99) : 0);
  return {
    name: s.name,
    firstPage: { p50: percentile(first, 50), p99: percentile(first, 99) },
    deepPage: deep ? { p50: percentile(deep, 50), p99: percentile(deep, 99), depth } : null,
    baselineNoIndex: { p50: percentile(base, 50) },
    plan: plan.text,
    seqScansOnBigTables: plan.seqScans,
    meetsTarget: p99 <= TARGET_P99_MS,
  };
}

const ms = (n: number) => n.toFixed(1).padStart(7);

async function main(): Promise<void> {
  const started = Date.now();
  const pg = await startEmbeddedPostgres({
    dataDir: embeddedPostgresDataDir(`bench-lists-${process.pid}`),
    port: await freePort(),
    persistent: false,
    database: 'petitions_bench',
  });
  let db: DataSource | undefined;
  try {
    await migrateDatabase(pg.address, { seedDemo: false });
    db = createDataSource(pg.address);
    await db.initialize();
    console.log(`seeding ${CASES.toLocaleString('en')} cases…`);
    await seedUnits(db);
    await seedCases(db, CASES);
    const [counts] =
      await db.query(`SELECT (SELECT count(*) FROM petitions)::int AS petitions, (SELECT count(*) FROM petition_clocks)::int AS clocks,
      (SELECT count(*) FROM supervision_tasks)::int AS tasks, (SELECT count(*) FROM units)::int AS units`);
    console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(0)} s: ${JSON.stringify(counts)}\n`);
    const results: Result[] = [];
    const loadBefore = loadavg()[0];
    for (const scenario of await scenarios(db)) results.push(await measure(db, scenario));
    const load = { cpus: cpus().length, loadAverage1mBefore: loadBefore, loadAverage1mAfter: loadavg()[0] };
    console.log(
      `machine: ${load.cpus} CPUs, load average ${load.loadAverage1mBefore.toFixed(1)} → ${load.loadAverage1mAfter.toFixed(1)} (other work on the machine inflates p99)\n`,
    );

    console.log(
      `${'list (20 per page)'.padEnd(52)} ${'p50'.padStart(7)} ${'p99'.padStart(7)} ${'deep50'.padStart(7)} ${'deep99'.padStart(7)} ${'noIdx50'.padStart(8)}  target`,
    );
    for (const r of results) {
      console.log(
        `${r.name.padEnd(52)} ${ms(r.firstPage.p50)} ${ms(r.firstPage.p99)} ${r.deepPage ? ms(r.deepPage.p50) : '      -'} ${r.deepPage ? ms(r.deepPage.p99) : '      -'} ${ms(r.baselineNoIndex.p50)} ` +
          ` ${r.meetsTarget ? 'ok' : `OVER ${TARGET_P99_MS} ms`}${r.seqScansOnBigTables.length ? `  seq scan: ${r.seqScansOnBigTables.join(', ')}` : ''}`,
      );
    }
    console.log(
      `\nms per page through the API's services (all of an endpoint's queries); deep = ${results.find((r) => r.deepPage)?.deepPage?.depth ?? 5} pages behind the cursor; noIdx = the list's query with index scans off (same run)\n`,
    );
    for (const r of results) console.log(`── ${r.name}\n${r.plan}\n`);
    const dir = join(PROJECT_ROOT, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `list-queries-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          benchmark: 'list-queries',
          at: new Date().toISOString(),
          cases: CASES,
          runs: RUNS,
          targetP99Ms: TARGET_P99_MS,
          machine: load,
          counts,
          results,
        },
        null,
        2,
      ),
    );
    console.log(`written ${file}`);
    const over = results.filter((r) => !r.meetsTarget);
    if (over.length)
      console.log(`${over.length} list(s) over the ${TARGET_P99_MS} ms target: ${over.map((r) => r.name).join('; ')}`);
  } finally {
    await db?.destroy();
    await pg.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
