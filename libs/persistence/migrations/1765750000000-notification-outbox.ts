import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notification outbox (libs/notify): what a person must hear of, derived from the case
 * workflow's events by the read-model projection in the projection's own transaction, so a
 * retried or replayed projection adds nothing (the key is the case, the event's seq and the
 * audience).
 *
 *  - notifications: one row per (event, audience). The audience is a user, or a unit and the roles
 *    within it that must hear of it; who those people are is resolved when the notification is read
 *    (the console) or sent (an office's mailbox or robot), so a user who joins the unit later sees it.
 *    `data` holds what the text is built from (libs/notify/messages.ts renders it, in one place).
 *  - notification_reads: who has read which (the console's unread count).
 *  - notification_addresses: where a unit or a user is reached on a channel (an office's mailbox,
 *    its 企业微信 / 钉钉 robot URL, a phone number), kept by the admin.
 *  - notification_deliveries: one row per (notification, channel) the audience has an address on,
 *    with its state and attempts; the dispatcher claims due rows with SKIP LOCKED.
 *  - notification_preferences: a user's choice, per kind of notification and channel, to be told
 *    on that channel of what is addressed to them by name (the console always shows it).
 *  - notification_quiet_hours: an office's quiet hours (Beijing time; a window may span midnight)
 *    in which its non-urgent mail and robot messages wait for the window's end.
 */
export class NotificationOutbox1765750000000 implements MigrationInterface {
  name = 'NotificationOutbox1765750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id bigserial UNIQUE,
        key text PRIMARY KEY,
        petition_id uuid,
        event_seq integer,
        kind text NOT NULL,
        audience_unit_id text REFERENCES units (id),
        audience_roles text[] NOT NULL DEFAULT '{}',
        audience_user_id text REFERENCES users (id),
        urgent boolean NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((audience_unit_id IS NULL) <> (audience_user_id IS NULL))
      )`);
    await q.query(`CREATE INDEX notifications_unit_idx ON notifications (audience_unit_id, id DESC)`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (audience_user_id, id DESC)`);
    await q.query(`
      CREATE TABLE notification_reads (
        notification_key text NOT NULL REFERENCES notifications (key),
        user_id text NOT NULL REFERENCES users (id),
        read_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (notification_key, user_id)
      )`);
    await q.query(`
      CREATE TABLE notification_addresses (
        owner_kind text NOT NULL CHECK (owner_kind IN ('unit', 'user')),
        owner_id text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'wecom', 'dingtalk', 'webhook', 'sms')),
        address text NOT NULL CHECK (char_length(address) BETWEEN 1 AND 2000),
        PRIMARY KEY (owner_kind, owner_id, channel)
      )`);
    await q.query(`
      CREATE TABLE notification_deliveries (
        notification_key text NOT NULL REFERENCES notifications (key),
        channel text NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'retrying', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        provider_id text,
        sent_at timestamptz,
        PRIMARY KEY (notification_key, channel)
      )`);
    await q.query(
      `CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_at) WHERE state IN ('pending', 'retrying')`,
    );
    await q.query(`
      CREATE TABLE notification_quiet_hours (
        unit_id text PRIMARY KEY REFERENCES units (id),
        starts_at time NOT NULL,
        ends_at time NOT NULL,
        CHECK (starts_at <> ends_at)
      )`);
    await q.query(`
      CREATE TABLE notification_preferences (
        user_id text NOT NULL REFERENCES users (id),
        kind text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'wecom', 'dingtalk', 'webhook', 'sms')),
        enabled boolean NOT NULL,
        PRIMARY KEY (user_id, kind, channel)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notification_preferences`);
    await q.query(`DROP TABLE notification_quiet_hours`);
    await q.query(`DROP TABLE notification_deliveries`);
    await q.query(`DROP TABLE notification_addresses`);
    await q.query(`DROP TABLE notification_reads`);
    await q.query(`DROP TABLE notifications`);
  }
}
