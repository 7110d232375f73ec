/**
 * `npm run bench:replay`: how fast auditors can replay archived cases against the current
 * workflow code. Starts its own servers (an embedded PostgreSQL and Temporal's time-skipping test
 * server, both throw-away), runs template cases through the real worker — a typical case to its
 * end (reply, delivery, the review window lapsing, both 回头看 checks), a short declined case, and
 * the longest case one run can hold before it continues as new — archives them, clones them with
 * rewritten ids (payloads decrypted, rewritten, sealed again) into ≥ 500 archived cases, then
 * measures:
 *   - a typical case replayed alone (a fresh replay worker, as `replay <id>` does) and within a batch;
 *   - the longest case before continue-as-new;
 *   - events/s replaying every archived case from PostgreSQL (load, gunzip, hash check, decrypt, replay);
 *   - baseline, same run: the committed plain histories replayed from files, nothing else.
 * Prints a table and writes JSON to bench/results/replay-<time>.json. Targets on a 2-core machine:
 * ≥ 3,000 events/s over the batch, ≤ 100 ms for a typical case.
 */
import 'reflect-metadata';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import Table from 'cli-table3';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { CaseHistory, HistoryJson, eventCount, fetchCaseHistory, historyFromJson } from '../libs/audit/case-history';
import { archiveCaseHistory } from '../libs/audit/history-archive';
import { replayCases } from '../libs/audit/replay';
import { replayPetitions } from '../libs/audit/replay-runner';
import { PROJECT_ROOT, TOOLS_BIN, freePort, startEmbeddedPostgres } from '../libs/infra/local-servers';
import { createDataSource } from '../libs/persistence/data-source';
import { migrateDatabase } from '../libs/persistence/migrate';
import { seedDemo } from '../libs/persistence/demo-seed';
import type { ActionArgs, ActionName, Actor, PetitionView, UnitRef } from '../libs/process';
import { PetitionDataConverter, petitionDataConverter } from '../libs/temporal/data-converter';
import { generatePayloadKeyEntry, parsePayloadKeys } from '../libs/temporal/payload-codec';
import { decodeJsonTree, encodeJsonTree, mapJsonPayloadTexts } from '../libs/temporal/payload-json';
import { bundlePetitionWorkflows, createPetitionWorker } from '../libs/temporal/worker';
import { NoticeDocumentActivities } from '../activities/notice-documents.activities';
import { PetitionProjectionActivities } from '../activities/petition-projection.activities';
import { PETITION_WORKFLOW_TYPE, petitionUpdates, petitionViewQuery, petitionWorkflowId } from '../workflows/petition/petition.contract';

const CASES = Number(process.env.BENCH_REPLAY_CASES ?? 500);
const LONG_CASE_EVENTS = Number(process.env.BENCH_LONG_CASE_EVENTS ?? 9000);
const TARGET_EVENTS_PER_SECOND = 3000;
const TARGET_TYPICAL_MS = 100;
const DAY = 86_400_000;

/** What the written reply states; the workflow renders the 处理意见书 from it. */
const GROUNDS = { facts: '维修基金账目已公示', reasons: '支出经业主大会表决通过', legalBasis: '《住宅专项维修资金管理办法》' };

const ACTORS = {
  registrar: { userId: 'x-registrar', role: 'registrar', unitId: 'x-xfj' },
  handler: { userId: 'x-handler', role: 'handler', unitId: 'x-zjj' },
  unitHead: { userId: 'x-head', role: 'unitHead', unitId: 'x-zjj' },
} satisfies Record<string, Actor>;
const COUNTY_OFFICE: UnitRef = { id: 'x-xfj', kind: 'petitionOffice', level: 'county', parentId: 'c-xfj', supervisingOfficeId: 'x-xfj', supervisingOffices: ['x-xfj', 'c-xfj', 'p-xfj'] };
const at = (shanghai: string) => Date.parse(`${shanghai.replace(' ', 'T')}:00+08:00`);

function log(message: string): void {
  process.stderr.write(`[bench:replay] ${message}\n`);
}

/** One case driven through the real worker on the time-skipping server, as staff would. */
class BenchCase {
  readonly petitionId = randomUUID();
  constructor(private readonly env: TestWorkflowEnvironment, private readonly taskQueue: string) {}
  get workflowId(): string {
    return petitionWorkflowId(this.petitionId);
  }
  async advanceTo(instant: number): Promise<void> {
    const now = await this.env.currentTimeMs();
    if (instant > now) await this.env.sleep(instant - now);
  }
  async register(continueAsNewAtHistoryLength?: number): Promise<void> {
    await this.env.client.workflow.start(PETITION_WORKFLOW_TYPE, {
      workflowId: this.workflowId,
      taskQueue: this.taskQueue,
      args: [{
        registration: {
          petitionId: this.petitionId, requestId: `register-${this.petitionId}`, registeredBy: ACTORS.registrar, registeringUnit: COUNTY_OFFICE,
          category: 'appeal', channel: 'visit', receivedAt: await this.env.currentTimeMs(), urgent: false, collective: false, repeatOf: [],
          accusedUnitId: null, handleDirectly: false,
        },
        ...(continueAsNewAtHistoryLength ? { continueAsNewAtHistoryLength } : {}),
      }],
    });
  }
  act<A extends ActionName>(action: A, actor: Actor, args: ActionArgs[A]): Promise<PetitionView> {
    const handle = this.env.client.workflow.getHandle(this.workflowId);
    return handle.executeUpdate(petitionUpdates[action] as never, { args: [{ requestId: randomUUID(), actor, args }] }) as Promise<PetitionView>;
  }
  view(): Promise<PetitionView> {
    return this.env.client.workflow.getHandle(this.workflowId).query(petitionViewQuery);
  }
  result(): Promise<unknown> {
    return this.env.client.workflow.getHandle(this.workflowId).result();
  }
}

async function typicalCase(env: TestWorkflowEnvironment, taskQueue: string): Promise<BenchCase> {
  const c = new BenchCase(env, taskQueue);
  await c.advanceTo(at('2030-03-04 10:00'));
  await c.register();
  await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
  await c.advanceTo(at('2030-03-06 10:00'));
  await c.act('accept', ACTORS.handler, {});
  await c.advanceTo(at('2030-04-10 10:00')); // warnings at 70% and 90% of handling fire on the way
  await c.act('issueReply', ACTORS.unitHead, { outcome: 'supported', ...GROUNDS });
  await c.act('recordDelivery', ACTORS.handler, { deliveredAt: at('2030-04-10 09:30'), documentId: (await c.view()).awaitingDelivery!.documentId });
  await c.act('confirmImplementation', ACTORS.handler, { note: '维修资金已拨付' });
  await c.advanceTo(at('2030-05-11 10:00'));
  const closed = await c.view();
  for (const followUp of closed.followUps) {
    await c.advanceTo(followUp.dueAt + 3_600_000);
    await c.act('recordFollowUp', ACTORS.handler, { result: 'stable', note: '已回访，问题未反弹' });
  }
  await c.advanceTo((closed.closedAt ?? 0) + 200 * DAY);
  await c.result();
  return c;
}

async function declinedCase(env: TestWorkflowEnvironment, taskQueue: string): Promise<BenchCase> {
  const c = new BenchCase(env, taskQueue);
  await c.register();
  await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
  await c.act('decline', ACTORS.handler, { reason: '不属于本单位职责范围' });
  await c.result();
  return c;
}

/** As many registration corrections as one run holds before continue-as-new, then declined. */
async function longestCase(env: TestWorkflowEnvironment, taskQueue: string): Promise<BenchCase> {
  const c = new BenchCase(env, taskQueue);
  await c.register(LONG_CASE_EVENTS + 2000);
  await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
  let collective = false;
  for (let i = 0; ; i++) {
    collective = !collective;
    await c.act('correctRegistration', ACTORS.registrar, { field: 'collective', value: collective, reason: `登记更正 ${i}` });
    if (i % 100 === 99) {
      const length = (await env.client.workflow.getHandle(c.workflowId).describe()).historyLength;
      log(`longest case: ${length} events`);
      if (length >= LONG_CASE_EVENTS) break;
    }
  }
  await c.act('decline', ACTORS.handler, { reason: '不属于本单位职责范围' });
  await c.result();
  return c;
}

/** The same case under a new petition id: every payload opened, the id rewritten, sealed again. */
async function cloneCase(converter: PetitionDataConverter, decoded: CaseHistory, fromId: string): Promise<{ petitionId: string; history: CaseHistory }> {
  const petitionId = randomUUID();
  const rewritten = JSON.parse(JSON.stringify(decoded).split(fromId).join(petitionId)) as CaseHistory;
  const withPayloads = mapJsonPayloadTexts(rewritten, (text) => text.split(fromId).join(petitionId));
  return { petitionId, history: await encodeJsonTree(converter, withPayloads) };
}

interface Measurement {
  scenario: string;
  cases: number;
  events: number;
  ms: number;
  eventsPerSecond: number;
  msPerCase: number;
}

function measurement(scenario: string, cases: number, events: number, ms: number): Measurement {
  return { scenario, cases, events, ms: Math.round(ms), eventsPerSecond: Math.round(events / (ms / 1000)), msPerCase: Math.round((ms / cases) * 10) / 10 };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const converter = petitionDataConverter(parsePayloadKeys(generatePayloadKeyEntry()));
  const dataDir = join(PROJECT_ROOT, '.data', `bench-replay-pg-${process.pid}`);
  log('starting an embedded PostgreSQL and the time-skipping test server');
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, database: 'bench_replay' });
  let env: TestWorkflowEnvironment | undefined;
  const dataSource = createDataSource(pg.address);
  try {
    await migrateDatabase(pg.address, { seedDemo: false });
    await dataSource.initialize();
    await seedDemo(dataSource);
    env = await TestWorkflowEnvironment.createTimeSkipping({
      client: { dataConverter: converter },
      server: { executable: { type: 'existing-path', path: join(TOOLS_BIN, 'temporal-test-server') } },
    });
    const taskQueue = `bench-${randomUUID()}`;
    const workflowBundle = await bundlePetitionWorkflows();
    const worker = await createPetitionWorker({
      connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, activities: [new PetitionProjectionActivities(dataSource), new NoticeDocumentActivities(dataSource)], dataConverter: converter, workflowBundle,
    });
    const running = worker.run();
    log('running the template cases through the worker');
    const typical = await typicalCase(env, taskQueue);
    const declined = await declinedCase(env, taskQueue);
    const longest = await longestCase(env, taskQueue);
    const templates = new Map<string, CaseHistory>();
    for (const c of [typical, declined, longest]) templates.set(c.petitionId, await fetchCaseHistory(env.client as Client, c.workflowId));
    worker.shutdown();
    await running;
    for (const [petitionId, history] of templates) await archiveCaseHistory(dataSource.manager, petitionId, history, 'bench');

    log(`cloning into ${CASES} archived cases`);
    const decodedTypical = await decodeJsonTree(converter, templates.get(typical.petitionId)!);
    const decodedDeclined = await decodeJsonTree(converter, templates.get(declined.petitionId)!);
    const batchIds: string[] = [];
    for (let i = 0; i < CASES; i++) {
      // Four typical cases for each short one: most archived cases ran their whole course.
      const [template, fromId] = i % 5 === 4 ? [decodedDeclined, declined.petitionId] : [decodedTypical, typical.petitionId];
      const clone = await cloneCase(converter, template, fromId);
      await archiveCaseHistory(dataSource.manager, clone.petitionId, clone.history, 'bench');
      batchIds.push(clone.petitionId);
    }

    const code = { workflowBundle, dataConverter: converter };
    const results: Measurement[] = [];

    // Baseline: the committed histories, plain, straight from files into one replay worker.
    const dir = join(PROJECT_ROOT, 'test', 'replay', 'histories');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const plain = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as HistoryJson);
    let started = performance.now();
    for await (const r of Worker.runReplayHistories(code, plain.map((h, i) => ({ workflowId: `baseline-${i}`, history: historyFromJson(h) })))) {
      if (r.error) throw r.error;
    }
    results.push(measurement('baseline: committed plain histories from files', plain.length, plain.reduce((n, h) => n + h.events.length, 0), performance.now() - started));

    const typicalHistory = templates.get(typical.petitionId)!;
    const alone: number[] = [];
    for (let i = 0; i < 5; i++) {
      started = performance.now();
      const [r] = await replayCases(code, [{ petitionId: typical.petitionId, source: 'archive', history: typicalHistory }]);
      if (!r.deterministic) throw new Error(`typical case diverged: ${r.divergence?.message}`);
      alone.push(performance.now() - started);
    }
    alone.sort((a, b) => a - b);
    results.push(measurement('typical case alone (new replay worker), median of 5', 1, eventCount(typicalHistory), alone[2]));

    const longHistory = templates.get(longest.petitionId)!;
    started = performance.now();
    const [longResult] = await replayCases(code, [{ petitionId: longest.petitionId, source: 'archive', history: longHistory }]);
    if (!longResult.deterministic) throw new Error(`longest case diverged: ${longResult.divergence?.message}`);
    results.push(measurement(`longest case before continue-as-new (${longHistory.runs.length} run)`, 1, eventCount(longHistory), performance.now() - started));

    const perCase: number[] = [];
    started = performance.now();
    const summary = await replayPetitions({
      manager: dataSource.manager,
      client: async () => {
        throw new Error('the batch reads the archive only');
      },
      code,
      petitionIds: batchIds,
      workflowIdOf: petitionWorkflowId,
      batchSize: 50,
      onCase: (outcome) => {
        if (outcome.deterministic !== true) throw new Error(`case ${outcome.petitionId} did not replay`);
        perCase.push(outcome.durationMs);
      },
    });
    const batchMs = performance.now() - started;
    results.push(measurement(`${summary.total} archived cases from PostgreSQL (load, gunzip, hash, decrypt, replay)`, summary.total, summary.events, batchMs));
    perCase.sort((a, b) => a - b);
    const typicalInBatch = perCase[Math.floor(perCase.length / 2)];

    const table = new Table({ head: ['scenario', 'cases', 'events', 'ms', 'events/s', 'ms/case'] });
    for (const r of results) table.push([r.scenario, r.cases, r.events, r.ms, r.eventsPerSecond, r.msPerCase]);
    console.log(table.toString());
    const batch = results[results.length - 1];
    const verdict = {
      eventsPerSecond: { measured: batch.eventsPerSecond, target: TARGET_EVENTS_PER_SECOND, met: batch.eventsPerSecond >= TARGET_EVENTS_PER_SECOND },
      typicalCaseMs: { alone: Math.round(alone[2]), withinBatchMedian: typicalInBatch, target: TARGET_TYPICAL_MS, met: alone[2] <= TARGET_TYPICAL_MS },
    };
    console.log(
      `batch: ${batch.eventsPerSecond} events/s (target ≥ ${TARGET_EVENTS_PER_SECOND}: ${verdict.eventsPerSecond.met ? 'met' : 'NOT met'}); ` +
        `typical case: ${verdict.typicalCaseMs.alone} ms alone, ${typicalInBatch} ms median within the batch (target ≤ ${TARGET_TYPICAL_MS} ms: ${verdict.typicalCaseMs.met ? 'met' : 'NOT met'})`,
    );
    const resultsDir = join(PROJECT_ROOT, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `replay-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify({ bench: 'replay', at: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, results, verdict }, null, 2),
    );
    log(`results written to ${file}`);
  } finally {
    await env?.teardown().catch(() => undefined);
    if (dataSource.isInitialized) await dataSource.destroy();
    await pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[bench:replay] ${(error as Error).stack ?? error}`);
  process.exit(1);
});
