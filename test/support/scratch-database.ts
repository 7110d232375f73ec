/**
 * A database of a test file's own on the run's PostgreSQL, migrated like the real one: for tests
 * that tamper with tables the rest of the suite relies on (the audit trail) or need them empty.
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDatabaseIfMissing } from '../../libs/infra/local-servers';
import { createDataSource } from '../../libs/persistence/data-source';
import { migrateDatabase } from '../../libs/persistence/migrate';

export interface ScratchDatabase {
  url: string;
  dataSource: DataSource;
  /** The database owner (superuser in tests): can disable the append-only triggers, as an insider could. */
  owner: Client;
  drop(): Promise<void>;
}

export async function createScratchDatabase(
  prefix: string,
  options: { seedDemo?: boolean } = {},
): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  // The owner (global-setup's DATABASE_OWNER_URL) creates databases; the runtime role cannot.
  const ownerUrl = process.env.DATABASE_OWNER_URL ?? process.env.DATABASE_URL!;
  const admin = new URL(ownerUrl);
  admin.pathname = '/postgres';
  await createDatabaseIfMissing(admin.toString(), name);
  const url = new URL(ownerUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString(), { seedDemo: options.seedDemo ?? false });
  const dataSource = createDataSource(url.toString());
  await dataSource.initialize();
  const owner = new Client({ connectionString: url.toString() });
  await owner.connect();
  return {
    url: url.toString(),
    dataSource,
    owner,
    drop: async () => {
      await owner.end();
      await dataSource.destroy();
      const client = new Client({ connectionString: admin.toString() });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
