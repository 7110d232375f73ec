import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who changed the unit tree and the accounts, when, and from what to what: one row per change,
 * append-only (a trigger refuses UPDATE, DELETE and TRUNCATE, as for the accountability ledger).
 */
export class AdminChanges1765110000000 implements MigrationInterface {
  name = 'AdminChanges1765110000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE admin_changes (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id text NOT NULL,
        actor_unit_id text,
        action text NOT NULL,
        target_kind text NOT NULL CHECK (target_kind IN ('unit', 'user')),
        target_id text NOT NULL,
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX admin_changes_target ON admin_changes (target_kind, target_id, id)`);
    await q.query(`
      CREATE FUNCTION admin_changes_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'admin_changes is append-only: % is not allowed', TG_OP;
      END $$`);
    await q.query(
      `CREATE TRIGGER admin_changes_no_change BEFORE UPDATE OR DELETE ON admin_changes FOR EACH ROW EXECUTE FUNCTION admin_changes_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER admin_changes_no_truncate BEFORE TRUNCATE ON admin_changes FOR EACH STATEMENT EXECUTE FUNCTION admin_changes_append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE admin_changes`);
    await q.query(`DROP FUNCTION admin_changes_append_only()`);
  }
}
