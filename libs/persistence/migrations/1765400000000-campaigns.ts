import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Backlog campaigns (专项攻坚, DOMAIN §9): the read model of each campaign and its cases, the
 * campaign timeline, and the bulletins (通报), which like the ledger are never changed once issued.
 * The accountability ledger learns to hold a campaign's records: a 约谈 suggestion for a laggard
 * unit belongs to a campaign, not to a case.
 */
export class Campaigns1765400000000 implements MigrationInterface {
  name = 'Campaigns1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE campaigns (
        id uuid PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        name text NOT NULL,
        plan_ref text NOT NULL,
        office_unit_id text NOT NULL REFERENCES units(id),
        region_path text NOT NULL,
        start_date date NOT NULL,
        target_date date NOT NULL,
        cadence_days integer NOT NULL,
        rules jsonb NOT NULL,
        policy_version text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'closed')),
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        closed_at timestamptz,
        revision integer NOT NULL,
        view jsonb NOT NULL,
        projected_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX campaigns_region ON campaigns (region_path text_pattern_ops)`);
    await q.query(`
      CREATE TABLE campaign_cases (
        campaign_id uuid NOT NULL REFERENCES campaigns(id),
        petition_id uuid NOT NULL,
        unit_id text NOT NULL,
        status text NOT NULL,
        joined_at timestamptz NOT NULL,
        joined jsonb NOT NULL,
        leader_ids text[] NOT NULL,
        struck_off_at timestamptz,
        removed_at timestamptz,
        revision integer NOT NULL,
        view jsonb NOT NULL,
        PRIMARY KEY (campaign_id, petition_id)
      )`);
    await q.query(`CREATE INDEX campaign_cases_petition ON campaign_cases (petition_id)`);
    await q.query(`CREATE INDEX campaign_cases_unit ON campaign_cases (unit_id, campaign_id)`);
    await q.query(`
      CREATE TABLE campaign_events (
        campaign_id uuid NOT NULL,
        seq integer NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        actor_user_id text,
        actor_role text,
        actor_unit_id text,
        request_id text,
        petition_id uuid,
        data jsonb NOT NULL,
        PRIMARY KEY (campaign_id, seq)
      )`);
    await q.query(`
      CREATE TABLE campaign_bulletins (
        campaign_id uuid NOT NULL REFERENCES campaigns(id),
        bulletin_no integer NOT NULL,
        kind text NOT NULL CHECK (kind IN ('scheduled', 'final')),
        as_of timestamptz NOT NULL,
        bulletin_date date NOT NULL,
        elapsed_share numeric(6, 4) NOT NULL,
        expected_rate numeric(6, 4) NOT NULL,
        days_to_target integer NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (campaign_id, bulletin_no)
      )`);
    await q.query(`
      CREATE TABLE campaign_bulletin_lines (
        campaign_id uuid NOT NULL,
        bulletin_no integer NOT NULL,
        line_kind text NOT NULL CHECK (line_kind IN ('total', 'unit', 'leader')),
        subject_id text NOT NULL,
        in_scope integer NOT NULL,
        resolved integer NOT NULL,
        struck_off integer NOT NULL,
        rate numeric(6, 4) NOT NULL,
        overdue_steps integer NOT NULL,
        days_to_target integer NOT NULL,
        verdict text CHECK (verdict IN ('laggard', 'praise')),
        petition_ids uuid[] NOT NULL,
        PRIMARY KEY (campaign_id, bulletin_no, line_kind, subject_id),
        FOREIGN KEY (campaign_id, bulletin_no) REFERENCES campaign_bulletins (campaign_id, bulletin_no)
      )`);
    await q.query(`
      CREATE FUNCTION campaign_bulletins_issued_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: a bulletin (通报) once issued is not changed (% refused)', TG_TABLE_NAME, TG_OP;
      END $$`);
    for (const table of ['campaign_bulletins', 'campaign_bulletin_lines']) {
      await q.query(
        `CREATE TRIGGER ${table}_no_change BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION campaign_bulletins_issued_once()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION campaign_bulletins_issued_once()`,
      );
    }
    await q.query(
      `ALTER TABLE accountability_records ALTER COLUMN petition_id DROP NOT NULL, ADD COLUMN campaign_id uuid`,
    );
    await q.query(
      `ALTER TABLE accountability_records ADD CONSTRAINT accountability_records_subject CHECK (petition_id IS NOT NULL OR campaign_id IS NOT NULL)`,
    );
    await q.query(
      `CREATE INDEX accountability_records_campaign ON accountability_records (campaign_id, id) WHERE campaign_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX accountability_records_campaign`);
    await q.query(
      `ALTER TABLE accountability_records DROP CONSTRAINT accountability_records_subject, DROP COLUMN campaign_id`,
    );
    for (const table of [
      'campaign_bulletin_lines',
      'campaign_bulletins',
      'campaign_events',
      'campaign_cases',
      'campaigns',
    ])
      await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP FUNCTION campaign_bulletins_issued_once()`);
  }
}
