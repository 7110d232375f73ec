import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Fewer round trips per request (docs/benchmarks.md "What the API costs").
 *
 * One round trip per audit record (libs/audit/audit-trail.ts): audit_trail_append() takes the
 * chain's advisory lock, returns the earlier record of a retried key, reads the last hash and
 * inserts the next record with its SHA-256, all inside the database. Before, an append outside a
 * transaction was BEGIN, lock, select, insert, COMMIT: five round trips on every staff action.
 *
 * The hash is the same as recordHash computes (trail verification recomputes it in JavaScript):
 * SHA-256 of `prev_hash \n canonical-record`, where the caller sends the canonical record up to its
 * last key, `"seq":`, which sorts after every other key and is only known under the lock.
 * Each statement of a VOLATILE PL/pgSQL function takes a new snapshot, so the last record is read
 * after the lock is held (a single INSERT … SELECT would read it with the snapshot taken before).
 *
 * `auth_changed` notifications: any UPDATE or DELETE of users, units or auth_sessions (whoever
 * makes it) tells every API process to empty its cache of token reads (apps/api/src/auth/user-cache.ts),
 * so a revocation takes effect at once although a token's read is reused for a few seconds.
 */
export class RequestRoundTrips1765780000000 implements MigrationInterface {
  name = 'RequestRoundTrips1765780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION audit_trail_append(
        p_key text, p_recorded_at timestamptz, p_kind text, p_action text, p_outcome text,
        p_actor_user_id text, p_actor_role text, p_actor_unit_id text, p_petition_id uuid,
        p_detail jsonb, p_body_head text)
      RETURNS SETOF audit_trail LANGUAGE plpgsql VOLATILE SET search_path = public, pg_temp AS $$
      DECLARE
        last_seq bigint;
        last_hash text;
        next_seq bigint;
        prev text;
      BEGIN
        -- 0x6175646974, 'audit' in ASCII: the same key as every other writer of the chain takes.
        PERFORM pg_advisory_xact_lock(418581342580);
        IF p_key IS NOT NULL THEN
          RETURN QUERY SELECT * FROM audit_trail WHERE record_key = p_key;
          IF FOUND THEN RETURN; END IF;
        END IF;
        SELECT seq, hash INTO last_seq, last_hash FROM audit_trail ORDER BY seq DESC LIMIT 1;
        next_seq := coalesce(last_seq, 0) + 1;
        prev := coalesce(last_hash, repeat('0', 64));
        RETURN QUERY
          INSERT INTO audit_trail (seq, record_key, recorded_at, kind, action, outcome, actor_user_id, actor_role,
                                   actor_unit_id, petition_id, detail, prev_hash, hash)
          VALUES (next_seq, p_key, p_recorded_at, p_kind, p_action, p_outcome, p_actor_user_id, p_actor_role,
                  p_actor_unit_id, p_petition_id, p_detail, prev,
                  encode(sha256(convert_to(prev || E'\\n' || p_body_head || next_seq::text || '}', 'UTF8')), 'hex'))
          RETURNING *;
      END $$`);
    await q.query(`
      CREATE FUNCTION notify_auth_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('auth_changed', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    for (const table of ['users', 'units', 'auth_sessions'])
      await q.query(
        `CREATE TRIGGER ${table}_auth_changed AFTER UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_auth_changed()`,
      );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['users', 'units', 'auth_sessions'])
      await q.query(`DROP TRIGGER ${table}_auth_changed ON ${table}`);
    await q.query(`DROP FUNCTION notify_auth_changed()`);
    await q.query(
      `DROP FUNCTION audit_trail_append(text, timestamptz, text, text, text, text, text, text, uuid, jsonb, text)`,
    );
  }
}
