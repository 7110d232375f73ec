/**
 * The two topologies the benchmark measures, each started by the benchmark itself on free ports
 * with throw-away data: `dev` is what `npm start` runs (embedded PostgreSQL, the Temporal CLI dev
 * server on SQLite, one worker, one API), `cluster` is what `npm run start:cluster` runs (the
 * Temporal server v1.29.1 on PostgreSQL, two workers, two API replicas behind the proxy).
 */
import type { Client } from '@temporalio/client';
import { signInDemoUsers } from '../../libs/auth/demo-sign-in';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { startCluster } from '../../libs/infra/cluster';
import { clusterSettingsFromEnv } from '../../libs/infra/cluster-settings';
import {
  PROJECT_ROOT,
  embeddedPostgresDataDir,
  freePort,
  startEmbeddedPostgres,
  startTemporalDevServer,
} from '../../libs/infra/local-servers';
import { SupervisedProcess } from '../../libs/infra/supervised-process';
import { generatePayloadKeyEntry, parsePayloadKeys } from '../../libs/temporal/payload-codec';
import { connectClient, temporalTls } from '../../libs/temporal/connection';
import { petitionDataConverter } from '../../libs/temporal/data-converter';
import { createDataSource } from '../../libs/persistence/data-source';
import { describeUnits } from '../../libs/persistence/unit-directory';
import type { UnitRef } from '../../libs/process';
import { migrateDatabase } from '../../libs/persistence/migrate';
import { DEFAULT_RUNTIME_ROLE, runtimeUrl } from '../../libs/persistence/runtime-role';
import { rssMb, treePssMb } from './memory';

export type TopologyName = 'dev' | 'cluster';

export interface MemoryFigures {
  workersRssMb: number;
  apisRssMb: number;
  temporalRssMb: number;
  postgresPssMb: number;
}

export interface BenchTopology {
  name: TopologyName;
  description: string;
  apiUrl: string;
  temporalAddress: string;
  ownerDatabaseUrl: string;
  databaseUrl: string;
  namespace: string;
  taskQueue: string;
  /** PAYLOAD_CODEC_KEYS of its workers and APIs: a client of the bench's own seals with these. */
  payloadKeys: string;
  /** The client certificate a client of the bench's own presents (the cluster's frontend requires mTLS; empty for the dev server). */
  temporalTlsEnv: Record<string, string>;
  workers: SupervisedProcess[];
  apis: SupervisedProcess[];
  metricsUrl: string;
  /** Bearer tokens of demo users, signed in through the real sign-in. */
  bearer(userId: string): string;
  memory(): MemoryFigures;
  stop(): Promise<void>;
}

const RUNTIME_PASSWORD = 'petitions-runtime-bench';

function bearerOf(tokens: Record<string, string>) {
  return (userId: string) => {
    const token = tokens[userId];
    if (!token) throw new Error(`no token for ${userId}`);
    return `Bearer ${token}`;
  };
}

export interface TopologyOptions {
  log: (m: string) => void;
  workerEnv?: Record<string, string>;
  /** Extra node flags for the workers and API processes (bench/profile.ts's preload). */
  nodeArgs?: string[];
}

export async function startDevTopology(options: TopologyOptions): Promise<BenchTopology> {
  const name = `bench-dev-${process.pid}`;
  const logs = join(PROJECT_ROOT, '.data', name);
  const pgData = embeddedPostgresDataDir(join(name, 'postgres'));
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
    rmSync(logs, { recursive: true, force: true });
    rmSync(dirname(pgData), { recursive: true, force: true });
  };
  try {
    const pg = await startEmbeddedPostgres({
      dataDir: pgData,
      port: await freePort(),
      persistent: false,
      database: 'petitions',
    });
    stops.push(() => pg.stop());
    await migrateDatabase(pg.address, {
      seedDemo: true,
      runtimeRole: { role: DEFAULT_RUNTIME_ROLE, password: RUNTIME_PASSWORD },
    });
    const databaseUrl = runtimeUrl(pg.address, DEFAULT_RUNTIME_ROLE, RUNTIME_PASSWORD);
    const metricsPort = await freePort();
    // As npm start runs it: history in a SQLite file.
    const temporal = await startTemporalDevServer({
      port: await freePort(),
      metricsPort,
      namespace: 'default',
      dbFile: join(logs, 'temporal.sqlite'),
    });
    stops.push(() => temporal.stop());
    const apiPort = await freePort();
    const payloadKeys = generatePayloadKeyEntry();
    const env = {
      ...process.env,
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_TASK_QUEUE: 'petitions',
      API_PORT: String(apiPort),
      API_HOST: '127.0.0.1',
      PAYLOAD_CODEC_KEYS: payloadKeys,
      // Its own secrets, set for the API and the sign-in alike: unset, the API would read the ones
      // `npm start` keeps in .data/ and refuse every token the benchmark signed.
      TOKEN_SIGNING_KEY: randomBytes(32).toString('base64'),
      QUERY_CODE_SECRET: randomBytes(32).toString('base64'),
      WORKER_METRICS_PORT: String(await freePort()),
    };
    const worker = new SupervisedProcess({
      name: 'worker',
      command: process.execPath,
      args: [...(options.nodeArgs ?? []), join(PROJECT_ROOT, 'dist', 'apps', 'worker', 'src', 'main.js')],
      env: { ...env, ...options.workerEnv, PROFILE_NAME: 'worker' },
      output: { kind: 'file', path: join(logs, 'worker.log') },
      log: options.log,
      ready: (w) => w.waitForLine(/polling task queue/, 180_000),
    });
    const api = new SupervisedProcess({
      name: 'api',
      command: process.execPath,
      args: [...(options.nodeArgs ?? []), join(PROJECT_ROOT, 'dist', 'apps', 'api', 'src', 'main.js')],
      env: { ...env, PROFILE_NAME: 'api' },
      output: { kind: 'file', path: join(logs, 'api.log') },
      log: options.log,
      ready: (a) => a.waitForLine(/listening on/, 120_000),
    });
    stops.push(
      () => api.stop(),
      () => worker.stop(),
    );
    await Promise.all([worker.start(), api.start()]);
    const tokens = await signInDemoUsers(env, databaseUrl);
    return {
      name: 'dev',
      description: 'npm start: Temporal CLI dev server (SQLite), 1 worker, 1 API, embedded PostgreSQL',
      apiUrl: `http://127.0.0.1:${apiPort}`,
      temporalAddress: temporal.address,
      ownerDatabaseUrl: pg.address,
      databaseUrl,
      namespace: 'default',
      taskQueue: 'petitions',
      payloadKeys,
      temporalTlsEnv: {},
      workers: [worker],
      apis: [api],
      metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
      bearer: bearerOf(tokens),
      memory: () => ({
        workersRssMb: rssMb([worker.pid ?? 0]),
        apisRssMb: rssMb([api.pid ?? 0]),
        temporalRssMb: rssMb([temporal.pid ?? 0]),
        postgresPssMb: treePssMb(pg.pid ?? 0),
      }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export async function startClusterTopology(options: TopologyOptions): Promise<BenchTopology> {
  const name = `bench-cluster-${process.pid}`;
  const dataDir = join(PROJECT_ROOT, '.data', name);
  const postgresDataDir = embeddedPostgresDataDir(join(name, 'postgres'));
  const settings = clusterSettingsFromEnv({
    API_PUBLISH: `127.0.0.1:${await freePort()}`,
    TEMPORAL_PUBLISH_PORT: String(await freePort()),
    PETITIONS_PG_PORT: String(await freePort()),
    DATABASE_RUNTIME_PASSWORD: RUNTIME_PASSWORD,
    TEMPORAL_LOG_LEVEL: 'warn',
  });
  const cluster = await startCluster({
    settings,
    dataDir,
    postgresDataDir,
    appOutput: 'files',
    ui: false,
    log: options.log,
    workerEnv: options.workerEnv,
    nodeArgs: options.nodeArgs,
    // The other topologies run untraced: exporting spans would make this one's figures incomparable.
    tracing: false,
  });
  const stop = async () => {
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(dirname(postgresDataDir), { recursive: true, force: true });
  };
  try {
    const tokens = await signInDemoUsers({ ...process.env, ...cluster.appEnv }, cluster.databaseUrl);
    return {
      name: 'cluster',
      description: `npm run start:cluster: Temporal server v1.29.1 on PostgreSQL (${settings.numHistoryShards} shards), ${cluster.workers.length} workers, ${cluster.apis.length} API replicas behind the proxy`,
      apiUrl: cluster.apiUrl,
      temporalAddress: cluster.temporalAddress,
      ownerDatabaseUrl: cluster.ownerDatabaseUrl,
      databaseUrl: cluster.databaseUrl,
      namespace: settings.temporalNamespace,
      taskQueue: settings.taskQueue,
      payloadKeys: cluster.appEnv.PAYLOAD_CODEC_KEYS,
      temporalTlsEnv: Object.fromEntries(
        Object.entries(cluster.appEnv).filter(([name]) => name.startsWith('TEMPORAL_TLS_')),
      ),
      workers: cluster.workers,
      apis: cluster.apis,
      metricsUrl: cluster.metricsUrl,
      bearer: bearerOf(tokens),
      memory: () => ({
        workersRssMb: rssMb(cluster.workers.map((w) => w.pid ?? 0)),
        apisRssMb: rssMb(cluster.apis.map((a) => a.pid ?? 0)),
        temporalRssMb: rssMb([cluster.temporal.pid ?? 0]),
        postgresPssMb: treePssMb(cluster.postgres?.pid ?? 0),
      }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The benchmark's way into a started topology: a Temporal client sealing payloads with its keys, as
 * its workers do, and the county office (县信访局, x-xfj) the benchmark's cases are registered at.
 */
export async function connectToTopology(topology: BenchTopology): Promise<{ client: Client; office: UnitRef }> {
  const client = await connectClient(
    topology.temporalAddress,
    topology.namespace,
    petitionDataConverter(parsePayloadKeys(topology.payloadKeys)),
    temporalTls(topology.temporalTlsEnv),
  );
  const dataSource = createDataSource(topology.ownerDatabaseUrl);
  await dataSource.initialize();
  try {
    return { client, office: (await describeUnits(dataSource, ['x-xfj']))['x-xfj']! };
  } finally {
    await dataSource.destroy();
  }
}
