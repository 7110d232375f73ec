/**
 * Starts the real servers the integration, end-to-end and workflow tests share: an embedded
 * PostgreSQL (throw-away data) and a Temporal dev server (in memory), both on free ports so the
 * suite runs beside a running `npm start`. DATABASE_URL, if set, is used instead of the embedded
 * PostgreSQL (a fresh database is created in it).
 */
import { signInDemoUsers } from '../../libs/auth/demo-sign-in';
import { migrateDatabase } from '../../libs/persistence/migrate';
import { generatePayloadKeyEntry } from '../../libs/temporal/payload-codec';
import { TEST_BEARERS_ENV } from './auth';
import {
  RunningServer,
  createDatabaseIfMissing,
  embeddedPostgresDataDir,
  freePort,
  startEmbeddedPostgres,
  startTemporalDevServer,
} from '../../libs/infra/local-servers';
import { DEFAULT_RUNTIME_ROLE, runtimeUrl } from '../../libs/persistence/runtime-role';

declare global {
  var __petitionTestServers: RunningServer[] | undefined;
}

const TEST_RUNTIME_PASSWORD = 'petitions-runtime-test';

export default async function globalSetup(): Promise<void> {
  const started: RunningServer[] = [];
  globalThis.__petitionTestServers = started;
  const database = `petitions_test_${process.pid}`;
  let databaseUrl: string;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${database}`;
    const admin = new URL(process.env.DATABASE_URL);
    admin.pathname = '/postgres';
    await createDatabaseIfMissing(admin.toString(), database);
    databaseUrl = url.toString();
  } else {
    const pg = await startEmbeddedPostgres({
      dataDir: embeddedPostgresDataDir(`test-pg-${process.pid}`),
      port: await freePort(),
      persistent: false,
      database,
    });
    started.push(pg);
    databaseUrl = pg.address;
  }
  // Migrations run as the owner; the API, the worker and the tests connect as the runtime role,
  // so a missing grant fails the suite. DATABASE_OWNER_URL is for tests of the owner-level defences.
  await migrateDatabase(databaseUrl, {
    seedDemo: true,
    runtimeRole: { role: DEFAULT_RUNTIME_ROLE, password: TEST_RUNTIME_PASSWORD },
  });
  process.env.DATABASE_OWNER_URL = databaseUrl;
  databaseUrl = runtimeUrl(databaseUrl, DEFAULT_RUNTIME_ROLE, TEST_RUNTIME_PASSWORD);
  const temporal = await startTemporalDevServer({ port: await freePort(), namespace: 'default' });
  started.push(temporal);
  process.env.DATABASE_URL = databaseUrl;
  process.env.TEMPORAL_ADDRESS = temporal.address;
  process.env.TEMPORAL_NAMESPACE = 'default';
  // A throw-away payload key per run, plus an older one that stays readable (keys rotate).
  process.env.PAYLOAD_CODEC_KEYS ??= `${generatePayloadKeyEntry()},${generatePayloadKeyEntry(new Date('2025-01-01'))}`;
  process.env[TEST_BEARERS_ENV] = JSON.stringify(await signInDemoUsers(process.env, process.env.DATABASE_URL!));
}
