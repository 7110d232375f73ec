/**
 * `npm run backup -- [--to DIR]` and `npm run restore -- DIR`: the cluster topology's (and
 * compose's) state in one folder: Temporal's two databases, then the read model, then the key
 * files (libs/infra/store-backup.ts says why in that order). They read the compose file's
 * variables, as `npm run start:cluster` does: DATABASE_URL (the owner's URL of the read model's
 * database; Temporal's databases are beside it on the same server) or else the embedded
 * PostgreSQL of `.data/cluster`, which restore starts by itself when the cluster is stopped.
 * Key files are read from and restored to KEYS_DIR (default .data/cluster).
 * docs/operations.md "Backup and restore" walks an operator through both.
 */
import { join, resolve } from 'node:path';
import { Command, CommanderError } from 'commander';
import { Client } from 'pg';
import { redactUrl } from '@/libs/config/config';
import { embeddedPostgresProcess } from '@/libs/infra/cluster';
import { ClusterSettings, clusterSettingsFromEnv } from '@/libs/infra/cluster-settings';
import { PROJECT_ROOT, embeddedPostgresDataDir } from '@/libs/infra/local-servers';
import { RestoreRefused, StoreDatabases, backupStores, readManifest, restoreStores } from '@/libs/infra/store-backup';
import { clusterTools, setupTemporalSchema } from '@/libs/infra/temporal-cluster';
import { migrateDatabase } from '@/libs/persistence/migrate';
import { DEFAULT_RUNTIME_ROLE } from '@/libs/persistence/runtime-role';

const CLUSTER_DATA = join(PROJECT_ROOT, '.data', 'cluster');
const KEY_FILES = ['payload-codec.keys', 'token-signing.key', 'query-code.secret'];

function log(message: string): void {
  console.log(`[backup] ${message}`);
}

function ownerUrl(settings: ClusterSettings): string {
  return (
    settings.databaseUrl ??
    `postgres://${encodeURIComponent(settings.postgresUser)}:${encodeURIComponent(settings.postgresPassword)}@127.0.0.1:${settings.embeddedPostgresPort}/${settings.appDatabase}`
  );
}

function storeDatabases(appUrl: string): StoreDatabases {
  const on = (name: string) => {
    const url = new URL(appUrl);
    url.pathname = `/${name}`;
    return url.toString();
  };
  return {
    temporal: on(process.env.TEMPORAL_DB ?? 'temporal'),
    visibility: on(process.env.TEMPORAL_VISIBILITY_DB ?? 'temporal_visibility'),
    app: appUrl,
  };
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Who else is connected to the databases a restore replaces: they must be stopped first. */
async function otherSessions(databases: StoreDatabases): Promise<string[]> {
  const admin = new Client({ connectionString: databases.app });
  await admin.connect();
  try {
    const names = Object.values(databases).map((u) => new URL(u).pathname.slice(1));
    const { rows } = await admin.query(
      `SELECT datname, coalesce(nullif(application_name, ''), usename) AS who FROM pg_stat_activity
        WHERE datname = ANY($1) AND pid <> pg_backend_pid()`,
      [names],
    );
    return rows.map((r: { datname: string; who: string }) => `${r.who} on ${r.datname}`);
  } finally {
    await admin.end();
  }
}

const program = new Command().name('npm run backup --').exitOverride();

program
  .command('backup', { isDefault: true })
  .description("back up Temporal's databases, then the read model, then the key files, into one folder")
  .option(
    '--to <dir>',
    'the folder (new or empty)',
    join(PROJECT_ROOT, '.data', 'backups', new Date().toISOString().replace(/[:.]/g, '-')),
  )
  .action(async (options: { to: string }) => {
    const settings = clusterSettingsFromEnv(process.env);
    const databases = storeDatabases(ownerUrl(settings));
    if (!(await reachable(databases.app)))
      throw new RestoreRefused(`PostgreSQL is not reachable at ${redactUrl(databases.app)}: start the cluster first`);
    const keysDir = process.env.KEYS_DIR ?? CLUSTER_DATA;
    const dir = resolve(options.to);
    log(`backing up to ${dir}`);
    const manifest = await backupStores({ databases, keyFiles: KEY_FILES.map((f) => join(keysDir, f)), dir });
    for (const d of manifest.databases)
      log(
        `${d.name}: ${d.tables.reduce((n, t) => n + t.rows, 0)} rows in ${d.tables.length} tables (schema ${d.schemaVersion})`,
      );
    log(`keys: ${manifest.keyFiles.join(', ') || 'none found (set KEYS_DIR, or they are in the environment)'}`);
    log(`done. Keep the folder whole: the databases and the keys go together.`);
  });

program
  .command('restore')
  .description('restore a backup folder into empty or existing databases (the service stopped)')
  .argument('<dir>')
  .action(async (dirArgument: string) => {
    const dir = resolve(dirArgument);
    const manifest = readManifest(dir);
    const settings = clusterSettingsFromEnv(process.env);
    const databases = storeDatabases(ownerUrl(settings));
    let embedded: ReturnType<typeof embeddedPostgresProcess> | null = null;
    if (!settings.databaseUrl && !(await reachable(databases.app))) {
      log('starting the cluster’s embedded PostgreSQL for the restore');
      embedded = embeddedPostgresProcess({
        dataDir: embeddedPostgresDataDir(join('cluster', 'postgres')),
        port: settings.embeddedPostgresPort,
        user: settings.postgresUser,
        password: settings.postgresPassword,
        maxConnections: settings.postgresMaxConnections,
        output: { kind: 'prefixed' },
        log,
      });
      await embedded.start();
    }
    try {
      const owner = new URL(databases.app);
      const endpoint = {
        host: owner.hostname,
        port: Number(owner.port || 5432),
        user: decodeURIComponent(owner.username),
        password: decodeURIComponent(owner.password),
      };
      const names = {
        temporal: new URL(databases.temporal).pathname.slice(1),
        visibility: new URL(databases.visibility).pathname.slice(1),
        app: settings.appDatabase,
      };
      log('creating the schemas where they are missing (temporal-sql-tool, migrations)');
      await setupTemporalSchema(endpoint, names, clusterTools());
      await migrateDatabase(databases.app, {
        seedDemo: false,
        runtimeRole: { role: DEFAULT_RUNTIME_ROLE, password: settings.runtimePassword },
      });
      const others = await otherSessions(databases);
      if (others.length > 0)
        throw new RestoreRefused(
          `stop the Temporal server, the workers and the API first: still connected: ${others.join('; ')}`,
        );
      const keysDir = process.env.KEYS_DIR ?? CLUSTER_DATA;
      await restoreStores(dir, databases, keysDir);
      for (const d of manifest.databases) log(`${d.name}: restored as of ${d.startedAt}`);
      log(
        `keys restored into ${keysDir}. Start the service, then run \`npm run audit -- consistency\`: ` +
          'it names each case the backup caught in one store and not the other.',
      );
    } finally {
      await embedded?.stop();
    }
  });

// package.json names the command: `npm run backup -- …` runs `backup …`, `npm run restore -- DIR` runs `restore DIR`.
program.parseAsync(process.argv).catch((error: Error) => {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  console.error(`[backup] ${error instanceof RestoreRefused ? 'refused: ' : ''}${error.message}`);
  process.exitCode = 1;
});
