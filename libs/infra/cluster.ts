/**
 * The docker-compose.yml topology as native processes under one supervisor: PostgreSQL (embedded
 * unless DATABASE_URL), the Temporal schema, the Temporal server on PostgreSQL, the namespace, the
 * Temporal UI, the migrations, SeaweedFS's S3 gateway and an OpenTelemetry Collector (each when
 * installed), N workers and N API replicas behind a round-robin proxy. Every long-running process
 * is restarted with backoff when it exits on its own. Used by
 * `npm run start:cluster`, the cluster and fault tests, and the benchmark.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { migrateDatabase } from '../persistence/migrate';
import { DEFAULT_RUNTIME_ROLE, runtimeUrl } from '../persistence/runtime-role';
import { ClusterSettings } from './cluster-settings';
import { localSecret, nodeAppProcess, payloadCodecKeys, preferredPort, waitUntilReady } from './launcher-common';
import { PROJECT_ROOT, freePort, reachablePostgresBinaries, waitForTcp } from './local-servers';
import { RoundRobinProxy, startRoundRobinProxy } from './round-robin-proxy';
import { otelCollectorBinary, otelCollectorReady, prepareOtelCollector } from './otel-collector';
import { prepareSeaweedS3, seaweedReady, weedBinary } from './seaweedfs';
import { ProcessOutput, SupervisedProcess } from './supervised-process';
import {
  ClusterTools,
  PostgresEndpoint,
  TEMPORAL_SERVER_VERSION,
  TemporalServerPorts,
  TemporalCertificates,
  allocateTemporalPorts,
  clusterTools,
  issueTemporalCertificates,
  temporalClientTlsEnv,
  registerNamespace,
  setupTemporalSchema,
  temporalServerProcess,
  temporalUiProcess,
} from './temporal-cluster';

export interface ClusterOptions {
  settings: ClusterSettings;
  /** Logs, and PostgreSQL's data unless postgresDataDir says otherwise. */
  dataDir: string;
  /** Embedded PostgreSQL's data (as root: somewhere the postgres user can reach, see embeddedPostgresDataDir). */
  postgresDataDir?: string;
  /** Where worker and API output goes: the launcher's console, or files under dataDir/logs. */
  appOutput: 'console' | 'files';
  /** Start the Temporal UI (the tests do without). */
  ui: boolean;
  log: (message: string) => void;
  /** Extra environment for the workers (e.g. tuning knobs in the benchmark). */
  workerEnv?: Record<string, string>;
  /** Extra node flags for the workers and API replicas (e.g. the benchmark's profiler preload). */
  nodeArgs?: string[];
  /** Run the trace collector when it is installed (default true; the benchmark measures untraced). */
  tracing?: boolean;
}

export interface RunningCluster {
  /** What the API and the workers connect as: the least-privilege runtime role. */
  databaseUrl: string;
  /** The owner of the schema (migrations), and Temporal's user. */
  ownerDatabaseUrl: string;
  temporalAddress: string;
  temporalPorts: TemporalServerPorts;
  apiUrl: string;
  uiUrl: string | null;
  metricsUrl: string;
  /** The collector's output (OTLP-JSON, a batch a line), when the cluster runs its own collector. */
  tracesFile: string | null;
  postgres: SupervisedProcess | null;
  temporal: SupervisedProcess;
  ui: SupervisedProcess | null;
  workers: SupervisedProcess[];
  apis: SupervisedProcess[];
  /** SeaweedFS's S3 server holding the materials, when the cluster runs one (null: a directory or an outside S3). */
  objectStore: SupervisedProcess | null;
  /** Each API replica's own URL (behind the proxy). */
  apiReplicaUrls: string[];
  proxy: RoundRobinProxy;
  /** The environment every worker and API replica gets (what compose's x-app-env sets). */
  appEnv: Record<string, string>;
  /** Where the Temporal UI decodes payloads (the API's codec behind the proxy), when it does. */
  uiCodecEndpoint: string | null;
  /** The frontend requires mTLS: the CA, the server's and the clients' certificates (in dataDir/temporal-tls). */
  temporalCerts: TemporalCertificates;
  stop(): Promise<void>;
}

function postgresEndpoint(databaseUrl: string): PostgresEndpoint {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/** Embedded PostgreSQL (libs/infra/postgres-process.mjs) as a supervised process. */
export function embeddedPostgresProcess(options: {
  dataDir: string;
  port: number;
  user: string;
  password: string;
  maxConnections: number;
  output: ProcessOutput;
  log: (m: string) => void;
}): SupervisedProcess {
  return new SupervisedProcess({
    name: 'postgres',
    command: process.execPath,
    args: [
      join(PROJECT_ROOT, 'libs', 'infra', 'postgres-process.mjs'),
      options.dataDir,
      String(options.port),
      'true',
      ...(reachablePostgresBinaries() ? [reachablePostgresBinaries()!] : []),
    ],
    env: {
      ...process.env,
      PG_SUPERUSER: options.user,
      PG_PASSWORD: options.password,
      PG_MAX_CONNECTIONS: String(options.maxConnections),
    },
    output: options.output,
    stopGraceMs: 30_000,
    log: options.log,
    ready: (pg) => pg.waitForLine(/^READY /, 120_000),
  });
}

export async function startCluster(options: ClusterOptions): Promise<RunningCluster> {
  const { settings, log } = options;
  const tools: ClusterTools = clusterTools();
  const logsDir = join(options.dataDir, 'logs');
  const fileOutput = (name: string): ProcessOutput => ({ kind: 'file', path: join(logsDir, `${name}.log`) });
  const appOutput = (name: string): ProcessOutput =>
    options.appOutput === 'console' ? { kind: 'prefixed' } : fileOutput(name);
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const item of started.reverse()) await item.stop().catch(() => undefined);
    started.length = 0;
  };

  try {
    // PostgreSQL
    let postgres: SupervisedProcess | null = null;
    let adminUrl: string;
    if (settings.databaseUrl) {
      adminUrl = settings.databaseUrl;
    } else {
      const port = await preferredPort(settings.embeddedPostgresPort);
      const pgDataDir = options.postgresDataDir ?? join(options.dataDir, 'postgres');
      log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${pgDataDir})`);
      postgres = embeddedPostgresProcess({
        dataDir: pgDataDir,
        port,
        user: settings.postgresUser,
        password: settings.postgresPassword,
        maxConnections: settings.postgresMaxConnections,
        output: fileOutput('postgres'),
        log,
      });
      started.push(postgres);
      mkdirSync(dirname(pgDataDir), { recursive: true });
      await postgres.start();
      adminUrl = `postgres://${encodeURIComponent(settings.postgresUser)}:${encodeURIComponent(settings.postgresPassword)}@127.0.0.1:${port}/${settings.appDatabase}`;
    }
    const pg = postgresEndpoint(adminUrl);
    const appDatabase = settings.databaseUrl
      ? new URL(settings.databaseUrl).pathname.slice(1) || settings.appDatabase
      : settings.appDatabase;
    const databases = { temporal: 'temporal', visibility: 'temporal_visibility', app: appDatabase };

    // temporal-schema (one-shot)
    log(
      `setting up the Temporal schema (temporal-sql-tool) in databases ${databases.temporal} and ${databases.visibility} on ${pg.host}:${pg.port}`,
    );
    await setupTemporalSchema(pg, databases, tools);

    // temporal-certs (one-shot): the frontend accepts only clients holding the client certificate
    const temporalCerts = await issueTemporalCertificates(join(options.dataDir, 'temporal-tls'));
    log(`the Temporal frontend requires mTLS; certificates in ${temporalCerts.dir}`);

    // temporal
    const temporalPorts = await allocateTemporalPorts(await preferredPort(settings.temporalPublishPort));
    const temporalAddress = `127.0.0.1:${temporalPorts.frontend}`;
    log(
      `starting the Temporal server ${TEMPORAL_SERVER_VERSION} on ${temporalAddress} (PostgreSQL persistence, ${settings.numHistoryShards} history shards; log in ${join(logsDir, 'temporal.log')})`,
    );
    const temporal = temporalServerProcess({
      pg,
      databases,
      ports: temporalPorts,
      numHistoryShards: settings.numHistoryShards,
      sqlMaxConns: settings.temporalSqlMaxConns,
      logLevel: settings.temporalLogLevel,
      dynamicConfigFile: join(PROJECT_ROOT, 'deploy', 'temporal', 'dynamicconfig', 'docker.yaml'),
      certs: temporalCerts,
      output: fileOutput('temporal'),
      tools,
      log,
    });
    started.push(temporal);
    await temporal.start();

    // temporal-namespace (one-shot)
    await registerNamespace({
      address: temporalAddress,
      namespace: settings.temporalNamespace,
      retention: settings.temporalNamespaceRetention,
      searchAttributes: settings.temporalSearchAttributes,
      certs: temporalCerts,
      tools,
    });
    log(`namespace ${settings.temporalNamespace} is registered`);

    // temporal-ui
    let ui: SupervisedProcess | null = null;
    let uiUrl: string | null = settings.temporalUiUrl;
    // The one port in front of the API replicas, chosen now: the UI's codec endpoint points at it.
    const proxyPort = await preferredPort(settings.apiPublish.port);
    const proxyHost = settings.apiPublish.host === '0.0.0.0' ? '127.0.0.1' : settings.apiPublish.host;
    // The UI decodes histories through the API's codec as this auditor (as npm start's UI does);
    // only when that user exists: the demo seed, or TEMPORAL_UI_CODEC_USER naming a real auditor.
    const uiCodecUser = process.env.TEMPORAL_UI_CODEC_USER ?? (settings.seedDemo ? 'p-auditor' : null);
    const uiCodec =
      options.ui && uiCodecUser ? { token: randomBytes(24).toString('base64url'), userId: uiCodecUser } : null;
    if (options.ui) {
      const uiPort = await preferredPort(settings.temporalUiPublish.port);
      ui = temporalUiProcess({
        temporalAddress,
        host: settings.temporalUiPublish.host,
        port: uiPort,
        namespace: settings.temporalNamespace,
        codecEndpoint: uiCodec ? `http://${proxyHost}:${proxyPort}/codec/ui/${uiCodec.token}` : null,
        certs: temporalCerts,
        output: fileOutput('temporal-ui'),
        tools,
        log,
      });
      started.push(ui);
      await ui.start();
      uiUrl ??= `http://${settings.temporalUiPublish.host === '0.0.0.0' ? '127.0.0.1' : settings.temporalUiPublish.host}:${uiPort}`;
    }

    // migrate (one-shot), as the owner; the API and the workers connect as the runtime role
    const ownerDatabaseUrl = settings.databaseUrl ?? adminUrl;
    const runtimeRole = { role: DEFAULT_RUNTIME_ROLE, password: settings.runtimePassword };
    const applied = await migrateDatabase(ownerDatabaseUrl, { seedDemo: settings.seedDemo, runtimeRole });
    log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'read-model schema is up to date');
    const databaseUrl = runtimeUrl(ownerDatabaseUrl, runtimeRole.role, runtimeRole.password);

    // SeaweedFS's S3 gateway for materials, when installed and no S3 is configured (else the
    // replicas would each keep files in a directory of their own, which only works on one machine).
    let objectStoreEnv: Record<string, string> = {};
    let objectStore: SupervisedProcess | null = null;
    if (!process.env.S3_BUCKET && weedBinary()) {
      const s3 = await prepareSeaweedS3(join(options.dataDir, 'seaweedfs'));
      const seaweed = new SupervisedProcess({
        name: 'seaweedfs',
        command: s3.command,
        args: s3.args,
        env: { ...process.env },
        output: fileOutput('seaweedfs'),
        stopGraceMs: 10_000,
        log,
        ready: () => seaweedReady(s3),
      });
      started.push(seaweed);
      await seaweed.start();
      objectStore = seaweed;
      log(`SeaweedFS S3 gateway on ${s3.endpoint} (bucket ${s3.bucket})`);
      objectStoreEnv = s3.env;
    } else if (!process.env.S3_BUCKET) {
      log('SeaweedFS (weed) is not installed: materials go to a directory (OBJECT_STORE_DIR or .data/objects)');
    }

    // The trace collector, when installed and no other is named (compose's jaeger service): the
    // API and the workers export to it, and it writes the spans to a file in the cluster's data.
    let tracingEnv: Record<string, string> = {};
    let tracesFile: string | null = null;
    if (options.tracing !== false && !process.env.OTEL_EXPORTER_OTLP_ENDPOINT && otelCollectorBinary()) {
      const otel = await prepareOtelCollector(options.dataDir);
      const collector = new SupervisedProcess({
        name: 'otelcol',
        command: otel.command,
        args: otel.args,
        env: { ...process.env },
        output: fileOutput('otelcol'),
        stopGraceMs: 10_000,
        log,
        ready: () => otelCollectorReady(otel),
      });
      started.push(collector);
      await collector.start();
      log(`OpenTelemetry Collector on ${otel.endpoint} (spans in ${otel.tracesFile})`);
      tracingEnv = otel.env;
      tracesFile = otel.tracesFile;
    }

    // x-app-env (the rest of the application's variables come from this process's environment)
    const appEnv: Record<string, string> = {
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_NAMESPACE: settings.temporalNamespace,
      TEMPORAL_TASK_QUEUE: settings.taskQueue,
      ...temporalClientTlsEnv(temporalCerts),
      API_HOST: '127.0.0.1',
      TEMPORAL_UI_URL: uiUrl ?? 'http://localhost:8233',
      // The replicas sit behind the proxy below: the client address is its X-Forwarded-For.
      TRUST_PROXY: process.env.TRUST_PROXY ?? '1',
      // Every worker and replica seals and opens payloads with the same keys (kept with the cluster's data).
      PAYLOAD_CODEC_KEYS: payloadCodecKeys(join(options.dataDir, 'payload-codec.keys'), log),
      // Generated with the cluster's data, never the published development values.
      TOKEN_SIGNING_KEY: localSecret(
        'TOKEN_SIGNING_KEY',
        join(options.dataDir, 'token-signing.key'),
        'token-signing key',
        log,
      ),
      QUERY_CODE_SECRET: localSecret(
        'QUERY_CODE_SECRET',
        join(options.dataDir, 'query-code.secret'),
        'query-code secret',
        log,
      ),
      ...(uiCodec ? { TEMPORAL_UI_CODEC_TOKEN: uiCodec.token, TEMPORAL_UI_CODEC_USER: uiCodec.userId } : {}),
      ...objectStoreEnv,
      ...tracingEnv,
    };

    // worker × N, api × N
    // Each worker serves its Temporal SDK metrics on a port of its own (compose: one per container).
    const workerMetricsPorts: number[] = [];
    for (let i = 0; i < settings.workerReplicas; i++) workerMetricsPorts.push(await freePort());
    const workers = workerMetricsPorts.map((metricsPort, i) =>
      nodeAppProcess(
        `worker-${i + 1}`,
        'apps/worker/src/main.js',
        { ...appEnv, WORKER_METRICS_PORT: String(metricsPort), ...options.workerEnv, PROFILE_NAME: `worker-${i + 1}` },
        appOutput(`worker-${i + 1}`),
        log,
        (w) => w.waitForLine(/polling task queue/, 180_000),
        options.nodeArgs,
      ),
    );
    const apiPorts: number[] = [];
    for (let i = 0; i < settings.apiReplicas; i++) apiPorts.push(await freePort());
    const apis = apiPorts.map((port, i) =>
      nodeAppProcess(
        `api-${i + 1}`,
        'apps/api/src/main.js',
        { ...appEnv, API_PORT: String(port), PROFILE_NAME: `api-${i + 1}` },
        appOutput(`api-${i + 1}`),
        log,
        (api) => waitUntilReady(`http://127.0.0.1:${port}/health/ready`, { timeoutMs: 120_000, process: api }),
        options.nodeArgs,
      ),
    );
    log(`starting ${workers.length} worker(s) and ${apis.length} API replica(s)`);
    started.push(...workers, ...apis);
    await Promise.all([...workers, ...apis].map((p) => p.start()));

    // api-lb
    const proxy = await startRoundRobinProxy({
      host: settings.apiPublish.host,
      port: proxyPort,
      upstreams: apis.map((api, i) => ({ name: api.name, host: '127.0.0.1', port: apiPorts[i] })),
    });
    started.push({ stop: () => proxy.close() });
    if (!(await waitForTcp('127.0.0.1', proxy.port, 5000)))
      throw new Error(`the proxy did not open port ${proxy.port}`);

    return {
      databaseUrl,
      ownerDatabaseUrl,
      temporalAddress,
      temporalPorts,
      apiUrl: proxy.url,
      uiUrl,
      metricsUrl: `http://127.0.0.1:${temporalPorts.metrics}/metrics`,
      tracesFile,
      postgres,
      temporal,
      ui,
      workers,
      apis,
      objectStore,
      apiReplicaUrls: apiPorts.map((port) => `http://127.0.0.1:${port}`),
      proxy,
      appEnv,
      uiCodecEndpoint: uiCodec ? `http://${proxyHost}:${proxyPort}/codec/ui/${uiCodec.token}` : null,
      temporalCerts,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
