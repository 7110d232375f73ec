import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention (docs/operations.md "Retention"): the registration records say when their personal data
 * was pseudonymised, and retention_purge() deletes archived histories and documents of cases closed
 * before a cutoff. Those two tables are written once: their triggers refuse every DELETE except one
 * made inside retention_purge (a transaction-local setting the function sets), and the runtime role
 * has no DELETE on them at all, so the function (SECURITY DEFINER, as the owner) is the only way,
 * and it deletes only what belongs to a case the read model has closed, finally, before the cutoff.
 */
export class Retention1765780000001 implements MigrationInterface {
  name = 'Retention1765780000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE petition_intakes ADD COLUMN pseudonymised_at timestamptz`);
    await q.query(
      `CREATE INDEX petitions_closed_final ON petitions (closed_at) WHERE is_final AND closed_at IS NOT NULL`,
    );
    await q.query(`
      CREATE OR REPLACE FUNCTION petition_history_archives_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('petitions.retention_purge', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'petition_history_archives is written once: % is not allowed', TG_OP;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION documents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' AND current_setting('petitions.retention_purge', true) = 'on' THEN
          RETURN OLD;
        END IF;
        RAISE EXCEPTION 'documents are never changed once issued: % is not allowed (issue a new document)', TG_OP;
      END $$`);
    await q.query(`
      CREATE FUNCTION retention_purge(p_what text, p_closed_before timestamptz) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        n integer;
      BEGIN
        -- No configuration may delete a case's record within a year of its closing.
        IF p_closed_before > now() - interval '365 days' THEN
          RAISE EXCEPTION 'retention_purge: % closed after % is kept (at least 365 days)', p_what, p_closed_before
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM set_config('petitions.retention_purge', 'on', true);
        IF p_what = 'historyArchives' THEN
          DELETE FROM petition_history_archives a USING petitions p
           WHERE p.id = a.petition_id AND p.is_final AND p.step = 'closed' AND p.closed_at < p_closed_before
             AND a.closed_at < p_closed_before;
        ELSIF p_what = 'documents' THEN
          DELETE FROM documents d USING petitions p
           WHERE p.id = d.petition_id AND p.is_final AND p.step = 'closed' AND p.closed_at < p_closed_before;
        ELSE
          RAISE EXCEPTION 'retention_purge: unknown kind %', p_what;
        END IF;
        GET DIAGNOSTICS n = ROW_COUNT;
        PERFORM set_config('petitions.retention_purge', 'off', true);
        RETURN n;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION retention_purge(text, timestamptz)`);
    await q.query(`
      CREATE OR REPLACE FUNCTION documents_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'documents are never changed once issued: % is not allowed (issue a new document)', TG_OP;
      END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION petition_history_archives_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'petition_history_archives is written once: % is not allowed', TG_OP;
      END $$`);
    await q.query(`DROP INDEX petitions_closed_final`);
    await q.query(`ALTER TABLE petition_intakes DROP COLUMN pseudonymised_at`);
  }
}
