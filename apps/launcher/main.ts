/**
 * `npm start`: the whole service on one machine with embedded defaults. Starts PostgreSQL
 * (embedded, data in .data/postgres) unless DATABASE_URL is set, the Temporal dev server (SQLite in
 * .data/temporal.sqlite, Web UI on) unless TEMPORAL_ADDRESS is set, applies migrations and the demo
 * seed, then runs the worker and the API as child processes. Ctrl-C stops everything it started;
 * a second start keeps the data.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_ENDPOINTS_FILE, LOCAL_PAYLOAD_KEYS_FILE, OPTIONAL_ENV } from '../../libs/config/config';
import { generatePayloadKeyEntry } from '../../libs/temporal/payload-codec';
import { DEMO_USERS, demoPassword } from '../../libs/persistence/demo-seed';
import { migrateDatabase } from '../../libs/persistence/migrate';
import { PROJECT_ROOT, RunningServer, embeddedPostgresDataDir, freePort, isPortFree, startEmbeddedPostgres, startTemporalDevServer } from '../../libs/infra/local-servers';
import { DEFAULT_RUNTIME_ROLE, runtimeUrl } from '../../libs/persistence/runtime-role';

/** The embedded server listens on 127.0.0.1 only; its runtime role's password is a fixed development value. */
const EMBEDDED_RUNTIME_PASSWORD = 'petitions-runtime-dev';

const DATA = join(PROJECT_ROOT, '.data');

async function preferredPort(preferred: number): Promise<number> {
  return (await isPortFree(preferred)) ? preferred : freePort();
}

function log(message: string): void {
  console.log(`[start] ${message}`);
}

async function main(): Promise<void> {
  const started: RunningServer[] = [];
  const children: ChildProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await Promise.all(children.map((child) => new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    })));
    for (const server of started.reverse()) await server.stop().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    const payloadKeys = payloadCodecKeys();
    // Migrations run as the owner (DATABASE_URL); the API and the worker as the runtime role.
    let databaseUrl = process.env.DATABASE_URL;
    let runtimeDatabaseUrl = process.env.DATABASE_RUNTIME_URL ?? databaseUrl;
    let runtimeRole = process.env.DATABASE_RUNTIME_URL ? { role: decodeURIComponent(new URL(process.env.DATABASE_RUNTIME_URL).username), password: decodeURIComponent(new URL(process.env.DATABASE_RUNTIME_URL).password) } : null;
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
      log('DATABASE_URL without DATABASE_RUNTIME_URL: the API and the worker connect as the owner (set DATABASE_RUNTIME_URL for least privilege)');
    }
    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let temporalUiUrl = process.env.TEMPORAL_UI_URL ?? OPTIONAL_ENV.TEMPORAL_UI_URL;
    const apiPort = await preferredPort(Number(process.env.API_PORT ?? 3000));
    // The UI this launcher starts decodes histories through the API's codec endpoint, as the demo auditor.
    const uiCodec = { token: randomBytes(24).toString('base64url'), userId: process.env.TEMPORAL_UI_CODEC_USER ?? 'p-auditor' };
    if (!temporalAddress) {
      const port = await preferredPort(7233);
      const uiPort = await preferredPort(8233);
      log(`starting the Temporal dev server on 127.0.0.1:${port} (history in .data/temporal.sqlite, Web UI on ${uiPort})`);
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
      TEMPORAL_UI_CODEC_TOKEN: uiCodec.token,
      TEMPORAL_UI_CODEC_USER: uiCodec.userId,
    };
    for (const [name, entry] of [['worker', 'apps/worker/src/main.js'], ['api', 'apps/api/src/main.js']] as const) {
      const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', entry)], { env, stdio: 'inherit' });
      child.once('exit', (code) => {
        if (!stopping) {
          log(`${name} exited with code ${code}; stopping the rest`);
          void stopAll(1);
        }
      });
      children.push(child);
    }
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    // For tools run by hand meanwhile (npm run audit): where this start put its servers.
    writeFileSync(join(PROJECT_ROOT, LOCAL_ENDPOINTS_FILE), JSON.stringify({ databaseUrl: runtimeDatabaseUrl, temporalAddress, temporalUiUrl, apiUrl }, null, 2), { mode: 0o600 });
    await waitUntilReady(`${apiUrl}/health/ready`);
    printBanner(apiUrl, temporalUiUrl, workerMetricsPort);
  } catch (error) {
    console.error(`[start] ${(error as Error).message}`);
    await stopAll(1);
  }
}

/**
 * The payload encryption keys: PAYLOAD_CODEC_KEYS if set; otherwise (not in production) the key
 * generated on first start into .data/, kept for every later start (the histories need it).
 */
function payloadCodecKeys(): string {
  if (process.env.PAYLOAD_CODEC_KEYS) return process.env.PAYLOAD_CODEC_KEYS;
  if (process.env.NODE_ENV === 'production') {
    throw new Error('PAYLOAD_CODEC_KEYS is not set: a production start refuses to run without the payload encryption key (README "Configuration")');
  }
  const file = join(PROJECT_ROOT, LOCAL_PAYLOAD_KEYS_FILE);
  if (!existsSync(file)) {
    mkdirSync(DATA, { recursive: true });
    writeFileSync(file, `${generatePayloadKeyEntry()}\n`, { mode: 0o600, flag: 'wx' });
    log(`generated the payload encryption key in ${LOCAL_PAYLOAD_KEYS_FILE} (keep it: the histories in .data/ are encrypted with it)`);
  }
  return readFileSync(file, 'utf8').trim();
}

async function waitUntilReady(url: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = await response.text();
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the API did not become ready at ${url}: ${last}`);
}

function printBanner(apiUrl: string, temporalUiUrl: string, workerMetricsPort: number): void {
  const users = DEMO_USERS.map((u) => `    ${u.role.padEnd(11)} ${u.id.padEnd(13)} password ${u.password}`).join('\n');
  console.log(`
  Petition service is running.
    API           ${apiUrl}
    OpenAPI docs  ${apiUrl}/docs
    Temporal UI   ${temporalUiUrl}  (payloads decoded through the API's /codec as the demo auditor)
    Metrics       ${apiUrl}/metrics (API), http://127.0.0.1:${workerMetricsPort}/metrics (worker, Temporal SDK)

  Demo users (unit tree 省 p-* → 市 c-* → 县 x-*; xfj 信访局, zjj 住建, jw 纪委监委); sign in with POST /auth/login:
${users}

  Try it:
    TOKEN=$(curl -s -X POST ${apiUrl}/auth/login -H 'Content-Type: application/json' \\
      -d '{"userId":"x-registrar","password":"${demoPassword('x-registrar')}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')
    curl -s -X POST ${apiUrl}/petitions -H "Authorization: Bearer $TOKEN" -H 'Idempotency-Key: demo-1' \\
      -H 'Content-Type: application/json' \\
      -d '{"category":"appeal","channel":"visit","receivedAt":"${new Date().toISOString()}","petitionerName":"张某","summary":"物业维修基金使用不透明"}'
    curl -s ${apiUrl}/petitions/<petitionId> -H "Authorization: Bearer $TOKEN"

  Ctrl-C stops everything; the data stays for the next start.
`);
}

void main();
