/**
 * The production Temporal server natively, as docker-compose.yml runs it: the schema set up by
 * deploy/temporal/setup-schema.sh with temporal-sql-tool, the server (all four roles in one
 * process) configured by the image's own template config/docker.yaml from the same environment
 * variables the compose service sets, the namespace registered by deploy/temporal/create-namespace.sh,
 * and the Temporal UI server of the temporalio/ui image. The binaries and files come from
 * scripts/install.sh (under .tools/).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT, TOOLS_BIN, freePort, isPortFree, waitForTcp } from './local-servers';
import { ProcessOutput, SupervisedProcess } from './supervised-process';

const run = promisify(execFile);

/** The versions docker-compose.yml pins (temporalio/server, admin-tools, ui images). */
export const TEMPORAL_SERVER_VERSION = 'v1.29.1';
export const TEMPORAL_UI_VERSION = 'v2.42.1';

export interface ClusterTools {
  server: string;
  sqlTool: string;
  uiServer: string;
  /** Holds config/docker.yaml, the server's config template. */
  serverRoot: string;
  /** schema/postgresql/v12 of the server module: {temporal,visibility}/versioned. */
  schemaRoot: string;
  /** Holds config/docker.yaml, the UI server's config template. */
  uiRoot: string;
  temporalCli: string;
}

export function clusterTools(): ClusterTools {
  const tools = join(PROJECT_ROOT, '.tools');
  const serverRoot = join(tools, `temporal-server-${TEMPORAL_SERVER_VERSION}`);
  const uiRoot = join(tools, `temporal-ui-server-${TEMPORAL_UI_VERSION}`);
  const found: ClusterTools = {
    server: join(TOOLS_BIN, 'temporal-server'),
    sqlTool: join(TOOLS_BIN, 'temporal-sql-tool'),
    uiServer: join(TOOLS_BIN, 'temporal-ui-server'),
    serverRoot,
    schemaRoot: join(serverRoot, 'schema', 'postgresql', 'v12'),
    uiRoot,
    temporalCli: join(TOOLS_BIN, 'temporal'),
  };
  const missing = [
    found.server,
    found.sqlTool,
    found.uiServer,
    join(serverRoot, 'config', 'docker.yaml'),
    found.schemaRoot,
    join(uiRoot, 'config', 'docker.yaml'),
    found.temporalCli,
  ].filter((path) => !existsSync(path));
  if (missing.length > 0)
    throw new Error(
      `the Temporal cluster tools are not installed (${missing.join(', ')}): run "npm run setup" (scripts/install.sh)`,
    );
  return found;
}

/**
 * A free port below 32768: Temporal stores membership ports in a smallint column, so the
 * operating system's ephemeral ports (32768 and up) cannot be used for them.
 */
export async function freeMembershipPort(preferred: number, taken: Set<number>): Promise<number> {
  if (!taken.has(preferred) && (await isPortFree(preferred))) return (taken.add(preferred), preferred);
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 12000);
    if (!taken.has(port) && (await isPortFree(port))) return (taken.add(port), port);
  }
  throw new Error('no free port below 32768 for Temporal membership');
}

export interface PostgresEndpoint {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface TemporalDatabases {
  temporal: string;
  visibility: string;
  /** The application's read model: created empty here, filled by the migrations. */
  app: string;
}

/** deploy/temporal/setup-schema.sh (what the compose service temporal-schema runs), natively. */
export async function setupTemporalSchema(
  pg: PostgresEndpoint,
  databases: TemporalDatabases,
  tools: ClusterTools,
): Promise<string> {
  try {
    const { stdout } = await run('sh', [join(PROJECT_ROOT, 'deploy', 'temporal', 'setup-schema.sh')], {
      env: {
        PATH: `${TOOLS_BIN}:${process.env.PATH}`,
        SQL_PLUGIN: 'postgres12',
        SQL_HOST: pg.host,
        SQL_PORT: String(pg.port),
        SQL_USER: pg.user,
        SQL_PASSWORD: pg.password,
        TEMPORAL_DB: databases.temporal,
        TEMPORAL_VISIBILITY_DB: databases.visibility,
        APP_DB: databases.app,
        SCHEMA_ROOT: tools.schemaRoot,
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `the Temporal schema setup failed on PostgreSQL ${pg.host}:${pg.port}: ${e.message}\n${(e.stderr ?? '').split('\n').slice(-15).join('\n')}`,
      { cause: error },
    );
  }
}

/** The certificate files deploy/temporal/generate-certs.sh issues (the frontend requires mTLS). */
export interface TemporalCertificates {
  dir: string;
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** The name the server's certificate carries; clients check it (they connect to 127.0.0.1). */
  serverName: string;
}

/** deploy/temporal/generate-certs.sh (what the compose service temporal-certs runs), natively: issued once, kept. */
export async function issueTemporalCertificates(dir: string): Promise<TemporalCertificates> {
  try {
    await run('sh', [join(PROJECT_ROOT, 'deploy', 'temporal', 'generate-certs.sh'), dir]);
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`issuing the Temporal certificates (openssl) in ${dir} failed: ${e.message}\n${e.stderr ?? ''}`, {
      cause: error,
    });
  }
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    serverCert: join(dir, 'server.pem'),
    serverKey: join(dir, 'server.key'),
    clientCert: join(dir, 'client.pem'),
    clientKey: join(dir, 'client.key'),
    serverName: 'temporal',
  };
}

/** What a client of the frontend sets (the API, workers, tests; libs/temporal/connection.ts temporalTls reads these). */
export function temporalClientTlsEnv(certs: TemporalCertificates): Record<string, string> {
  return {
    TEMPORAL_TLS_CA: certs.ca,
    TEMPORAL_TLS_CERT: certs.clientCert,
    TEMPORAL_TLS_KEY: certs.clientKey,
    TEMPORAL_TLS_SERVER_NAME: certs.serverName,
  };
}

/** The temporal CLI's flags for the same. */
function cliTlsArgs(certs: TemporalCertificates): string[] {
  return [
    '--tls-ca-path',
    certs.ca,
    '--tls-cert-path',
    certs.clientCert,
    '--tls-key-path',
    certs.clientKey,
    '--tls-server-name',
    certs.serverName,
  ];
}

export interface TemporalServerPorts {
  frontend: number;
  frontendHttp: number;
  history: number;
  matching: number;
  worker: number;
  frontendMembership: number;
  historyMembership: number;
  matchingMembership: number;
  workerMembership: number;
  metrics: number;
}

/** Ports for one server: the frontend where asked (or free), the rest free; kept across restarts. */
export async function allocateTemporalPorts(frontend: number): Promise<TemporalServerPorts> {
  const taken = new Set<number>();
  return {
    frontend,
    frontendHttp: await freePort(),
    history: await freePort(),
    matching: await freePort(),
    worker: await freePort(),
    frontendMembership: await freeMembershipPort(6933, taken),
    historyMembership: await freeMembershipPort(6934, taken),
    matchingMembership: await freeMembershipPort(6935, taken),
    workerMembership: await freeMembershipPort(6939, taken),
    metrics: await freePort(),
  };
}

export interface TemporalServerOptions {
  pg: PostgresEndpoint;
  databases: TemporalDatabases;
  ports: TemporalServerPorts;
  numHistoryShards: number;
  sqlMaxConns: number;
  logLevel: string;
  dynamicConfigFile: string;
  certs: TemporalCertificates;
  output: ProcessOutput;
  tools: ClusterTools;
  log: (message: string) => void;
}

/**
 * The environment the compose service `temporal` sets (DB, POSTGRES_SEEDS, NUM_HISTORY_SHARDS, …),
 * plus what a container gets for free: its own ports and address.
 */
export function temporalServerEnvironment(
  options: Omit<TemporalServerOptions, 'output' | 'tools' | 'log'>,
): Record<string, string> {
  const { pg, ports } = options;
  return {
    DB: 'postgres12',
    DB_PORT: String(pg.port),
    // config/docker.yaml reads the visibility store's port from these, not from DB_PORT.
    VISIBILITY_DB_PORT: String(pg.port),
    POSTGRES_SEEDS: pg.host,
    POSTGRES_USER: pg.user,
    POSTGRES_PWD: pg.password,
    DBNAME: options.databases.temporal,
    VISIBILITY_DBNAME: options.databases.visibility,
    NUM_HISTORY_SHARDS: String(options.numHistoryShards),
    SQL_MAX_CONNS: String(options.sqlMaxConns),
    SQL_MAX_IDLE_CONNS: String(options.sqlMaxConns),
    DYNAMIC_CONFIG_FILE_PATH: options.dynamicConfigFile,
    LOG_LEVEL: options.logLevel,
    BIND_ON_IP: '127.0.0.1',
    TEMPORAL_BROADCAST_ADDRESS: '127.0.0.1',
    FRONTEND_GRPC_PORT: String(ports.frontend),
    FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    HISTORY_GRPC_PORT: String(ports.history),
    HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    MATCHING_GRPC_PORT: String(ports.matching),
    MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    WORKER_GRPC_PORT: String(ports.worker),
    WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
    // Task latencies and persistence timings, for the benchmark.
    PROMETHEUS_ENDPOINT: `127.0.0.1:${ports.metrics}`,
    ...temporalServerTlsEnvironment(options.certs),
  };
}

/**
 * mTLS on the frontend and between the server's roles (what the compose service `temporal` sets):
 * a client without a certificate issued by the deployment's CA cannot open a connection.
 */
export function temporalServerTlsEnvironment(certs: TemporalCertificates): Record<string, string> {
  return {
    TEMPORAL_TLS_REQUIRE_CLIENT_AUTH: 'true',
    TEMPORAL_TLS_SERVER_CA_CERT: certs.ca,
    TEMPORAL_TLS_SERVER_CERT: certs.serverCert,
    TEMPORAL_TLS_SERVER_KEY: certs.serverKey,
    TEMPORAL_TLS_INTERNODE_SERVER_NAME: certs.serverName,
    TEMPORAL_TLS_FRONTEND_CERT: certs.serverCert,
    TEMPORAL_TLS_FRONTEND_KEY: certs.serverKey,
    TEMPORAL_TLS_CLIENT1_CA_CERT: certs.ca,
    TEMPORAL_TLS_CLIENT2_CA_CERT: certs.ca,
    TEMPORAL_TLS_FRONTEND_SERVER_NAME: certs.serverName,
  };
}

export function temporalServerProcess(options: TemporalServerOptions): SupervisedProcess {
  const address = `127.0.0.1:${options.ports.frontend}`;
  return new SupervisedProcess({
    name: 'temporal',
    command: options.tools.server,
    args: ['--root', options.tools.serverRoot, '--config', 'config', '--env', 'docker', '--allow-no-auth', 'start'],
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...temporalServerEnvironment(options) },
    output: options.output,
    stopGraceMs: 30_000,
    log: options.log,
    ready: async (server) => {
      if (!(await waitForTcp('127.0.0.1', options.ports.frontend, 90_000))) {
        throw new Error(`the Temporal server did not open ${address} within 90 s:\n${server.recentOutput()}`);
      }
      await waitForClusterHealth(address, options.tools, options.certs, 90_000);
    },
  });
}

/** `temporal operator cluster health` until it says SERVING (the frontend opens its port earlier). */
async function waitForClusterHealth(
  address: string,
  tools: ClusterTools,
  certs: TemporalCertificates,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const { stdout } = await run(
        tools.temporalCli,
        ['operator', 'cluster', 'health', '--address', address, ...cliTlsArgs(certs)],
        { timeout: 10_000 },
      );
      if (stdout.includes('SERVING')) return;
      last = stdout;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the Temporal server at ${address} did not report SERVING within ${timeoutMs / 1000} s: ${last}`);
}

/** deploy/temporal/create-namespace.sh (what the compose service temporal-namespace runs), natively. */
export async function registerNamespace(options: {
  address: string;
  namespace: string;
  retention: string;
  searchAttributes: string;
  certs: TemporalCertificates;
  tools: ClusterTools;
}): Promise<string> {
  try {
    const { stdout } = await run('sh', [join(PROJECT_ROOT, 'deploy', 'temporal', 'create-namespace.sh')], {
      env: {
        PATH: `${TOOLS_BIN}:${process.env.PATH}`,
        HOME: process.env.HOME,
        TEMPORAL_ADDRESS: options.address,
        NAMESPACE: options.namespace,
        NAMESPACE_RETENTION: options.retention,
        TEMPORAL_SEARCH_ATTRIBUTES: options.searchAttributes,
        ...temporalClientTlsEnv(options.certs),
      },
    });
    return stdout;
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `registering namespace ${options.namespace} on ${options.address} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`,
      { cause: error },
    );
  }
}

/** The Temporal UI server of the temporalio/ui image, configured by its config/docker.yaml template. */
export function temporalUiProcess(options: {
  temporalAddress: string;
  host: string;
  port: number;
  namespace: string;
  /** The codec server the UI decodes payloads with (called from the browser), or null. */
  codecEndpoint: string | null;
  certs: TemporalCertificates;
  output: ProcessOutput;
  tools: ClusterTools;
  log: (message: string) => void;
}): SupervisedProcess {
  return new SupervisedProcess({
    name: 'temporal-ui',
    command: options.tools.uiServer,
    args: ['--root', options.tools.uiRoot, '--config', 'config', '--env', 'docker', 'start'],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_UI_PORT: String(options.port),
      TEMPORAL_DEFAULT_NAMESPACE: options.namespace,
      TEMPORAL_CORS_ORIGINS: `http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${options.port}`,
      ...(options.codecEndpoint ? { TEMPORAL_CODEC_ENDPOINT: options.codecEndpoint } : {}),
      // The UI server is a client of the frontend like any other: it holds the client certificate.
      TEMPORAL_TLS_CA: options.certs.ca,
      TEMPORAL_TLS_CERT: options.certs.clientCert,
      TEMPORAL_TLS_KEY: options.certs.clientKey,
      TEMPORAL_TLS_SERVER_NAME: options.certs.serverName,
      TEMPORAL_TLS_ENABLE_HOST_VERIFICATION: 'true',
    },
    output: options.output,
    log: options.log,
    ready: async (ui) => {
      if (!(await waitForTcp('127.0.0.1', options.port, 30_000)))
        throw new Error(`the Temporal UI did not open port ${options.port}:\n${ui.recentOutput()}`);
    },
  });
}
