import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two parts of issue 19 the outbox lacked:
 *  - the warning digest (预警汇总): notification_digest_settings says whose 70 %/90 % warnings are
 *    mailed as one mail a morning instead of one by one; notification_digest_items holds each such
 *    warning (kept from the mail, still in the console) until a digest takes it (digest_key).
 *    The digest itself is a notification keyed `digest:<user>:<date>`, so two API processes
 *    assembling it at once insert it once (the key is the primary key).
 *  - petitioners hear of their case's milestones when they opted in: the address they gave
 *    (milestone_email / milestone_phone) is personal data, kept with the registration (and the
 *    online submission until it is registered), never in Temporal; a notification to the petitioner
 *    has neither a unit nor a user as audience but audience_petitioner.
 */
export class DigestsAndPetitionerMilestones1765800000000 implements MigrationInterface {
  name = 'DigestsAndPetitionerMilestones1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications ADD COLUMN audience_petitioner boolean NOT NULL DEFAULT false`);
    // The outbox's first migration named its audience check implicitly: find it by its definition.
    await q.query(`
      DO $$
      DECLARE c text;
      BEGIN
        FOR c IN SELECT conname FROM pg_constraint
                  WHERE conrelid = 'notifications'::regclass AND contype = 'c'
                    AND pg_get_constraintdef(oid) LIKE '%audience_unit_id IS NULL%audience_user_id IS NULL%'
        LOOP
          EXECUTE format('ALTER TABLE notifications DROP CONSTRAINT %I', c);
        END LOOP;
      END $$`);
    await q.query(
      `ALTER TABLE notifications ADD CONSTRAINT notifications_one_audience
         CHECK (num_nonnulls(audience_unit_id, audience_user_id) + audience_petitioner::int = 1)`,
    );
    for (const table of ['petition_intakes', 'online_submissions']) {
      await q.query(`ALTER TABLE ${table} ADD COLUMN milestone_email text CHECK (char_length(milestone_email) <= 254)`);
      await q.query(`ALTER TABLE ${table} ADD COLUMN milestone_phone text CHECK (char_length(milestone_phone) <= 30)`);
    }
    await q.query(`
      CREATE TABLE notification_digest_settings (
        user_id text PRIMARY KEY REFERENCES users (id),
        warnings boolean NOT NULL
      )`);
    await q.query(`
      CREATE TABLE notification_digest_items (
        notification_key text PRIMARY KEY REFERENCES notifications (key),
        user_id text NOT NULL REFERENCES users (id),
        digest_key text REFERENCES notifications (key),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX notification_digest_items_waiting ON notification_digest_items (user_id, created_at) WHERE digest_key IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_digest_items`);
    await q.query(`DROP TABLE notification_digest_settings`);
    for (const table of ['online_submissions', 'petition_intakes']) {
      await q.query(`ALTER TABLE ${table} DROP COLUMN milestone_phone`);
      await q.query(`ALTER TABLE ${table} DROP COLUMN milestone_email`);
    }
    await q.query(
      `DELETE FROM notification_deliveries d USING notifications n WHERE n.key = d.notification_key AND n.audience_petitioner`,
    );
    await q.query(
      `DELETE FROM notification_reads r USING notifications n WHERE n.key = r.notification_key AND n.audience_petitioner`,
    );
    await q.query(`DELETE FROM notifications WHERE audience_petitioner`);
    await q.query(`ALTER TABLE notifications DROP CONSTRAINT notifications_one_audience`);
    await q.query(`ALTER TABLE notifications DROP COLUMN audience_petitioner`);
    await q.query(`ALTER TABLE notifications ADD CHECK ((audience_unit_id IS NULL) <> (audience_user_id IS NULL))`);
  }
}
