/**
 * Backup and restore of the service's state: Temporal's two databases (executions, visibility),
 * the read model's database (intakes, projections, ledger, audit trail, users) and the key files
 * without which the histories (payload codec keys) and the petitioners' lookups (query-code secret)
 * cannot be read. See docs/operations.md "Backup and restore" for the operator's steps.
 *
 * Each database is read in one REPEATABLE READ snapshot, table by table, as JSON lines (no pg_dump:
 * the Debian client is older than the server and refuses it), and restored into the same schema
 * version (migrations, temporal-sql-tool), refused otherwise.
 *
 * The order is the point. Temporal first, then the read model: a case registered, or a staff action
 * applied, while the backup runs is then in the read model and not in its history. Restored, the
 * consistency check names it by its case number (historyMissing: the intake still says who to tell)
 * and the verification shows the action the history lacks. The other order would restore histories
 * whose intakes are not in the backup: cases without a petitioner, which nobody could be told of.
 * Projections behind their history are rebuilt from it either way (`audit -- consistency --repair`).
 */
import { createGunzip, createGzip } from 'node:zlib';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
  copyFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';

export const BACKUP_FORMAT = 'petitions-backup/1';

export interface StoreDatabases {
  /** Temporal's executions database. */
  temporal: string;
  /** Temporal's visibility database. */
  visibility: string;
  /** The read model's database (owner URL: the runtime role cannot read every table). */
  app: string;
}

export interface TableDump {
  table: string;
  rows: number;
}

export interface DatabaseDump {
  name: keyof StoreDatabases;
  schemaVersion: string;
  tables: TableDump[];
  sequences: { sequence: string; lastValue: string; isCalled: boolean }[];
  startedAt: string;
  finishedAt: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  /** In the order they were taken: the order is what makes them consistent (see above). */
  databases: DatabaseDump[];
  keyFiles: string[];
}

const BATCH = 500;

/** What identifies a database's schema: the last migration, or Temporal's schema version. */
async function schemaVersionOf(client: Client): Promise<string> {
  const tables = (
    await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)
  ).rows.map((r: { table_name: string }) => r.table_name);
  if (tables.includes('migrations')) {
    const { rows } = await client.query(`SELECT name FROM migrations ORDER BY timestamp DESC LIMIT 1`);
    return `migrations:${rows[0]?.name ?? 'none'}`;
  }
  if (tables.includes('schema_version')) {
    const { rows } = await client.query(`SELECT curr_version FROM schema_version LIMIT 1`);
    return `temporal:${rows[0]?.curr_version ?? 'none'}`;
  }
  return 'unknown';
}

async function userTables(client: Client): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables
      WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY schemaname, tablename`,
  );
  return rows.map((r: { name: string }) => r.name);
}

/** Reads one database in one snapshot into dir/<name>/, one gzipped JSON-lines file a table. */
export async function dumpDatabase(url: string, name: keyof StoreDatabases, dir: string): Promise<DatabaseDump> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const startedAt = new Date().toISOString();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const schemaVersion = await schemaVersionOf(client);
    const tables: TableDump[] = [];
    mkdirSync(join(dir, name), { recursive: true });
    for (const table of await userTables(client)) {
      let rows = 0;
      await client.query(`DECLARE dump CURSOR FOR SELECT row_to_json(t)::text AS line FROM ${table} t`);
      async function* lines() {
        for (;;) {
          const batch = await client.query(`FETCH ${BATCH} FROM dump`);
          if (batch.rows.length === 0) return;
          rows += batch.rows.length;
          yield batch.rows.map((r: { line: string }) => `${r.line}\n`).join('');
        }
      }
      await pipeline(Readable.from(lines()), createGzip(), createWriteStream(join(dir, name, `${table}.jsonl.gz`)));
      await client.query('CLOSE dump');
      tables.push({ table, rows });
    }
    const sequences = (
      await client.query(
        `SELECT format('%I.%I', schemaname, sequencename) AS sequence, last_value::text, last_value IS NOT NULL AS is_called
           FROM pg_sequences WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
      )
    ).rows.map((r: { sequence: string; last_value: string | null; is_called: boolean }) => ({
      sequence: r.sequence,
      lastValue: r.last_value ?? '1',
      isCalled: r.is_called,
    }));
    await client.query('COMMIT');
    return { name, schemaVersion, tables, sequences, startedAt, finishedAt: new Date().toISOString() };
  } finally {
    await client.end();
  }
}

export class RestoreRefused extends Error {}

/**
 * Loads a dump into a database of the same schema version, replacing every row of the tables it
 * holds, in one transaction (a failed restore leaves the database as it was). Triggers are off
 * for the load (session_replication_role = replica): the append-only guards would refuse the
 * emptying, and the rows are the ones they guarded. Needs a superuser, as the owner of the
 * embedded and compose PostgreSQL is.
 */
export async function loadDatabase(url: string, dump: DatabaseDump, dir: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const here = await schemaVersionOf(client);
    if (here !== dump.schemaVersion)
      throw new RestoreRefused(
        `database ${dump.name} is at schema ${here}, the backup at ${dump.schemaVersion}: create the schema of the backup's version first`,
      );
    const present = new Set(await userTables(client));
    const absent = dump.tables.find((t) => !present.has(t.table));
    if (absent) throw new RestoreRefused(`database ${dump.name} has no table ${absent.table}`);
    await client.query('BEGIN');
    await client.query(`SET LOCAL session_replication_role = replica`);
    await client.query(`TRUNCATE ${dump.tables.map((t) => t.table).join(', ')}`);
    for (const { table } of dump.tables) {
      const file = join(dir, dump.name, `${table}.jsonl.gz`);
      // Generated columns (Temporal's visibility derives its search attributes) are computed again.
      const columns = (
        await client.query(
          `SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) AS list FROM pg_attribute
            WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`,
          [table],
        )
      ).rows[0].list as string;
      let batch: string[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        await client.query(
          `INSERT INTO ${table} (${columns}) OVERRIDING SYSTEM VALUE
             SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`,
          [`[${batch.join(',')}]`],
        );
        batch = [];
      };
      for await (const line of createInterface({ input: createReadStream(file).pipe(createGunzip()) })) {
        if (line.length === 0) continue;
        batch.push(line);
        if (batch.length >= BATCH) await flush();
      }
      await flush();
    }
    for (const s of dump.sequences)
      await client.query(`SELECT setval($1::regclass, $2::bigint, $3)`, [s.sequence, s.lastValue, s.isCalled]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}

export interface BackupOptions {
  databases: StoreDatabases;
  keyFiles: string[];
  dir: string;
  /** Called between the two halves (Temporal's, then the read model's): the drill registers a case there. */
  betweenStores?: () => Promise<void>;
}

export async function backupStores(options: BackupOptions): Promise<BackupManifest> {
  if (existsSync(join(options.dir, 'manifest.json'))) throw new RestoreRefused(`${options.dir} already holds a backup`);
  mkdirSync(options.dir, { recursive: true });
  const databases: DatabaseDump[] = [];
  databases.push(await dumpDatabase(options.databases.temporal, 'temporal', options.dir));
  databases.push(await dumpDatabase(options.databases.visibility, 'visibility', options.dir));
  await options.betweenStores?.();
  databases.push(await dumpDatabase(options.databases.app, 'app', options.dir));
  mkdirSync(join(options.dir, 'keys'), { recursive: true });
  const keyFiles: string[] = [];
  for (const file of options.keyFiles) {
    if (!existsSync(file)) continue;
    copyFileSync(file, join(options.dir, 'keys', basename(file)));
    keyFiles.push(basename(file));
  }
  const manifest: BackupManifest = { format: BACKUP_FORMAT, databases, keyFiles };
  writeFileSync(join(options.dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return manifest;
}

export function readManifest(dir: string): BackupManifest {
  const file = join(dir, 'manifest.json');
  if (!existsSync(file)) throw new RestoreRefused(`${dir} holds no backup (no manifest.json)`);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
  if (manifest.format !== BACKUP_FORMAT) throw new RestoreRefused(`${dir} is a backup of format ${manifest.format}`);
  return manifest;
}

/**
 * Restores every database of a backup, and its key files into keysDir. Nothing may be running on
 * the databases meanwhile (the Temporal server, workers, API): their caches would outlive the rows.
 */
export async function restoreStores(dir: string, databases: StoreDatabases, keysDir: string): Promise<BackupManifest> {
  const manifest = readManifest(dir);
  for (const dump of manifest.databases) await loadDatabase(databases[dump.name], dump, dir);
  mkdirSync(keysDir, { recursive: true });
  for (const file of manifest.keyFiles) copyFileSync(join(dir, 'keys', file), join(keysDir, file));
  return manifest;
}
