import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '@/libs/config/config';
import { BearerError, verifyBearer } from '@/libs/auth/access-tokens';
import type { Role } from '@/libs/process/policy';
import { ApiError } from '../common/api-error';
import { SERVICE_CONFIG } from '../common/tokens';
import type { AuthenticatedUser } from './authenticated-user';
import { UserCache } from './user-cache';

const PUBLIC = 'auth:public';
const ROLES = 'auth:roles';
/** No bearer token needed (health, docs, sign-in, the petitioner's query-code endpoints). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles may call the endpoint (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): AuthenticatedUser => ctx.switchToHttp().getRequest().user,
);

interface UserRow {
  id: string;
  name: string;
  role: Role;
  unitId: string;
  regionPath: string;
  active: boolean;
  unitActive: boolean;
  tokenVersion: number;
  /** Null when the token's session is not found (or an OIDC token, which has none). */
  sessionRevoked: boolean | null;
  sessionExpiresAt: Date | null;
}

/**
 * One guard for the whole API: `Authorization: Bearer <token>`, a signed access token from
 * POST /auth/login (or an OIDC provider's JWT), checked against the database on every request, so
 * a deactivated user, a changed role or unit, or a logged-out session is refused at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    private readonly cache: UserCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token)
      throw new ApiError(
        'unauthenticated',
        'send Authorization: Bearer <access token> (sign in with POST /auth/login)',
        undefined,
        undefined,
        { messageKey: 'auth.tokenMissing' },
      );
    const user = await this.authenticate(token);
    request.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ApiError(
        'forbidden',
        `this needs the role ${roles.join(' or ')}; you are ${user.role}`,
        undefined,
        undefined,
        {
          messageKey: 'auth.roleNeeded',
          params: { roles: [...roles], role: user.role },
        },
      );
    }
    return true;
  }

  private async authenticate(token: string): Promise<AuthenticatedUser> {
    let bearer;
    try {
      bearer = await verifyBearer(this.config.auth, token);
    } catch (error) {
      if (error instanceof BearerError)
        throw new ApiError('unauthenticated', error.message, undefined, undefined, { messageKey: 'auth.tokenInvalid' });
      throw error;
    }
    const select = `SELECT u.id, u.name, u.role, u.unit_id AS "unitId", n.region_path AS "regionPath", u.active, n.active AS "unitActive",
                           u.token_version AS "tokenVersion", s.revoked_at IS NOT NULL AS "sessionRevoked", s.expires_at AS "sessionExpiresAt"
                      FROM users u JOIN units n ON n.id = u.unit_id
                      LEFT JOIN auth_sessions s ON s.id = $2::uuid AND s.user_id = u.id`;
    // Cached for a few seconds, emptied on any change of a user, unit or session (user-cache.ts).
    const rows: UserRow[] =
      bearer.kind === 'local'
        ? await this.cache.get(`local:${bearer.claims.userId}:${bearer.claims.sessionId}`, () =>
            this.dataSource.query(`${select} WHERE u.id = $1`, [bearer.claims.userId, bearer.claims.sessionId]),
          )
        : await this.cache.get(`oidc:${bearer.subject}`, () =>
            this.dataSource.query(`${select} WHERE u.oidc_subject = $1`, [bearer.subject, null]),
          );
    const row = rows[0];
    if (!row)
      throw new ApiError(
        'unauthenticated',
        bearer.kind === 'oidc' ? 'the OIDC subject is not a user of this service' : 'unknown user',
        undefined,
        undefined,
        { messageKey: 'auth.unknownUser' },
      );
    if (!row.active || !row.unitActive)
      throw new ApiError('unauthenticated', 'the account or its unit is deactivated', undefined, undefined, {
        messageKey: 'auth.deactivated',
      });
    if (bearer.kind === 'local') {
      if (row.tokenVersion !== bearer.claims.tokenVersion)
        throw new ApiError(
          'unauthenticated',
          'the account changed (role, unit or password) since this token was issued: sign in again',
          undefined,
          undefined,
          { messageKey: 'auth.accountChanged' },
        );
      const sessionOpen =
        row.sessionRevoked === false &&
        row.sessionExpiresAt !== null &&
        new Date(row.sessionExpiresAt).getTime() > Date.now();
      if (!sessionOpen)
        throw new ApiError(
          'unauthenticated',
          'the session has ended (logged out or revoked): sign in again',
          undefined,
          undefined,
          {
            messageKey: 'auth.sessionEnded',
          },
        );
    }
    return {
      id: row.id,
      name: row.name,
      role: row.role,
      unitId: row.unitId,
      regionPath: row.regionPath,
      sessionId: bearer.kind === 'local' ? bearer.claims.sessionId : null,
    };
  }
}
