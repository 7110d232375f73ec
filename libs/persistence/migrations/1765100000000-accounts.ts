import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts that sign in: an Argon2id password hash, a token version (raised when a user is
 * deactivated or changes role or unit, so every access token issued before is refused at once), an
 * optional OIDC subject for single sign-on, and sign-in sessions whose refresh tokens are kept
 * only as hashes. The fixed demo bearer tokens go away.
 */
export class Accounts1765100000000 implements MigrationInterface {
  name = 'Accounts1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        DROP COLUMN token_hash,
        ADD COLUMN password_hash text,
        ADD COLUMN token_version integer NOT NULL DEFAULT 0,
        ADD COLUMN active boolean NOT NULL DEFAULT true,
        ADD COLUMN oidc_subject text UNIQUE,
        ADD COLUMN created_at timestamptz NOT NULL DEFAULT now()`);
    // A deactivated unit keeps its history; its users can no longer sign in.
    await q.query(`ALTER TABLE units ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await q.query(`
      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY,
        user_id text NOT NULL REFERENCES users(id),
        token_version integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await q.query(`CREATE INDEX auth_sessions_user ON auth_sessions (user_id) WHERE revoked_at IS NULL`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        token_hash text PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES auth_sessions(id),
        issued_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE auth_sessions`);
    await q.query(`ALTER TABLE units DROP COLUMN active`);
    await q.query(
      `ALTER TABLE users DROP COLUMN password_hash, DROP COLUMN token_version, DROP COLUMN active, DROP COLUMN oidc_subject, DROP COLUMN created_at`,
    );
    await q.query(`ALTER TABLE users ADD COLUMN token_hash text UNIQUE`);
  }
}
