/**
 * For a cluster or fault test file: the whole native topology (libs/infra/cluster.ts, what
 * `npm run start:cluster` runs) on free ports with throw-away data, plus what the tests look with:
 * a PostgreSQL pool on the read model, one on Temporal's own database, and a Temporal client.
 */
import { Client, Connection } from '@temporalio/client';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { RunningCluster, startCluster } from '../../libs/infra/cluster';
import { clusterSettingsFromEnv } from '../../libs/infra/cluster-settings';
import { PROJECT_ROOT, freePort } from '../../libs/infra/local-servers';

export interface ClusterUnderTest {
  cluster: RunningCluster;
  /** The read model (petitions, events, ledger, escalations). */
  db: Pool;
  /** Temporal's persistence database (executions, timers): evidence it is the PostgreSQL-backed server. */
  temporalDb: Pool;
  temporal: Client;
  /** Lines the launcher said (restarts, …). */
  launcherLog: string[];
}

let counter = 0;

export function useCluster(options: { workers?: number; apis?: number; ui?: boolean; env?: Record<string, string> } = {}): ClusterUnderTest {
  const ctx = { launcherLog: [] as string[] } as ClusterUnderTest;
  const dataDir = join(PROJECT_ROOT, '.data', `test-cluster-${process.pid}-${++counter}`);
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
      appOutput: 'files',
      ui: options.ui ?? false,
      log: (line) => ctx.launcherLog.push(line),
    });
    ctx.db = new Pool({ connectionString: ctx.cluster.databaseUrl, max: 4 });
    ctx.db.on('error', () => undefined); // PostgreSQL is stopped on purpose in some tests
    const temporalUrl = new URL(ctx.cluster.databaseUrl);
    temporalUrl.pathname = '/temporal';
    ctx.temporalDb = new Pool({ connectionString: temporalUrl.toString(), max: 2 });
    ctx.temporalDb.on('error', () => undefined);
    ctx.temporal = new Client({ connection: await Connection.connect({ address: ctx.cluster.temporalAddress }), namespace: settings.temporalNamespace });
  }, 600_000);
  afterAll(async () => {
    await ctx.temporal?.connection.close().catch(() => undefined);
    await ctx.db?.end().catch(() => undefined);
    await ctx.temporalDb?.end().catch(() => undefined);
    await ctx.cluster?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }, 300_000);
  return ctx;
}

/** A count from the read model. */
export async function count(db: Pool, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query(sql, params);
  return Number(rows[0].n);
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 60_000, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value as T;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
}
