/**
 * Brings a database to the current schema, then (with SEED_DEMO=true) adds the demo units and
 * users. Run by `npm start` before the API and worker, and by docker-compose's `migrate` service.
 */
import { createDataSource } from './data-source';
import { seedDemo } from './demo-seed';
import { redactUrl } from '../config/config';

export async function migrateDatabase(databaseUrl: string, options: { seedDemo: boolean }): Promise<string[]> {
  const dataSource = createDataSource(databaseUrl);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${redactUrl(databaseUrl)}: ${(error as Error).message}`);
  }
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (options.seedDemo) await seedDemo(dataSource);
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is required');
    process.exit(2);
  }
  migrateDatabase(url, { seedDemo: process.env.SEED_DEMO === 'true' })
    .then((applied) => console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema is up to date'))
    .catch((error) => {
      console.error(error.message);
      process.exit(1);
    });
}
