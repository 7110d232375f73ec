import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The accountability ledger (append-only, enforced by triggers: no code path can update or delete
 * a record; later dispositions are new rows), escalations, and supervision tasks.
 */
export class AccountabilityAndSupervision1763900000000 implements MigrationInterface {
  name = 'AccountabilityAndSupervision1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE accountability_records (
        id bigserial PRIMARY KEY,
        record_key text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('trigger', 'disposition')),
        petition_id uuid NOT NULL,
        rule text NOT NULL,
        unit_id text NOT NULL,
        responsible_user_id text,
        severity text NOT NULL,
        suggested_action text NOT NULL,
        basis text NOT NULL,
        evidence jsonb NOT NULL,
        detail jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        disposes_record_id bigint REFERENCES accountability_records(id),
        disposition text,
        recorded_by text,
        CHECK ((kind = 'disposition') = (disposes_record_id IS NOT NULL AND disposition IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX accountability_records_unit ON accountability_records (unit_id, occurred_at)`);
    await q.query(`CREATE INDEX accountability_records_petition ON accountability_records (petition_id, id)`);
    await q.query(`
      CREATE FUNCTION accountability_records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'accountability_records is append-only: % is not allowed (record a disposition as a new row)', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER accountability_records_no_change BEFORE UPDATE OR DELETE ON accountability_records
        FOR EACH ROW EXECUTE FUNCTION accountability_records_append_only()`);
    await q.query(`
      CREATE TRIGGER accountability_records_no_truncate BEFORE TRUNCATE ON accountability_records
        FOR EACH STATEMENT EXECUTE FUNCTION accountability_records_append_only()`);
    await q.query(`
      CREATE TABLE escalations (
        escalation_key text PRIMARY KEY,
        petition_id uuid NOT NULL,
        clock_key text NOT NULL,
        clock_id text NOT NULL,
        rung text NOT NULL,
        unit_id text NOT NULL,
        recipients jsonb NOT NULL,
        fired_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX escalations_unit ON escalations (unit_id, fired_at)`);
    await q.query(`CREATE INDEX escalations_recipients ON escalations USING gin (recipients jsonb_path_ops)`);
    await q.query(`
      CREATE TABLE supervision_tasks (
        task_key text PRIMARY KEY,
        petition_id uuid NOT NULL,
        kind text NOT NULL,
        source text NOT NULL,
        supervising_unit_id text NOT NULL,
        supervised_unit_id text NOT NULL,
        clock_key text,
        feedback_clock_key text,
        status text NOT NULL,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        revision integer NOT NULL
      )`);
    await q.query(`CREATE INDEX supervision_tasks_open ON supervision_tasks (supervising_unit_id, status)`);
    await q.query(`ALTER TABLE petitions ADD COLUMN case_leader_id text, ADD COLUMN first_time_resolution boolean NOT NULL DEFAULT true,
                     ADD COLUMN listed_for_supervision boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE petitions DROP COLUMN case_leader_id, DROP COLUMN first_time_resolution, DROP COLUMN listed_for_supervision`,
    );
    await q.query(`DROP TABLE supervision_tasks`);
    await q.query(`DROP TABLE escalations`);
    await q.query(`DROP TABLE accountability_records`);
    await q.query(`DROP FUNCTION accountability_records_append_only()`);
  }
}
