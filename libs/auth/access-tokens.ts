/**
 * Bearer tokens the API accepts: its own short-lived access tokens (HS256 JWTs signed with
 * TOKEN_SIGNING_KEY) and, when configured, an OIDC provider's JWTs (verified against its JWKS).
 * Whether the user still may act is decided per request against the database (see the guard).
 */
import { SignJWT, createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import type { AuthConfig, OidcConfig } from '../config/config';
import { illFormedTextKind } from '../process/well-formed-text';

export const TOKEN_ISSUER = 'petitions';
export const TOKEN_AUDIENCE = 'petitions-api';

export interface AccessClaims {
  userId: string;
  /** users.token_version when the token was issued. */
  tokenVersion: number;
  /** The sign-in session; logout revokes it. */
  sessionId: string;
}

export type VerifiedBearer = { kind: 'local'; claims: AccessClaims } | { kind: 'oidc'; subject: string };

export class BearerError extends Error {}

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * A user id or OIDC subject the database can be asked about: text without control characters or
 * text no record can hold, of a sane length. Even a validly signed token is refused (401, never a 500 from the
 * query) when its claims are not what this service issues.
 */
function fitSubject(subject: string): boolean {
  return subject.length > 0 && subject.length <= 200 && !CONTROL.test(subject) && illFormedTextKind(subject) === null;
}

const keyOf = (auth: AuthConfig) => new TextEncoder().encode(auth.tokenSigningKey);

export function signAccessToken(
  auth: AuthConfig,
  claims: AccessClaims,
  ttlSeconds = auth.accessTokenTtlSeconds,
): Promise<string> {
  return new SignJWT({ ver: claims.tokenVersion, sid: claims.sessionId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(keyOf(auth));
}

const jwksByUrl = new Map<string, ReturnType<typeof createRemoteJWKSet>>();
function jwksOf(oidc: OidcConfig) {
  let jwks = jwksByUrl.get(oidc.jwksUrl);
  if (!jwks) {
    jwks = createRemoteJWKSet(new URL(oidc.jwksUrl), { timeoutDuration: 5000, cooldownDuration: 30_000 });
    jwksByUrl.set(oidc.jwksUrl, jwks);
  }
  return jwks;
}

export async function verifyBearer(auth: AuthConfig, token: string): Promise<VerifiedBearer> {
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(token);
  } catch {
    throw new BearerError('the bearer token is not a JWT: sign in with POST /auth/login');
  }
  try {
    if (auth.oidc && unverified.iss === auth.oidc.issuer) {
      const { payload } = await jwtVerify(token, jwksOf(auth.oidc), {
        issuer: auth.oidc.issuer,
        audience: auth.oidc.audience,
        clockTolerance: 30,
      });
      const subject = payload[auth.oidc.userClaim];
      if (typeof subject !== 'string' || subject.length === 0)
        throw new BearerError(`the OIDC token has no "${auth.oidc.userClaim}" claim`);
      if (!fitSubject(subject))
        throw new BearerError(`the OIDC token's "${auth.oidc.userClaim}" claim is not a user id this service knows`);
      return { kind: 'oidc', subject };
    }
    const { payload } = await jwtVerify(token, keyOf(auth), {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      algorithms: ['HS256'],
    });
    if (typeof payload.sub !== 'string' || typeof payload.ver !== 'number' || typeof payload.sid !== 'string') {
      throw new BearerError('the access token lacks its claims');
    }
    if (!SESSION_ID.test(payload.sid) || !fitSubject(payload.sub) || !Number.isSafeInteger(payload.ver)) {
      throw new BearerError(
        "the access token's claims are not ones this service issues (session id, user id, version)",
      );
    }
    return { kind: 'local', claims: { userId: payload.sub, tokenVersion: payload.ver, sessionId: payload.sid } };
  } catch (error) {
    if (error instanceof BearerError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'ERR_JWT_EXPIRED')
      throw new BearerError('the access token has expired: refresh it with POST /auth/refresh');
    throw new BearerError(`the bearer token was refused: ${(error as Error).message}${code ? ` (${code})` : ''}`);
  }
}
