/**
 * Brings a database to the current schema, then (with SEED_DEMO=true) adds the demo units and
 * users, then gives the runtime role (which the API and the worker connect as) its grants on every
 * table. Run by `npm start` before the API and worker, and by docker-compose's `migrate` service,
 * connected as the owner of the schema.
 *
 * Environment of `npm run migrate`: DATABASE_URL (the owner), DATABASE_RUNTIME_ROLE (default
 * petitions_runtime), DATABASE_RUNTIME_PASSWORD (creates the role or sets its password; without
 * it the role must exist already), SEED_DEMO.
 */
import { createDataSource } from './data-source';
import { seedDemo } from './demo-seed';
import { DEFAULT_RUNTIME_ROLE, RuntimeRoleOptions, applyRuntimeRole } from './runtime-role';
import { redactUrl } from '../config/config';

export async function migrateDatabase(
  databaseUrl: string,
  options: { seedDemo: boolean; runtimeRole?: RuntimeRoleOptions | null },
): Promise<string[]> {
  const dataSource = createDataSource(databaseUrl);
  try {
    await dataSource.initialize();
  } catch (error) {
    throw new Error(`PostgreSQL is not reachable at ${redactUrl(databaseUrl)}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (options.seedDemo) await seedDemo(dataSource);
    if (options.runtimeRole) await applyRuntimeRole(dataSource, options.runtimeRole);
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
  if (process.env.SEED_DEMO === 'true' && process.env.NODE_ENV === 'production') {
    console.warn(
      "[migrate] SEED_DEMO=true with NODE_ENV=production: the demo users' passwords are published in the README; never on a real deployment",
    );
  }
  const runtimeRole =
    process.env.DATABASE_RUNTIME_ROLE === 'none'
      ? null
      : {
          role: process.env.DATABASE_RUNTIME_ROLE || DEFAULT_RUNTIME_ROLE,
          password: process.env.DATABASE_RUNTIME_PASSWORD || undefined,
        };
  migrateDatabase(url, { seedDemo: process.env.SEED_DEMO === 'true', runtimeRole })
    .then((applied) =>
      console.log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'schema is up to date'),
    )
    .catch((error) => {
      console.error(error.message);
      process.exit(1);
    });
}
