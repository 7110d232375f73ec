import { CanActivate, ExecutionContext, Injectable, SetMetadata, UnauthorizedException, ForbiddenException, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { hashToken } from '../../../../libs/persistence/demo-seed';
import type { Role } from '../../../../libs/process/policy';
import type { AuthenticatedUser } from './authenticated-user';

const PUBLIC = 'auth:public';
const ROLES = 'auth:roles';
/** No bearer token needed (health, docs). */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles may call the endpoint (403 otherwise). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES, roles);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthenticatedUser => ctx.switchToHttp().getRequest().user);

/** One guard for the whole API: `Authorization: Bearer <token>` → a user of a unit, with a role. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest();
    const header: string | undefined = request.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    if (!token) throw new UnauthorizedException('send Authorization: Bearer <token> (npm start prints the demo users\' tokens)');
    const rows: AuthenticatedUser[] = await this.dataSource.query(
      `SELECT u.id, u.name, u.role, u.unit_id AS "unitId", n.region_path AS "regionPath"
         FROM users u JOIN units n ON n.id = u.unit_id WHERE u.token_hash = $1`,
      [hashToken(token)],
    );
    if (rows.length === 0) throw new UnauthorizedException('unknown or revoked token');
    request.user = rows[0];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(rows[0].role)) {
      throw new ForbiddenException(`this needs the role ${roles.join(' or ')}; you are ${rows[0].role}`);
    }
    return true;
  }
}
