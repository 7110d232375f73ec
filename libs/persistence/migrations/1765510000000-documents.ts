import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated documents (statutory notices, bulletins) and their 文号: a counter per unit and year,
 * a reservation per document key (a retry keeps its number), and the documents themselves,
 * which are never changed or deleted once issued. Both are append-only for the runtime role.
 */
export class Documents1765510000000 implements MigrationInterface {
  name = 'Documents1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE document_number_counters (
        unit_id text NOT NULL REFERENCES units(id),
        year integer NOT NULL,
        last_serial integer NOT NULL,
        PRIMARY KEY (unit_id, year)
      )`);
    await q.query(`
      CREATE TABLE document_numbers (
        document_key text PRIMARY KEY,
        unit_id text NOT NULL REFERENCES units(id),
        year integer NOT NULL,
        serial integer NOT NULL,
        reserved_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (unit_id, year, serial)
      )`);
    await q.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        document_key text NOT NULL UNIQUE REFERENCES document_numbers(document_key),
        kind text NOT NULL,
        audience text NOT NULL CHECK (audience IN ('petitioner', 'internal')),
        petition_id uuid,
        unit_id text NOT NULL REFERENCES units(id),
        year integer NOT NULL,
        serial integer NOT NULL,
        number text NOT NULL,
        title text NOT NULL,
        media_type text NOT NULL,
        content bytea NOT NULL,
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        byte_length integer NOT NULL,
        issued_at timestamptz NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (unit_id, year, serial)
      )`);
    await q.query(`CREATE INDEX documents_petition ON documents (petition_id, issued_at)`);
    // The runtime role may only insert and read these (apply_runtime_grants reads the comment and the trigger's name).
    await q.query(
      `COMMENT ON TABLE document_numbers IS 'append-only: a reserved 文号 is never changed or given to another document'`,
    );
    await q.query(`
      CREATE FUNCTION documents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'documents are never changed once issued: % is not allowed (issue a new document)', TG_OP;
      END $$`);
    await q.query(
      `CREATE TRIGGER documents_no_change BEFORE UPDATE OR DELETE ON documents FOR EACH ROW EXECUTE FUNCTION documents_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER documents_no_truncate BEFORE TRUNCATE ON documents FOR EACH STATEMENT EXECUTE FUNCTION documents_append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE documents`);
    await q.query(`DROP FUNCTION documents_append_only()`);
    await q.query(`DROP TABLE document_numbers`);
    await q.query(`DROP TABLE document_number_counters`);
  }
}
