import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Least privilege: the API and the worker connect as a runtime role that owns nothing (so it can
 * run no DDL: no DROP TRIGGER, no ALTER, no TRUNCATE) and may only read and write rows. On
 * append-only tables it may only INSERT and SELECT. `apply_runtime_grants(role)` grants that on
 * every table of the schema; `npm run migrate` calls it after every run, so tables added by later
 * migrations get the right grants without doing anything.
 *
 * A table is append-only when it has a trigger whose function name ends in `_append_only`
 * (accountability_records, admin_changes), or its comment starts with 'append-only'.
 */
export class RuntimeGrants1765130000000 implements MigrationInterface {
  name = 'RuntimeGrants1765130000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION apply_runtime_grants(runtime_role text) RETURNS void LANGUAGE plpgsql AS $$
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
          EXECUTE format('REVOKE ALL ON TABLE public.%I FROM %I', t.name, runtime_role);
          IF t.name = 'migrations' THEN
            EXECUTE format('GRANT SELECT ON TABLE public.%I TO %I', t.name, runtime_role);
          ELSIF t.append_only THEN
            EXECUTE format('GRANT SELECT, INSERT ON TABLE public.%I TO %I', t.name, runtime_role);
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
  }
}
