/**
 * Sign-in sessions: a password sign-in opens one and returns a short-lived access token and a
 * refresh token. The refresh token is stored only as a hash and is single-use: each refresh
 * rotates it, and presenting a used one again (a stolen copy) revokes the whole session. Logout
 * revokes the session, which also refuses its access tokens at once.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuthConfig } from '../config/config';
import type { Role } from '../process/policy';
import { recordLogin } from '../audit/audit-trail';
import { signAccessToken } from './access-tokens';
import { passwordMatches } from './passwords';

export interface SignedInUser {
  id: string;
  name: string;
  role: Role;
  unitId: string;
}

export interface IssuedTokens {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds the access token is valid. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  user: SignedInUser;
}

export type SignInRefusal = 'badCredentials' | 'refreshInvalid' | 'refreshReused';

export class SignInError extends Error {
  constructor(
    readonly reason: SignInRefusal,
    message: string,
  ) {
    super(message);
  }
}

type Db = DataSource | EntityManager;

export const hashRefreshToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newRefreshToken = () => randomBytes(32).toString('base64url');

interface AccountRow extends SignedInUser {
  password_hash: string | null;
  token_version: number;
  active: boolean;
  unit_active: boolean;
}

async function account(db: Db, userId: string): Promise<AccountRow | undefined> {
  const rows: AccountRow[] = await db.query(
    `SELECT u.id, u.name, u.role, u.unit_id AS "unitId", u.password_hash, u.token_version, u.active, n.active AS unit_active
       FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1`,
    [userId],
  );
  return rows[0];
}

async function issue(
  db: Db,
  auth: AuthConfig,
  user: SignedInUser,
  tokenVersion: number,
  sessionId: string,
  accessTtlSeconds?: number,
): Promise<IssuedTokens> {
  const refreshToken = newRefreshToken();
  await db.query(`INSERT INTO refresh_tokens (token_hash, session_id) VALUES ($1, $2)`, [
    hashRefreshToken(refreshToken),
    sessionId,
  ]);
  const expiresIn = accessTtlSeconds ?? auth.accessTokenTtlSeconds;
  return {
    tokenType: 'Bearer',
    accessToken: await signAccessToken(auth, { userId: user.id, tokenVersion, sessionId }, expiresIn),
    expiresIn,
    refreshToken,
    refreshExpiresIn: auth.refreshTokenTtlSeconds,
    user: { id: user.id, name: user.name, role: user.role, unitId: user.unitId },
  };
}

/**
 * Password sign-in. Unknown user, wrong password, deactivated user or unit: one answer, so the
 * endpoint does not tell which accounts exist.
 */
export async function signIn(
  db: DataSource,
  auth: AuthConfig,
  userId: string,
  password: string,
  options: { accessTtlSeconds?: number } = {},
): Promise<IssuedTokens> {
  const found = await account(db, userId);
  const matches = await passwordMatches(found?.password_hash ?? null, password);
  if (!found || !matches || !found.active || !found.unit_active) {
    // On the audit trail with the actual cause; the caller hears one answer for all of them.
    const reason = !found
      ? 'unknown user'
      : !matches
        ? 'wrong password'
        : !found.active
          ? 'account deactivated'
          : 'unit deactivated';
    await recordLogin(db.manager, {
      userId: found?.id ?? null,
      role: found?.role,
      unitId: found?.unitId,
      succeeded: false,
      method: 'password',
      reason,
      attemptedUserId: userId,
    });
    throw new SignInError('badCredentials', 'unknown user, wrong password, or the account is deactivated');
  }
  const sessionId = randomUUID();
  return db.transaction(async (tx) => {
    await recordLogin(tx, {
      userId: found.id,
      role: found.role,
      unitId: found.unitId,
      succeeded: true,
      method: 'password',
      sessionId,
    });
    await tx.query(
      `INSERT INTO auth_sessions (id, user_id, token_version, expires_at) VALUES ($1, $2, $3, now() + make_interval(secs => $4))`,
      [sessionId, found.id, found.token_version, auth.refreshTokenTtlSeconds],
    );
    return issue(tx, auth, found, found.token_version, sessionId, options.accessTtlSeconds);
  });
}

/** A new access token and a new refresh token for a valid, unused refresh token. */
export async function refreshSession(db: DataSource, auth: AuthConfig, refreshToken: string): Promise<IssuedTokens> {
  const outcome = await db.transaction(async (tx): Promise<IssuedTokens | SignInError> => {
    const rows: {
      session_id: string;
      used_at: Date | null;
      user_id: string;
      session_version: number;
      revoked_at: Date | null;
      expired: boolean;
    }[] = await tx.query(
      `SELECT r.session_id, r.used_at, s.user_id, s.token_version AS session_version, s.revoked_at, s.expires_at <= now() AS expired
         FROM refresh_tokens r JOIN auth_sessions s ON s.id = r.session_id
        WHERE r.token_hash = $1 FOR UPDATE OF r, s`,
      [hashRefreshToken(refreshToken)],
    );
    const invalid = new SignInError(
      'refreshInvalid',
      'the refresh token is unknown, expired or revoked: sign in again',
    );
    const row = rows[0];
    if (!row || row.revoked_at || row.expired) return invalid;
    if (row.used_at) {
      await revokeSession(tx, row.session_id, 'refresh token presented twice');
      return new SignInError(
        'refreshReused',
        'this refresh token was already used; the session is revoked: sign in again',
      );
    }
    const user = await account(tx, row.user_id);
    if (!user || !user.active || !user.unit_active || user.token_version !== row.session_version) {
      await revokeSession(tx, row.session_id, 'account changed');
      return invalid;
    }
    await tx.query(`UPDATE refresh_tokens SET used_at = now() WHERE token_hash = $1`, [hashRefreshToken(refreshToken)]);
    return issue(tx, auth, user, user.token_version, row.session_id);
  });
  if (outcome instanceof SignInError) throw outcome;
  return outcome;
}

export async function revokeSession(db: Db, sessionId: string, reason: string): Promise<void> {
  await db.query(
    `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL`,
    [sessionId, reason],
  );
}

/**
 * Every token of the user stops working at once: the token version moves on (access tokens carry
 * the old one) and open sessions are revoked (their refresh tokens with them). Run on
 * deactivation, a change of role or unit, and a password reset.
 */
export async function revokeUserAccess(db: Db, userId: string, reason: string): Promise<void> {
  await db.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [userId]);
  await db.query(
    `UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE user_id = $1 AND revoked_at IS NULL`,
    [userId, reason],
  );
}
