import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Closed cases' complete histories, kept in PostgreSQL beyond Temporal's retention (compressed,
 * with the SHA-256 of the uncompressed JSON; written once, never changed), and the auditors'
 * replay jobs with their progress.
 */
export class HistoryArchiveAndReplayJobs1765200100000 implements MigrationInterface {
  name = 'HistoryArchiveAndReplayJobs1765200100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE petition_history_archives (
        petition_id uuid PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        first_run_id text NOT NULL,
        last_run_id text NOT NULL,
        run_count integer NOT NULL CHECK (run_count > 0),
        event_count integer NOT NULL CHECK (event_count > 0),
        close_status text NOT NULL,
        closed_at timestamptz NOT NULL,
        format text NOT NULL,
        compression text NOT NULL,
        content bytea NOT NULL,
        content_sha256 text NOT NULL,
        uncompressed_bytes integer NOT NULL,
        archived_at timestamptz NOT NULL DEFAULT now(),
        archived_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX petition_history_archives_closed ON petition_history_archives (closed_at)`);
    await q.query(`
      CREATE FUNCTION petition_history_archives_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'petition_history_archives is written once: % is not allowed', TG_OP;
      END $$`);
    await q.query(
      `CREATE TRIGGER petition_history_archives_no_change BEFORE UPDATE OR DELETE ON petition_history_archives FOR EACH ROW EXECUTE FUNCTION petition_history_archives_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER petition_history_archives_no_truncate BEFORE TRUNCATE ON petition_history_archives FOR EACH STATEMENT EXECUTE FUNCTION petition_history_archives_append_only()`,
    );
    await q.query(`
      CREATE TABLE replay_jobs (
        id uuid PRIMARY KEY,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        scope jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
        total integer NOT NULL,
        completed integer NOT NULL DEFAULT 0,
        deterministic integer NOT NULL DEFAULT 0,
        diverged integer NOT NULL DEFAULT 0,
        unavailable integer NOT NULL DEFAULT 0,
        results jsonb NOT NULL DEFAULT '[]'::jsonb,
        error text,
        started_at timestamptz,
        heartbeat_at timestamptz,
        finished_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE replay_jobs`);
    await q.query(`DROP TABLE petition_history_archives`);
    await q.query(`DROP FUNCTION petition_history_archives_append_only()`);
  }
}
