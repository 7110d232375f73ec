/**
 * `npm start`: the whole service on one machine with embedded defaults. Starts PostgreSQL
 * (embedded, data in .data/postgres) unless DATABASE_URL is set, the Temporal dev server (SQLite in
 * .data/temporal.sqlite, Web UI on) unless TEMPORAL_ADDRESS is set, applies migrations and the demo
 * seed, then runs the worker and the API as supervised child processes: one that crashes is
 * started again with backoff (1 s, doubling to 30 s) and the launcher says so. Once they are up it
 * starts a few demo cases through the API (./demo-cases.ts; a later start finds them) and prints
 * the console's address, the main demo sign-ins and the demo petitioner's 查询码. Ctrl-C stops
 * everything it started; a second start keeps the data.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { LOCAL_ENDPOINTS_FILE, LOCAL_PAYLOAD_KEYS_FILE, LOCAL_SECRET_FILES, OPTIONAL_ENV } from '@/libs/config/config';
import { migrateDatabase } from '@/libs/persistence/migrate';
import {
  announcedPort,
  localSecret,
  nodeAppProcess,
  payloadCodecKeys,
  preferredPort,
  printBanner,
  waitUntilReady,
} from '@/libs/infra/launcher-common';
import {
  PROJECT_ROOT,
  embeddedPostgresDataDir,
  startEmbeddedPostgres,
  startTemporalDevServer,
} from '@/libs/infra/local-servers';
import { DEFAULT_RUNTIME_ROLE, runtimeUrl } from '@/libs/persistence/runtime-role';
import { consoleBannerLines, startDemoCases, type DemoCase } from './demo-cases';
import { examineStores, separationOf } from './store-agreement';

/** The embedded server listens on 127.0.0.1 only; its runtime role's password is a fixed development value. */
const EMBEDDED_RUNTIME_PASSWORD = 'petitions-runtime-dev';

const DATA = join(PROJECT_ROOT, '.data');
const RESET_HINT = 'stop npm start, then run `npm start -- --reset` (deletes all local data: cases, histories, keys)';

function log(message: string): void {
  console.log(`[start] ${message}`);
}

/**
 * `npm start -- --reset`: all local data goes together: .data/ and, where PostgreSQL keeps its data
 * outside it (as root), that folder too. Refused while a start is running on them.
 */
async function resetLocalData(): Promise<void> {
  const endpoints = join(PROJECT_ROOT, LOCAL_ENDPOINTS_FILE);
  if (existsSync(endpoints)) {
    const { apiUrl } = JSON.parse(readFileSync(endpoints, 'utf8')) as { apiUrl?: string };
    const running = apiUrl
      ? await fetch(`${apiUrl}/health`).then(
          (r) => r.ok,
          () => false,
        )
      : false;
    if (running) throw new Error(`a start is running at ${apiUrl}: stop it (Ctrl-C) before --reset`);
  }
  for (const dir of new Set([embeddedPostgresDataDir('postgres'), DATA])) {
    rmSync(dir, { recursive: true, force: true });
    log(`--reset: deleted ${dir}`);
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--reset')) await resetLocalData();
  const started: { stop(): Promise<void> }[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    for (const item of started.reverse()) await item.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));
  // A closed terminal: the servers go with it rather than run on unowned.
  process.on('SIGHUP', () => void stopAll(0));

  try {
    const payloadKeys = payloadCodecKeys(join(PROJECT_ROOT, LOCAL_PAYLOAD_KEYS_FILE), log);
    // Never the published development values: a token signed with one, or a 查询码 computed from one, would be accepted.
    const tokenSigningKey = localSecret(
      'TOKEN_SIGNING_KEY',
      join(PROJECT_ROOT, LOCAL_SECRET_FILES.TOKEN_SIGNING_KEY),
      'token-signing key',
      log,
    );
    const queryCodeSecret = localSecret(
      'QUERY_CODE_SECRET',
      join(PROJECT_ROOT, LOCAL_SECRET_FILES.QUERY_CODE_SECRET),
      'query-code secret (the 查询码 handed out derive from it)',
      log,
    );
    // Migrations run as the owner (DATABASE_URL); the API and the worker as the runtime role.
    let databaseUrl = process.env.DATABASE_URL;
    let runtimeDatabaseUrl = process.env.DATABASE_RUNTIME_URL ?? databaseUrl;
    let runtimeRole = process.env.DATABASE_RUNTIME_URL
      ? {
          role: decodeURIComponent(new URL(process.env.DATABASE_RUNTIME_URL).username),
          password: decodeURIComponent(new URL(process.env.DATABASE_RUNTIME_URL).password),
        }
      : null;
    if (!databaseUrl) {
      const port = await preferredPort(Number(process.env.PETITIONS_PG_PORT ?? 55432));
      const dataDir = embeddedPostgresDataDir('postgres');
      log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in ${dataDir})`);
      const pg = await startEmbeddedPostgres({ dataDir, port, persistent: true, database: 'petitions' });
      started.push(pg);
      databaseUrl = pg.address;
      runtimeRole = { role: DEFAULT_RUNTIME_ROLE, password: EMBEDDED_RUNTIME_PASSWORD };
      runtimeDatabaseUrl = runtimeUrl(databaseUrl, runtimeRole.role, runtimeRole.password);
    } else if (!runtimeRole) {
      log(
        'DATABASE_URL without DATABASE_RUNTIME_URL: the API and the worker connect as the owner (set DATABASE_RUNTIME_URL for least privilege)',
      );
    }
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let temporalUiUrl = process.env.TEMPORAL_UI_URL ?? OPTIONAL_ENV.TEMPORAL_UI_URL;
    const apiPort = await announcedPort(Number(process.env.API_PORT ?? 3000), 'the API', log);
    // The UI this launcher starts decodes histories through the API's codec endpoint, as the demo auditor.
    const uiCodec = {
      token: randomBytes(24).toString('base64url'),
      userId: process.env.TEMPORAL_UI_CODEC_USER ?? 'p-auditor',
    };
    if (!temporalAddress) {
      const port = await preferredPort(7233);
      const uiPort = await preferredPort(8233);
      log(
        `starting the Temporal dev server on 127.0.0.1:${port} (history in .data/temporal.sqlite, Web UI on ${uiPort})`,
      );
      const temporal = await startTemporalDevServer({
        port,
        uiPort,
        uiCodecEndpoint: `http://127.0.0.1:${apiPort}/codec/ui/${uiCodec.token}`,
        dbFile: join(DATA, 'temporal.sqlite'),
        namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
      });
      started.push(temporal);
      temporalAddress = temporal.address;
      temporalUiUrl = temporal.uiUrl!;
    }
    const applied = await migrateDatabase(databaseUrl, { seedDemo: true, runtimeRole });
    log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
    const stores = await examineStores(databaseUrl, temporalAddress, process.env.TEMPORAL_NAMESPACE ?? 'default');
    const separation = separationOf(stores, RESET_HINT);
    if (separation) throw new Error(separation);
    for (const i of stores.inconsistencies)
      log(`warning: case ${i.caseNumber ?? i.petitionId} disagrees between the stores (${i.kind}): ${i.remedy}`);

    // The worker's Prometheus endpoint: 9464, or a free port when another start holds it.
    const workerMetricsPort = await preferredPort(Number(process.env.WORKER_METRICS_PORT ?? 9464));
    const env = {
      ...process.env,
      WORKER_METRICS_PORT: String(workerMetricsPort),
      DATABASE_URL: runtimeDatabaseUrl,
      TEMPORAL_ADDRESS: temporalAddress,
      TEMPORAL_UI_URL: temporalUiUrl,
      API_PORT: String(apiPort),
      API_HOST: process.env.API_HOST ?? '127.0.0.1',
      PAYLOAD_CODEC_KEYS: payloadKeys,
      TOKEN_SIGNING_KEY: tokenSigningKey,
      QUERY_CODE_SECRET: queryCodeSecret,
      TEMPORAL_UI_CODEC_TOKEN: uiCodec.token,
      TEMPORAL_UI_CODEC_USER: uiCodec.userId,
    };
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    const children = [
      nodeAppProcess('worker', 'apps/worker/src/main.js', env, { kind: 'prefixed' }, log, (worker) =>
        worker.waitForLine(/polling task queue/, 180_000),
      ),
      nodeAppProcess('api', 'apps/api/src/main.js', env, { kind: 'prefixed' }, log, (api) =>
        waitUntilReady(`${apiUrl}/health/ready`, { process: api }),
      ),
    ];
    started.push(...children);
    await Promise.all(children.map((child) => child.start()));
    // For tools run by hand meanwhile (npm run audit): where this start put its servers.
    writeFileSync(
      join(PROJECT_ROOT, LOCAL_ENDPOINTS_FILE),
      JSON.stringify({ databaseUrl: runtimeDatabaseUrl, temporalAddress, temporalUiUrl, apiUrl }, null, 2),
      { mode: 0o600 },
    );
    // A few demo cases at different steps (started once; a later start finds them), so the console has something to show.
    let demoCases: DemoCase[] | null = null;
    try {
      demoCases = await startDemoCases(apiUrl, { log });
    } catch (error) {
      log(`the demo cases could not be started (the service runs without them): ${(error as Error).message}`);
    }
    printBanner({
      title: 'Petition service is running.',
      apiUrl,
      temporalUiUrl: `${temporalUiUrl}  (payloads decoded through the API's /codec as the demo auditor)`,
      lines: [
        `Metrics       ${apiUrl}/metrics (API), http://127.0.0.1:${workerMetricsPort}/metrics (worker, Temporal SDK)`,
        ...consoleBannerLines(apiUrl, demoCases),
      ],
      demoUsers: true,
      footer: `A worker or API that crashes is restarted. Ctrl-C (or SIGTERM/SIGHUP) stops everything; data stays for the next start (${localDataFolders()}); \`npm start -- --reset\` clears it.`,
    });
  } catch (error) {
    console.error(`[start] ${(error as Error).message}`);
    await stopAll(1);
  }
}

function localDataFolders(): string {
  const postgres = embeddedPostgresDataDir('postgres');
  return postgres.startsWith(DATA) || process.env.DATABASE_URL ? '.data/' : `.data/ and ${postgres}`;
}

void main();
