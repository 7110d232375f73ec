import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 网上信访: submissions from the public page, waiting in the receiving office's intake queue until
 * a registrar registers them (the case then has the reserved petition id) or records why they are
 * not petitions (告知, with the reason the submitter reads). Personal data stays here, in
 * PostgreSQL, as the registration's does in petition_intakes; only ids and instants reach Temporal.
 */
export class OnlinePetitions1765770000000 implements MigrationInterface {
  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE online_submission_counters (
        year integer PRIMARY KEY,
        last_serial integer NOT NULL
      )`);
    await q.query(`
      CREATE TABLE online_submissions (
        id uuid PRIMARY KEY,
        submission_number text NOT NULL UNIQUE,
        idempotency_key text NOT NULL UNIQUE,
        request_hash text NOT NULL,
        -- The case id the registration will have: the 查询码 is derived from it at submission.
        petition_id uuid NOT NULL UNIQUE,
        office_unit_id text NOT NULL REFERENCES units(id),
        petitioner_name text NOT NULL,
        id_number text,
        phone text,
        address text NOT NULL,
        category text NOT NULL CHECK (category IN ('suggestion', 'accusation', 'appeal')),
        request text NOT NULL,
        facts text NOT NULL,
        consented_at timestamptz NOT NULL,
        privacy_notice_version text NOT NULL,
        submitted_at timestamptz NOT NULL,
        -- One solved ALTCHA challenge buys one submission.
        challenge_signature text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'received' CHECK (status IN ('received', 'registered', 'notRegistered')),
        decided_by text,
        decided_at timestamptz,
        not_registered_reason text,
        CHECK (id_number IS NOT NULL OR phone IS NOT NULL),
        CHECK ((status = 'notRegistered') = (not_registered_reason IS NOT NULL))
      )`);
    await q.query(
      `CREATE INDEX online_submissions_waiting ON online_submissions (office_unit_id, submitted_at) WHERE status = 'received'`,
    );
    await q.query(`
      CREATE TABLE submission_files (
        submission_id uuid NOT NULL REFERENCES online_submissions(id),
        seq integer NOT NULL,
        object_key text NOT NULL UNIQUE,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size bigint NOT NULL,
        sha256 text NOT NULL,
        -- Set when the submission is registered: the file is then a material of that case.
        petition_id uuid,
        carried_over_at timestamptz,
        PRIMARY KEY (submission_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE submission_files`);
    await q.query(`DROP TABLE online_submissions`);
    await q.query(`DROP TABLE online_submission_counters`);
  }
}
