/**
 * Starts the real servers the integration, end-to-end and workflow tests share: an embedded
 * PostgreSQL (throw-away data) and a Temporal dev server (in memory), both on free ports so the
 * suite runs beside a running `npm start`. DATABASE_URL, if set, is used instead of the embedded
 * PostgreSQL (a fresh database is created in it).
 */
import { join } from 'node:path';
import { migrateDatabase } from '../../libs/persistence/migrate';
import { PROJECT_ROOT, RunningServer, createDatabaseIfMissing, freePort, startEmbeddedPostgres, startTemporalDevServer } from '../../libs/infra/local-servers';

declare global {
  // eslint-disable-next-line no-var
  var __petitionTestServers: RunningServer[] | undefined;
}

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
      dataDir: join(PROJECT_ROOT, '.data', `test-pg-${process.pid}`),
      port: await freePort(),
      persistent: false,
      database,
    });
    started.push(pg);
    databaseUrl = pg.address;
  }
  await migrateDatabase(databaseUrl, { seedDemo: true });
  const temporal = await startTemporalDevServer({ port: await freePort(), namespace: 'default' });
  started.push(temporal);
  process.env.DATABASE_URL = databaseUrl;
  process.env.TEMPORAL_ADDRESS = temporal.address;
  process.env.TEMPORAL_NAMESPACE = 'default';
}
