import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit counters shared by every API replica (the throttler's storage), and the record of
 * failed sign-ins, wrong query codes and refused (rate-limited) requests.
 */
export class AbuseLimits1765120000000 implements MigrationInterface {
  name = 'AbuseLimits1765120000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rate_limits (
        key text PRIMARY KEY,
        hits integer NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz
      )`);
    await q.query(`
      CREATE TABLE access_failures (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL CHECK (kind IN ('signIn', 'queryCode', 'rateLimited')),
        subject text,
        client text NOT NULL,
        detail text NOT NULL
      )`);
    await q.query(`CREATE INDEX access_failures_subject ON access_failures (kind, subject, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_failures`);
    await q.query(`DROP TABLE rate_limits`);
  }
}
