import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE units (
        id text PRIMARY KEY,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('petitionOffice', 'functionalDepartment', 'discipline')),
        level text NOT NULL CHECK (level IN ('province', 'city', 'county', 'township')),
        parent_id text REFERENCES units(id),
        region_path text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE users (
        id text PRIMARY KEY,
        name text NOT NULL,
        role text NOT NULL,
        unit_id text NOT NULL REFERENCES units(id),
        token_hash text NOT NULL UNIQUE
      )`);
    await q.query(`
      CREATE TABLE petition_intakes (
        idempotency_key text PRIMARY KEY,
        petition_id uuid NOT NULL UNIQUE,
        request_hash text NOT NULL,
        registered_by text NOT NULL REFERENCES users(id),
        registering_unit_id text NOT NULL REFERENCES units(id),
        petitioner_name text NOT NULL,
        petitioner_contact text,
        summary text NOT NULL,
        accused_unit_id text REFERENCES units(id),
        accused_person text,
        query_code_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE petitions (
        id uuid PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        category text NOT NULL,
        urgent boolean NOT NULL,
        step text NOT NULL,
        policy_version text NOT NULL,
        calendar_version text NOT NULL,
        routing_unit_id text NOT NULL,
        handling_unit_id text,
        review_unit_id text,
        re_review_unit_id text,
        received_at timestamptz NOT NULL,
        registered_at timestamptz NOT NULL,
        closed_at timestamptz,
        is_final boolean NOT NULL,
        revision integer NOT NULL,
        view jsonb NOT NULL,
        projected_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX petitions_handling_unit ON petitions (handling_unit_id, step)`);
    await q.query(`CREATE INDEX petitions_routing_unit ON petitions (routing_unit_id, step)`);
    await q.query(`
      CREATE TABLE petition_events (
        petition_id uuid NOT NULL,
        seq integer NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        actor_user_id text,
        actor_role text,
        actor_unit_id text,
        request_id text,
        clock_key text,
        data jsonb NOT NULL,
        PRIMARY KEY (petition_id, seq)
      )`);
    await q.query(`
      CREATE TABLE petition_clocks (
        petition_id uuid NOT NULL,
        clock_key text NOT NULL,
        clock_id text NOT NULL,
        unit_id text NOT NULL,
        status text NOT NULL,
        started_at timestamptz NOT NULL,
        due_at timestamptz,
        last_day date,
        length_days integer NOT NULL,
        excluded_days integer NOT NULL,
        stopped_at timestamptz,
        overdue boolean NOT NULL,
        fired_rungs text[] NOT NULL,
        calendar_basis text NOT NULL,
        calendar_version text NOT NULL,
        revision integer NOT NULL,
        PRIMARY KEY (petition_id, clock_key)
      )`);
    await q.query(
      `CREATE INDEX petition_clocks_open_due ON petition_clocks (unit_id, due_at) WHERE status = 'running'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['petition_clocks', 'petition_events', 'petitions', 'petition_intakes', 'users', 'units']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
