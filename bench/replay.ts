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
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { CaseHistory, HistoryJson, eventCount, fetchCaseHistory, historyFromJson } from '../libs/audit/case-history';
import { archiveCaseHistory } from '../libs/audit/history-archive';
import { replayCases } from '../libs/audit/replay';
import { replayPetitions } from '../libs/audit/replay-runner';
import { replayPetitionsInParallel } from '../libs/audit/replay-pool';
import {
  PROJECT_ROOT,
  TOOLS_BIN,
  embeddedPostgresDataDir,
  freePort,
  startEmbeddedPostgres,
} from '../libs/infra/local-servers';
import { createDataSource } from '../libs/persistence/data-source';
import { migrateDatabase } from '../libs/persistence/migrate';
import { seedDemo } from '../libs/persistence/demo-seed';
import type { ActionArgs, ActionName, Actor, PetitionView, UnitRef } from '../libs/process';
import { PetitionDataConverter, petitionDataConverter } from '../libs/temporal/data-converter';
import { generatePayloadKeyEntry, parsePayloadKeys, payloadKeysSpec } from '../libs/temporal/payload-codec';
import { decodeJsonTree, encodeJsonTree, mapJsonPayloadTexts } from '../libs/temporal/payload-json';
import { bundlePetitionWorkflows, createPetitionWorker, replaySinks } from '../libs/temporal/worker';
import { NoticeDocumentActivities } from '../activities/notice-documents.activities';
import { PetitionProjectionActivities } from '../activities/petition-projection.activities';
import {
  PETITION_WORKFLOW_TYPE,
  petitionUpdates,
  petitionViewQuery,
  petitionWorkflowId,
} from '../workflows/petition/petition.contract';

const CASES = Number(process.env.BENCH_REPLAY_CASES ?? 500);
/** The workflow's own continue-as-new threshold for the long case; the server usually suggests it earlier (history size). */
const LONG_CASE_EVENTS = Number(process.env.BENCH_LONG_CASE_EVENTS ?? 10_000);
const TARGET_EVENTS_PER_SECOND = 3000;
const TARGET_TYPICAL_MS = 100;
const DAY = 86_400_000;

/** What the written reply states; the workflow renders the 处理意见书 from it. */
const GROUNDS = {
  facts: '维修基金账目已公示',
  reasons: '支出经业主大会表决通过',
  legalBasis: '《住宅专项维修资金管理办法》',
};

const ACTORS = {
  registrar: { userId: 'x-registrar', role: 'registrar', unitId: 'x-xfj' },
  handler: { userId: 'x-handler', role: 'handler', unitId: 'x-zjj' },
  unitHead: { userId: 'x-head', role: 'unitHead', unitId: 'x-zjj' },
} satisfies Record<string, Actor>;
const COUNTY_OFFICE: UnitRef = {
  id: 'x-xfj',
  kind: 'petitionOffice',
  level: 'county',
  parentId: 'c-xfj',
  supervisingOfficeId: 'x-xfj',
  supervisingOffices: ['x-xfj', 'c-xfj', 'p-xfj'],
};
const at = (shanghai: string) => Date.parse(`${shanghai.replace(' ', 'T')}:00+08:00`);

function log(message: string): void {
  process.stderr.write(`[bench:replay] ${message}\n`);
}

/** One case driven through the real worker on the time-skipping server, as staff would. */
class BenchCase {
  readonly petitionId = randomUUID();
  constructor(
    private readonly env: TestWorkflowEnvironment,
    private readonly taskQueue: string,
  ) {}
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
      args: [
        {
          registration: {
            petitionId: this.petitionId,
            requestId: `register-${this.petitionId}`,
            registeredBy: ACTORS.registrar,
            registeringUnit: COUNTY_OFFICE,
            category: 'appeal',
            channel: 'visit',
            receivedAt: await this.env.currentTimeMs(),
            urgent: false,
            collective: false,
            repeatOf: [],
            accusedUnitId: null,
            handleDirectly: false,
          },
          ...(continueAsNewAtHistoryLength ? { continueAsNewAtHistoryLength } : {}),
        },
      ],
    });
  }
  act<A extends ActionName>(action: A, actor: Actor, args: ActionArgs[A]): Promise<PetitionView> {
    const handle = this.env.client.workflow.getHandle(this.workflowId);
    return handle.executeUpdate(petitionUpdates[action] as never, {
      args: [{ requestId: randomUUID(), actor, args }],
    }) as Promise<PetitionView>;
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
  await c.act('recordDelivery', ACTORS.handler, {
    method: 'direct',
    signedBy: 'petitioner',
    deliveredAt: at('2030-04-10 09:30'),
    documentId: (await c.view()).awaitingDelivery!.documentId,
  });
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

/**
 * Registration corrections until the server suggests continue-as-new (its history-size limit) or
 * the run reaches BENCH_LONG_CASE_EVENTS, then declined: its first run is the longest a case holds
 * before it continues as new.
 */
async function longestCase(env: TestWorkflowEnvironment, taskQueue: string): Promise<BenchCase> {
  const c = new BenchCase(env, taskQueue);
  await c.register(LONG_CASE_EVENTS);
  await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
  const firstRunId = (await env.client.workflow.getHandle(c.workflowId).describe()).runId;
  let collective = false;
  for (let i = 0; ; i++) {
    collective = !collective;
    await c.act('correctRegistration', ACTORS.registrar, {
      field: 'collective',
      value: collective,
      reason: `登记更正 ${i}`,
    });
    if (i % 100 === 99) {
      const description = await env.client.workflow.getHandle(c.workflowId).describe();
      if (description.runId !== firstRunId) break;
      log(`longest case: ${description.historyLength} events in its first run`);
    }
  }
  await c.act('decline', ACTORS.handler, { reason: '不属于本单位职责范围' });
  await c.result();
  return c;
}

/** The same case under a new petition id: every payload opened, the id rewritten, sealed again. */
async function cloneCase(
  converter: PetitionDataConverter,
  decoded: CaseHistory,
  fromId: string,
): Promise<{ petitionId: string; history: CaseHistory }> {
  const petitionId = randomUUID();
  const rewritten = JSON.parse(JSON.stringify(decoded).split(fromId).join(petitionId)) as CaseHistory;
  const withPayloads = mapJsonPayloadTexts(rewritten, (text) => text.split(fromId).join(petitionId));
  return { petitionId, history: await encodeJsonTree(converter, withPayloads) };
}

interface Measurement {
  scenario: string;
  cases: number;
  events: number;
  /** Wall-clock time. */
  ms: number;
  eventsPerSecond: number;
  msPerCase: number;
  /** CPU time of this process (JavaScript and the SDK's Rust core): what the replay costs on a machine shared with other work. */
  cpuMs: number;
  eventsPerCpuSecond: number;
}

/** Times `run` in wall-clock and CPU time. */
async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

function measurement(
  scenario: string,
  cases: number,
  events: number,
  time: { ms: number; cpuMs: number },
): Measurement {
  return {
    scenario,
    cases,
    events,
    ms: Math.round(time.ms),
    eventsPerSecond: Math.round(events / (time.ms / 1000)),
    msPerCase: Math.round((time.ms / cases) * 10) / 10,
    cpuMs: Math.round(time.cpuMs),
    eventsPerCpuSecond: Math.round(events / (time.cpuMs / 1000)),
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const keys = parsePayloadKeys(generatePayloadKeyEntry());
  const converter = petitionDataConverter(keys);
  const dataDir = embeddedPostgresDataDir(`bench-replay-pg-${process.pid}`);
  log('starting an embedded PostgreSQL and the time-skipping test server');
  const pg = await startEmbeddedPostgres({
    dataDir,
    port: await freePort(),
    persistent: false,
    database: 'bench_replay',
  });
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
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      activities: [new PetitionProjectionActivities(dataSource), new NoticeDocumentActivities(dataSource)],
      dataConverter: converter,
      workflowBundle,
    });
    const running = worker.run();
    log('running the template cases through the worker');
    const typical = await typicalCase(env, taskQueue);
    const declined = await declinedCase(env, taskQueue);
    const longest = await longestCase(env, taskQueue);
    const templates = new Map<string, CaseHistory>();
    for (const c of [typical, declined, longest])
      templates.set(c.petitionId, await fetchCaseHistory(env.client as Client, c.workflowId));
    worker.shutdown();
    await running;
    for (const [petitionId, history] of templates)
      await archiveCaseHistory(dataSource.manager, petitionId, history, 'bench');

    log(`cloning into ${CASES} archived cases`);
    const decodedTypical = await decodeJsonTree(converter, templates.get(typical.petitionId)!);
    const decodedDeclined = await decodeJsonTree(converter, templates.get(declined.petitionId)!);
    const batchIds: string[] = [];
    for (let i = 0; i < CASES; i++) {
      // Four typical cases for each short one: most archived cases ran their whole course.
      const [template, fromId] =
        i % 5 === 4 ? [decodedDeclined, declined.petitionId] : [decodedTypical, typical.petitionId];
      const clone = await cloneCase(converter, template, fromId);
      await archiveCaseHistory(dataSource.manager, clone.petitionId, clone.history, 'bench');
      batchIds.push(clone.petitionId);
    }

    const code = { workflowBundle, dataConverter: converter, sinks: replaySinks() };
    const results: Measurement[] = [];

    // Baseline: the committed histories, plain, straight from files into one replay worker.
    const dir = join(PROJECT_ROOT, 'test', 'replay', 'histories');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    const plain = files.map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as HistoryJson);
    const baseline = await timed(async () => {
      for await (const r of Worker.runReplayHistories(
        code,
        plain.map((h, i) => ({ workflowId: `baseline-${i}`, history: historyFromJson(h) })),
      )) {
        if (r.error) throw r.error;
      }
    });
    results.push(
      measurement(
        'baseline: committed plain histories from files, one replay worker',
        plain.length,
        plain.reduce((n, h) => n + h.events.length, 0),
        baseline,
      ),
    );

    const typicalHistory = templates.get(typical.petitionId)!;
    const alone: { ms: number; cpuMs: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const run = await timed(() =>
        replayCases(code, [{ petitionId: typical.petitionId, source: 'archive', history: typicalHistory }]),
      );
      if (!run.value[0].deterministic) throw new Error(`typical case diverged: ${run.value[0].divergence?.message}`);
      alone.push(run);
    }
    alone.sort((a, b) => a.ms - b.ms);
    results.push(
      measurement(
        'typical case alone (a new replay worker, as `replay <id>`), median of 5',
        1,
        eventCount(typicalHistory),
        alone[2],
      ),
    );

    // Its first run, which ended in continue-as-new.
    const longCase = templates.get(longest.petitionId)!;
    const longHistory: CaseHistory = { workflowId: longCase.workflowId, runs: [longCase.runs[0]] };
    const long = await timed(() =>
      replayCases(code, [{ petitionId: longest.petitionId, source: 'archive', history: longHistory }]),
    );
    if (!long.value[0].deterministic) throw new Error(`longest case diverged: ${long.value[0].divergence?.message}`);
    results.push(
      measurement(
        `longest case before continue-as-new (${longHistory.runs.length} run)`,
        1,
        eventCount(longHistory),
        long,
      ),
    );

    const perCase: number[] = [];
    const batchRun = await timed(() =>
      replayPetitions({
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
      }),
    );
    const summary = batchRun.value;
    results.push(
      measurement(
        `${summary.total} archived cases from PostgreSQL (load, gunzip, hash, decrypt, replay), one process`,
        summary.total,
        summary.events,
        batchRun,
      ),
    );
    // The same cases over every core (child processes, as `npm run audit -- replay --all` runs them).
    const pooled = await timed(() =>
      replayPetitionsInParallel({
        manager: dataSource.manager,
        client: async () => {
          throw new Error('the batch reads the archive only');
        },
        code,
        petitionIds: batchIds,
        workflowIdPrefix: petitionWorkflowId(''),
        environment: {
          DATABASE_URL: pg.address,
          TEMPORAL_ADDRESS: '127.0.0.1:1',
          TEMPORAL_NAMESPACE: 'default',
          PAYLOAD_CODEC_KEYS: payloadKeysSpec(keys),
        },
        onCase: (outcome) => {
          if (outcome.deterministic !== true) throw new Error(`case ${outcome.petitionId} did not replay`);
        },
      }),
    );
    // CPU: this process's and each child's own (reported by the child when it stops).
    results.push(
      measurement(
        `the same ${pooled.value.total} cases over ${cpus().length} processes`,
        pooled.value.total,
        pooled.value.events,
        { ms: pooled.ms, cpuMs: pooled.cpuMs + pooled.value.childCpuMs },
      ),
    );
    perCase.sort((a, b) => a - b);
    const typicalInBatch = perCase[Math.floor(perCase.length / 2)];

    const table = new Table({
      head: ['scenario', 'cases', 'events', 'wall ms', 'events/s', 'ms/case', 'CPU ms', 'events/CPU-s'],
    });
    for (const r of results)
      table.push([r.scenario, r.cases, r.events, r.ms, r.eventsPerSecond, r.msPerCase, r.cpuMs, r.eventsPerCpuSecond]);
    console.log(table.toString());
    const batch = results[results.length - 1];
    const single = results[results.length - 2];
    const verdict = {
      eventsPerSecond: {
        measured: batch.eventsPerSecond,
        oneProcess: single.eventsPerSecond,
        oneProcessPerCpuSecond: single.eventsPerCpuSecond,
        target: TARGET_EVENTS_PER_SECOND,
        met: batch.eventsPerSecond >= TARGET_EVENTS_PER_SECOND,
      },
      typicalCaseMs: {
        alone: Math.round(alone[2].ms),
        withinBatchMedian: typicalInBatch,
        target: TARGET_TYPICAL_MS,
        met: typicalInBatch <= TARGET_TYPICAL_MS,
      },
      loadAverage: loadavg(),
    };
    console.log(
      `batch: ${batch.eventsPerSecond} events/s over ${cpus().length} processes, ${single.eventsPerSecond} in one (${single.eventsPerCpuSecond} per CPU-second) ` +
        `(target ≥ ${TARGET_EVENTS_PER_SECOND}: ${verdict.eventsPerSecond.met ? 'met' : 'NOT met'}); ` +
        `typical case: ${typicalInBatch} ms median within the batch, ${verdict.typicalCaseMs.alone} ms alone with a new replay worker (target ≤ ${TARGET_TYPICAL_MS} ms: ${verdict.typicalCaseMs.met ? 'met' : 'NOT met'}); ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} on ${cpus().length} cores`,
    );
    const resultsDir = join(PROJECT_ROOT, 'bench', 'results');
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `replay-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(
      file,
      JSON.stringify(
        {
          bench: 'replay',
          at: new Date().toISOString(),
          machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
          results,
          verdict,
        },
        null,
        2,
      ),
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
