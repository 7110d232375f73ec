import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail (DOMAIN §8): append-only by trigger like the accountability ledger, and each
 * record chained to the one before by SHA-256, so an edit made with the triggers disabled (as the
 * database owner) is still found by `npm run audit -- verify-trail`.
 */
export class AuditTrail1765200000000 implements MigrationInterface {
  name = 'AuditTrail1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_trail (
        seq bigint PRIMARY KEY CHECK (seq > 0),
        record_key text UNIQUE,
        recorded_at timestamptz NOT NULL,
        kind text NOT NULL,
        action text NOT NULL,
        outcome text NOT NULL,
        actor_user_id text,
        actor_role text,
        actor_unit_id text,
        petition_id uuid,
        detail jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX audit_trail_petition ON audit_trail (petition_id, seq) WHERE petition_id IS NOT NULL`);
    await q.query(`CREATE INDEX audit_trail_actor ON audit_trail (actor_user_id, seq)`);
    await q.query(`
      CREATE FUNCTION audit_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_trail is append-only: % is not allowed', TG_OP;
      END $$`);
    await q.query(
      `CREATE TRIGGER audit_trail_no_change BEFORE UPDATE OR DELETE ON audit_trail FOR EACH ROW EXECUTE FUNCTION audit_trail_append_only()`,
    );
    await q.query(
      `CREATE TRIGGER audit_trail_no_truncate BEFORE TRUNCATE ON audit_trail FOR EACH STATEMENT EXECUTE FUNCTION audit_trail_append_only()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_trail`);
    await q.query(`DROP FUNCTION audit_trail_append_only()`);
  }
}
