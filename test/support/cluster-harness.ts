/**
 * For a cluster or fault test file: the whole native topology (libs/infra/cluster.ts, what
 * `npm run start:cluster` runs) on free ports with throw-away data, plus what the tests look with:
 * a PostgreSQL pool on the read model, one on Temporal's own database, and a Temporal client.
 */
import { signInDemoUsers } from '../../libs/auth/demo-sign-in';
import { Client, Connection } from '@temporalio/client';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Pool } from 'pg';
import { RunningCluster, startCluster } from '../../libs/infra/cluster';
import { clusterSettingsFromEnv } from '../../libs/infra/cluster-settings';
import { PROJECT_ROOT, embeddedPostgresDataDir, freePort } from '../../libs/infra/local-servers';
import { PetitionDataConverter, petitionDataConverter } from '../../libs/temporal/data-converter';
import { parsePayloadKeys } from '../../libs/temporal/payload-codec';
import { temporalTls } from '../../libs/temporal/connection';
import { TEST_BEARERS_ENV, staffBearer } from './auth';
import { eventually } from './eventually';

export { eventually };

export interface ClusterUnderTest {
  cluster: RunningCluster;
  /** The read model (petitions, events, ledger, escalations). */
  db: Pool;
  /** Temporal's persistence database (executions, timers): evidence it is the PostgreSQL-backed server. */
  temporalDb: Pool;
  temporal: Client;
  /** The payload codec of the cluster's workers and APIs. */
  dataConverter: PetitionDataConverter;
  /** Lines the launcher said (restarts, …). */
  launcherLog: string[];
  /** The cluster's data folder (its key files, logs). */
  dataDir: string;
}

let counter = 0;

export function useCluster(
  options: { workers?: number; apis?: number; ui?: boolean; env?: Record<string, string> } = {},
): ClusterUnderTest {
  const ctx = { launcherLog: [] as string[] } as ClusterUnderTest;
  const name = `test-cluster-${process.pid}-${++counter}`;
  const dataDir = join(PROJECT_ROOT, '.data', name);
  ctx.dataDir = dataDir;
  const postgresDataDir = embeddedPostgresDataDir(join(name, 'postgres'));
  beforeAll(async () => {
    const settings = clusterSettingsFromEnv({
      WORKER_REPLICAS: String(options.workers ?? 2),
      API_REPLICAS: String(options.apis ?? 2),
      API_PUBLISH: `127.0.0.1:${await freePort()}`,
      TEMPORAL_PUBLISH_PORT: String(await freePort()),
      PETITIONS_PG_PORT: String(await freePort()),
      TEMPORAL_LOG_LEVEL: 'warn',
      TEMPORAL_UI_PUBLISH: `127.0.0.1:${await freePort()}`,
      ...options.env,
    });
    ctx.cluster = await startCluster({
      settings,
      dataDir,
      postgresDataDir,
      appOutput: 'files',
      ui: options.ui ?? false,
      log: (line) => ctx.launcherLog.push(line),
    });
    process.env[TEST_BEARERS_ENV] = JSON.stringify(
      await signInDemoUsers({ ...process.env, ...ctx.cluster.appEnv }, ctx.cluster.databaseUrl),
    );
    // As the owner: the tests take locks and read every table.
    ctx.db = new Pool({ connectionString: ctx.cluster.ownerDatabaseUrl, max: 4 });
    ctx.db.on('error', () => undefined); // PostgreSQL is stopped on purpose in some tests
    const temporalUrl = new URL(ctx.cluster.ownerDatabaseUrl);
    temporalUrl.pathname = '/temporal';
    ctx.temporalDb = new Pool({ connectionString: temporalUrl.toString(), max: 2 });
    ctx.temporalDb.on('error', () => undefined);
    // The cluster's workers seal payloads with its keys: the tests' client speaks the same codec.
    ctx.dataConverter = petitionDataConverter(parsePayloadKeys(ctx.cluster.appEnv.PAYLOAD_CODEC_KEYS));
    // The frontend requires mTLS: the tests hold the client certificate, as the API and workers do.
    ctx.temporal = new Client({
      connection: await Connection.connect({
        address: ctx.cluster.temporalAddress,
        tls: temporalTls(ctx.cluster.appEnv),
      }),
      namespace: settings.temporalNamespace,
      dataConverter: ctx.dataConverter,
    });
  }, 600_000);
  afterAll(async () => {
    await ctx.temporal?.connection.close().catch(() => undefined);
    await ctx.db?.end().catch(() => undefined);
    await ctx.temporalDb?.end().catch(() => undefined);
    await ctx.cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dirname(postgresDataDir), { recursive: true, force: true });
  }, 300_000);
  return ctx;
}

/** A count from the read model. */
export async function count(db: Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query(sql, params);
  return Number(rows[0].n);
}

export interface ApiAnswer {
  status: number;
  /** Which replica answered (set by the proxy; null when a replica was called directly). */
  replica: string | null;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One HTTP call as staff would make it: bearer token of a demo user, JSON in and out. */
export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  options: { user?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      Authorization: staffBearer(options.user ?? 'x-registrar'),
      'Content-Type': 'application/json',
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, replica: response.headers.get('x-api-replica'), body };
}

/** A registration body received `agoMs` before now (or at the given instant). */
export function registrationBody(receivedAt: number = Date.now() - 3600_000) {
  return {
    category: 'appeal',
    channel: 'visit',
    receivedAt: new Date(receivedAt).toISOString(),
    petitionerName: '张某',
    summary: '物业维修基金使用不透明',
  };
}

/** Every record one case has in the read model, counted (the fault tests compare them exactly). */
export interface CaseRecords {
  intakes: number;
  petitionRows: number;
  revision: number | null;
  events: string[];
  escalations: number;
  ledger: number;
  supervisionTasks: number;
  clocks: number;
}

export async function caseRecords(db: Pool, petitionId: string): Promise<CaseRecords> {
  const one = async (sql: string) => Number((await db.query(sql, [petitionId])).rows[0].n);
  const row = (await db.query(`SELECT revision FROM petitions WHERE id = $1`, [petitionId])).rows[0];
  return {
    intakes: await one(`SELECT count(*) AS n FROM petition_intakes WHERE petition_id = $1`),
    petitionRows: await one(`SELECT count(*) AS n FROM petitions WHERE id = $1`),
    revision: row ? Number(row.revision) : null,
    events: (
      await db.query(`SELECT type FROM petition_events WHERE petition_id = $1 ORDER BY seq`, [petitionId])
    ).rows.map((r: { type: string }) => r.type),
    escalations: await one(`SELECT count(*) AS n FROM escalations WHERE petition_id = $1`),
    ledger: await one(`SELECT count(*) AS n FROM accountability_records WHERE petition_id = $1`),
    supervisionTasks: await one(`SELECT count(*) AS n FROM supervision_tasks WHERE petition_id = $1`),
    clocks: await one(`SELECT count(*) AS n FROM petition_clocks WHERE petition_id = $1`),
  };
}

/** Registers a petition through the cluster's API port and waits for its first projection. */
export async function registerCase(
  ctx: ClusterUnderTest,
  key: string,
  receivedAt?: number,
): Promise<{ petitionId: string; workflowId: string }> {
  const answer = await callApi(ctx.cluster.apiUrl, 'POST', '/petitions', {
    body: registrationBody(receivedAt),
    headers: { 'Idempotency-Key': key },
  });
  if (answer.status !== 201) throw new Error(`registration failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  const { petitionId, workflowId } = answer.body as { petitionId: string; workflowId: string };
  await eventually(
    `the read-model row of ${petitionId}`,
    async () => (await ctx.db.query(`SELECT 1 FROM petitions WHERE id = $1`, [petitionId])).rows[0],
  );
  return { petitionId, workflowId };
}

/**
 * The worker process whose database connection waits on a lock the test holds: projections and unit
 * lookups run as local activities inside the worker, and each worker names its connections
 * "petitions-worker <pid>" (application_name), so pg_stat_activity says which one it is.
 */
export async function workerWaitingOnLock(ctx: ClusterUnderTest): Promise<number> {
  return eventually('a worker waiting on the lock', async () => {
    const { rows } = await ctx.db.query(
      `SELECT application_name FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name LIKE 'petitions-worker %'`,
    );
    return rows[0] ? Number((rows[0] as { application_name: string }).application_name.split(' ')[1]) : undefined;
  });
}

/** Workflow tasks of the workflow that timed out or failed (a worker lost in the middle of one). */
export async function lostWorkflowTasks(ctx: ClusterUnderTest, workflowId: string): Promise<number> {
  const history = await ctx.temporal.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? []).filter(
    (e) => e.workflowTaskTimedOutEventAttributes || e.workflowTaskFailedEventAttributes,
  ).length;
}
