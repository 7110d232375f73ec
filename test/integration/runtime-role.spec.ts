/**
 * Least privilege in PostgreSQL: the API and the worker connect as a runtime role that owns
 * nothing. Connected as that role (the tests, the API and the worker of this suite all are), the
 * ledger's trigger cannot be dropped, and its rows cannot be updated, deleted or truncated; tables
 * a later migration adds get the right grants from `apply_runtime_grants`.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { appendLedgerRecords } from '../../libs/persistence/accountability-ledger';
import { DEFAULT_RUNTIME_ROLE, refuseOwnerConnection } from '../../libs/persistence/runtime-role';
import { generatePayloadKeyEntry } from '../../libs/temporal/payload-codec';
import { openDataSource } from '../support/harness';

const ROOT = join(__dirname, '..', '..');

describe('the runtime role (what the API and the worker connect as)', () => {
  let runtime: Client;
  let owner: Client;
  let dataSource: DataSource;
  let recordId: string;

  beforeAll(async () => {
    runtime = new Client({ connectionString: process.env.DATABASE_URL });
    owner = new Client({ connectionString: process.env.DATABASE_OWNER_URL });
    await Promise.all([runtime.connect(), owner.connect()]);
    dataSource = await openDataSource();
    const petitionId = randomUUID();
    await appendLedgerRecords(dataSource.manager, petitionId, [
      {
        key: `${petitionId}:routingOverdue:routing#1:breach`,
        rule: 'routingOverdue',
        unitId: 'x-xfj',
        responsibleUserId: 'x-xfj-head',
        responsibleBy: 'personInCharge',
        severity: 'medium',
        suggestedAction: 'criticism',
        basis: 'Art 44',
        at: Date.now(),
        evidence: { petitionId, workflowId: `petition-${petitionId}`, eventSeqs: [1], historyLength: 5 },
        detail: {},
      },
    ]);
    recordId = (await runtime.query(`SELECT id FROM accountability_records WHERE petition_id = $1`, [petitionId]))
      .rows[0].id;
  });
  afterAll(async () => {
    await Promise.all([runtime?.end(), owner?.end(), dataSource?.destroy()]);
  });

  it('is the role the suite connects as: not a superuser, owning no table', async () => {
    const { rows } = await runtime.query(
      `SELECT current_user AS who, rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user`,
    );
    expect(rows[0]).toEqual({ who: DEFAULT_RUNTIME_ROLE, rolsuper: false, rolcreaterole: false, rolcreatedb: false });
    const owned = await runtime.query(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user`,
    );
    expect(owned.rows[0].n).toBe(0);
  });

  it("cannot DROP the ledger's trigger, TRUNCATE the ledger, or UPDATE or DELETE a ledger row", async () => {
    await expect(
      runtime.query(`DROP TRIGGER accountability_records_no_change ON accountability_records`),
    ).rejects.toThrow(/must be owner of (table|relation) accountability_records/);
    await expect(runtime.query(`TRUNCATE accountability_records`)).rejects.toThrow(
      /permission denied for table accountability_records/,
    );
    await expect(
      runtime.query(`UPDATE accountability_records SET severity = 'low' WHERE id = $1`, [recordId]),
    ).rejects.toThrow(/permission denied for table accountability_records/);
    await expect(runtime.query(`DELETE FROM accountability_records WHERE id = $1`, [recordId])).rejects.toThrow(
      /permission denied for table accountability_records/,
    );
    await expect(runtime.query(`ALTER TABLE accountability_records DISABLE TRIGGER ALL`)).rejects.toThrow(
      /must be owner/,
    );
    const still = await owner.query(
      `SELECT severity, (SELECT count(*)::int FROM pg_trigger WHERE tgrelid = 'accountability_records'::regclass AND NOT tgisinternal) AS triggers FROM accountability_records WHERE id = $1`,
      [recordId],
    );
    expect(still.rows[0]).toEqual({ severity: 'medium', triggers: 2 });
  });

  it('cannot change the admin record either, nor run DDL anywhere', async () => {
    await expect(runtime.query(`UPDATE admin_changes SET actor_user_id = 'someone-else'`)).rejects.toThrow(
      /permission denied for table admin_changes/,
    );
    await expect(runtime.query(`DELETE FROM admin_changes`)).rejects.toThrow(
      /permission denied for table admin_changes/,
    );
    await expect(runtime.query(`CREATE TABLE intruder (id int)`)).rejects.toThrow(
      /permission denied for schema public/,
    );
    await expect(runtime.query(`ALTER TABLE petitions ADD COLUMN intruder int`)).rejects.toThrow(/must be owner/);
    await expect(runtime.query(`DROP TABLE petition_events`)).rejects.toThrow(/must be owner/);
    await expect(runtime.query(`DELETE FROM migrations`)).rejects.toThrow(/permission denied for table migrations/);
  });

  it('may add to the case timeline (petition_events) but not change or delete a line of it', async () => {
    const petitionId = randomUUID();
    await runtime.query(
      `INSERT INTO petition_events (petition_id, seq, type, at, data) VALUES ($1, 1, 'registered', now(), '{}')`,
      [petitionId],
    );
    // A retried projection inserts again, changing nothing.
    await runtime.query(
      `INSERT INTO petition_events (petition_id, seq, type, at, data) VALUES ($1, 1, 'registered', now(), '{}') ON CONFLICT (petition_id, seq) DO NOTHING`,
      [petitionId],
    );
    await expect(
      runtime.query(`UPDATE petition_events SET actor_user_id = 'x-head' WHERE petition_id = $1`, [petitionId]),
    ).rejects.toThrow(/permission denied for table petition_events/);
    await expect(runtime.query(`DELETE FROM petition_events WHERE petition_id = $1`, [petitionId])).rejects.toThrow(
      /permission denied for table petition_events/,
    );
    const still = await owner.query(`SELECT type, actor_user_id FROM petition_events WHERE petition_id = $1`, [
      petitionId,
    ]);
    expect(still.rows).toEqual([{ type: 'registered', actor_user_id: null }]);
  });

  it('may record access failures but not change or delete them', async () => {
    const subject = `probe-${randomUUID()}`;
    await runtime.query(
      `INSERT INTO access_failures (kind, subject, client, detail) VALUES ('signIn', $1, '203.0.113.9', 'badCredentials')`,
      [subject],
    );
    await expect(
      runtime.query(`UPDATE access_failures SET client = 'elsewhere' WHERE subject = $1`, [subject]),
    ).rejects.toThrow(/permission denied for table access_failures/);
    await expect(runtime.query(`DELETE FROM access_failures WHERE subject = $1`, [subject])).rejects.toThrow(
      /permission denied for table access_failures/,
    );
    expect((await owner.query(`SELECT client FROM access_failures WHERE subject = $1`, [subject])).rows).toEqual([
      { client: '203.0.113.9' },
    ]);
  });

  it('may not write users.role; a role changes only through change_user_role, and only with its admin_changes record in the same transaction', async () => {
    const userId = `probe-${randomUUID().slice(0, 8)}`;
    await runtime.query(`INSERT INTO users (id, name, role, unit_id) VALUES ($1, '探针', 'handler', 'x-zjj')`, [
      userId,
    ]);
    await expect(runtime.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [userId])).rejects.toThrow(
      /permission denied for table users/,
    );
    // The columns the service does change stay writable.
    await runtime.query(
      `UPDATE users SET name = '探针二', active = true, token_version = token_version + 1, password_hash = NULL, unit_id = 'x-xfj' WHERE id = $1`,
      [userId],
    );

    await expect(runtime.query(`SELECT change_user_role($1, 'admin')`, [userId])).rejects.toThrow(
      /changes only together with its admin_changes record/,
    );
    // A record from an earlier transaction does not count.
    await runtime.query(
      `INSERT INTO admin_changes (actor_user_id, action, target_kind, target_id, after) VALUES ('admin', 'userChanged', 'user', $1, '{"role":"admin"}')`,
      [userId],
    );
    await expect(runtime.query(`SELECT change_user_role($1, 'admin')`, [userId])).rejects.toThrow(
      /changes only together with its admin_changes record/,
    );
    // Nor one naming another role.
    await runtime.query('BEGIN');
    try {
      await runtime.query(
        `INSERT INTO admin_changes (actor_user_id, action, target_kind, target_id, after) VALUES ('admin', 'userChanged', 'user', $1, '{"role":"unitHead"}')`,
        [userId],
      );
      await expect(runtime.query(`SELECT change_user_role($1, 'admin')`, [userId])).rejects.toThrow(
        /changes only together with its admin_changes record/,
      );
    } finally {
      await runtime.query('ROLLBACK');
    }
    expect((await owner.query(`SELECT role FROM users WHERE id = $1`, [userId])).rows).toEqual([{ role: 'handler' }]);

    await runtime.query('BEGIN');
    await runtime.query(
      `INSERT INTO admin_changes (actor_user_id, action, target_kind, target_id, after) VALUES ('admin', 'userChanged', 'user', $1, '{"role":"unitHead"}')`,
      [userId],
    );
    await runtime.query(`SELECT change_user_role($1, 'unitHead')`, [userId]);
    await runtime.query('COMMIT');
    expect((await owner.query(`SELECT role FROM users WHERE id = $1`, [userId])).rows).toEqual([{ role: 'unitHead' }]);
    // The probe leaves no active head in the demo office behind (a unit's default person in charge is
    // its first active head: the tests that follow expect the demo's).
    await runtime.query(`UPDATE users SET active = false WHERE id = $1`, [userId]);
  });

  it('a table a later migration adds gets read-write grants, or insert-only when it is append-only', async () => {
    const suffix = randomUUID().slice(0, 8).replace(/-/g, '');
    const plain = `probe_plain_${suffix}`;
    const ledgerLike = `probe_log_${suffix}`;
    await owner.query(`CREATE TABLE ${plain} (id int PRIMARY KEY, note text)`);
    await owner.query(`CREATE TABLE ${ledgerLike} (id int PRIMARY KEY, note text)`);
    await owner.query(`COMMENT ON TABLE ${ledgerLike} IS 'append-only: a probe'`);
    try {
      await owner.query(`SELECT apply_runtime_grants($1)`, [DEFAULT_RUNTIME_ROLE]);
      await runtime.query(`INSERT INTO ${plain} VALUES (1, 'a')`);
      await runtime.query(`UPDATE ${plain} SET note = 'b' WHERE id = 1`);
      await runtime.query(`DELETE FROM ${plain} WHERE id = 1`);
      await runtime.query(`INSERT INTO ${ledgerLike} VALUES (1, 'a')`);
      expect((await runtime.query(`SELECT note FROM ${ledgerLike}`)).rows).toEqual([{ note: 'a' }]);
      await expect(runtime.query(`UPDATE ${ledgerLike} SET note = 'b'`)).rejects.toThrow(/permission denied/);
      await expect(runtime.query(`DELETE FROM ${ledgerLike}`)).rejects.toThrow(/permission denied/);
    } finally {
      await owner.query(`DROP TABLE ${plain}, ${ledgerLike}`);
    }
  });

  it('a production API or worker connected as the owner refuses to run, naming the role; as the runtime role it runs', async () => {
    const asOwner = new DataSource({ type: 'postgres', url: process.env.DATABASE_OWNER_URL });
    await asOwner.initialize();
    try {
      const ownerName = new URL(process.env.DATABASE_OWNER_URL!).username;
      await expect(refuseOwnerConnection(asOwner, 'API')).rejects.toThrow(
        new RegExp(
          `the API is connected to PostgreSQL as "${ownerName}", (a superuser|the owner of the schema).*${DEFAULT_RUNTIME_ROLE}`,
        ),
      );
    } finally {
      await asOwner.destroy();
    }
    await expect(refuseOwnerConnection(dataSource, 'API')).resolves.toBeUndefined();
  });

  it("the worker process started with NODE_ENV=production and the owner's DATABASE_URL exits non-zero saying so", () => {
    const strong = (_n: number) => randomBytes(32).toString('base64');
    const result = spawnSync(
      process.execPath,
      ['-r', join(ROOT, 'test/support/register-ts.js'), join(ROOT, 'apps/worker/src/main.ts')],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          NODE_ENV: 'production',
          DATABASE_URL: process.env.DATABASE_OWNER_URL,
          TEMPORAL_ADDRESS: '127.0.0.1:1',
          QUERY_CODE_SECRET: strong(1),
          TOKEN_SIGNING_KEY: strong(2),
          PAYLOAD_CODEC_KEYS: generatePayloadKeyEntry(),
          WORKER_METRICS_PORT: '0',
          HISTORY_ARCHIVE_INTERVAL_SECONDS: '0',
        },
        encoding: 'utf8',
        timeout: 90_000,
      },
    );
    expect(result.status).not.toBe(0);
    // Its last word is a JSON log line (the one format of the worker's logs), on stderr.
    const said = result.stderr
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: number; msg: string })
      .filter((line) => line.level === 60)
      .map((line) => line.msg)
      .join('\n');
    expect(said).toMatch(/the worker is connected to PostgreSQL as "[^"]+", (a superuser|the owner of the schema)/);
    // It stopped before reaching for Temporal (nothing listens at 127.0.0.1:1).
    expect(result.stderr).not.toMatch(/Temporal is not reachable/);
  });
});
