import { MigrationInterface, QueryRunner } from 'typeorm';
import { RuntimeGrants1765130000000 } from './1765130000000-runtime-grants';

/**
 * Narrower grants for the runtime role, where table-wide UPDATE/DELETE let it rewrite what it
 * should only add to:
 *  - petition_events (the case timeline) and access_failures (the record of failed sign-ins and
 *    wrong query codes) become append-only: INSERT and SELECT only. The projection inserts events
 *    with ON CONFLICT DO NOTHING, which needs no more.
 *  - users: UPDATE only on the columns the service changes (name, unit_id, password_hash,
 *    token_version, active), never `role`. A role changes only through change_user_role(), a
 *    SECURITY DEFINER function that refuses unless the same transaction has already written the
 *    change's admin_changes record (append-only) naming that role: no role can change without a
 *    record of who changed it.
 * Columns a later migration adds to users are not updatable by the runtime role until listed here.
 */
export class RuntimeColumnGrants1765640000000 implements MigrationInterface {
  name = 'RuntimeColumnGrants1765640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`COMMENT ON TABLE petition_events IS 'append-only: the case timeline, as the workflow recorded it'`);
    await q.query(
      `COMMENT ON TABLE access_failures IS 'append-only: failed sign-ins, wrong query codes and rate-limit refusals'`,
    );
    await q.query(`
      CREATE FUNCTION change_user_role(p_user_id text, p_role text) RETURNS void
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      BEGIN
        -- admin_changes.at defaults to now(), the start of the transaction: the latest record for the
        -- user, written in this transaction, must name the new role.
        IF NOT EXISTS (
          SELECT 1 FROM admin_changes c
           WHERE c.id = (SELECT max(id) FROM admin_changes WHERE target_kind = 'user' AND target_id = p_user_id)
             AND c.at = now() AND c.after ->> 'role' = p_role) THEN
          RAISE EXCEPTION 'the role of user % changes only together with its admin_changes record, in one transaction', p_user_id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        UPDATE users SET role = p_role WHERE id = p_user_id;
      END $$`);
    await q.query(`REVOKE EXECUTE ON FUNCTION change_user_role(text, text) FROM PUBLIC`);
    await q.query(`
      CREATE OR REPLACE FUNCTION apply_runtime_grants(runtime_role text) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        t record;
      BEGIN
        EXECUTE format('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
        EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', runtime_role);
        FOR t IN
          SELECT c.relname AS name,
                 EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_proc p ON p.oid = g.tgfoid
                          WHERE g.tgrelid = c.oid AND p.proname LIKE '%\\_append\\_only')
                 OR coalesce(obj_description(c.oid, 'pg_class'), '') LIKE 'append-only%' AS append_only
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        LOOP
          -- Revoking on the table revokes its column grants too.
          EXECUTE format('REVOKE ALL ON TABLE public.%I FROM %I', t.name, runtime_role);
          IF t.name = 'migrations' THEN
            EXECUTE format('GRANT SELECT ON TABLE public.%I TO %I', t.name, runtime_role);
          ELSIF t.append_only THEN
            EXECUTE format('GRANT SELECT, INSERT ON TABLE public.%I TO %I', t.name, runtime_role);
          ELSIF t.name = 'users' THEN
            EXECUTE format('GRANT SELECT, INSERT ON TABLE public.users TO %I', runtime_role);
            EXECUTE format('GRANT UPDATE (name, unit_id, password_hash, token_version, active) ON TABLE public.users TO %I', runtime_role);
          ELSE
            EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE public.%I TO %I', t.name, runtime_role);
          END IF;
        END LOOP;
        EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO %I', runtime_role);
        EXECUTE format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO %I', runtime_role);
        EXECUTE format('REVOKE EXECUTE ON FUNCTION apply_runtime_grants(text) FROM PUBLIC, %I', runtime_role);
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION apply_runtime_grants(text)`);
    await new RuntimeGrants1765130000000().up(q);
    await q.query(`DROP FUNCTION change_user_role(text, text)`);
    await q.query(`COMMENT ON TABLE petition_events IS NULL`);
    await q.query(`COMMENT ON TABLE access_failures IS NULL`);
  }
}
