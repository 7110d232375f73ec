import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DirectoryActor, DirectoryError, recordRefusedChange } from '@/libs/persistence/directory-admin';
import { CALENDAR_VERSION, CALENDAR_VERSIONS } from '@/libs/process/calendar';
import { CURRENT_POLICY, policyByVersion } from '@/libs/process/policy';
import { formatInstant } from '@/libs/process/wire-time';
import { refusalAlreadyRecorded } from '../common/api-error';
import { currentRequestId } from '@/libs/temporal/request-id';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import type { AdminChangeView, AdminUnitView, AdminUserView, InstalledVersionsView } from './dto/admin-views';

function httpError(error: DirectoryError): HttpException {
  const body = {
    message: error.message,
    ...(error.field ? { field: error.field } : {}),
    // The catalogue's key for the refusal (libs/process/messages); without one the code's sentence is said.
    ...(error.messageKey ? { messageKey: error.messageKey, params: { ...error.params } } : {}),
  };
  switch (error.code) {
    case 'invalid':
      return new BadRequestException({ statusCode: 400, code: 'invalid', ...body });
    case 'notFound':
      return new NotFoundException({ statusCode: 404, code: 'notFound', ...body });
    case 'forbidden':
      return new ForbiddenException({ statusCode: 403, code: 'outsideRegion', ...body });
    case 'conflict':
      return new ConflictException({ statusCode: 409, code: 'conflict', ...body });
  }
}

/** The admin endpoints' common path: one transaction per change, directory errors mapped to HTTP. */
@Injectable()
export class AdminService {
  constructor(private readonly dataSource: DataSource) {}

  actor(user: AuthenticatedUser): DirectoryActor {
    return { userId: user.id, unitId: user.unitId, regionPath: user.regionPath };
  }

  /**
   * The admin endpoints' common path: one transaction per change, directory errors mapped to HTTP.
   * A refused change writes nothing but its own record on the audit trail.
   */
  async change<T>(
    user: AuthenticatedUser,
    action: string,
    target: { kind: 'unit' | 'user'; id: string | null },
    work: (tx: EntityManager) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (error instanceof DirectoryError) {
        await recordRefusedChange(
          this.dataSource.manager,
          { ...this.actor(user), role: user.role },
          action,
          target,
          error,
          currentRequestId(),
        );
        throw refusalAlreadyRecorded(httpError(error));
      }
      throw error;
    }
  }

  units(user: AuthenticatedUser): Promise<AdminUnitView[]> {
    return this.dataSource.query(
      `SELECT id, name, kind, level, parent_id AS "parentId", region_path AS "regionPath", active, organ_code AS "organCode" FROM units
        WHERE region_path = $1 OR starts_with(region_path, $1 || '.') ORDER BY region_path, id`,
      [user.regionPath],
    );
  }

  users(user: AuthenticatedUser): Promise<AdminUserView[]> {
    return this.dataSource.query(
      `SELECT u.id, u.name, u.role, u.unit_id AS "unitId", u.active, u.oidc_subject AS "oidcSubject", u.password_hash IS NOT NULL AS "hasPassword"
         FROM users u JOIN units n ON n.id = u.unit_id
        WHERE n.region_path = $1 OR starts_with(n.region_path, $1 || '.') ORDER BY n.region_path, u.id`,
      [user.regionPath],
    );
  }

  /** Changes to units and users now at or below the admin's region (and changes the admin made), newest first. */
  async changes(user: AuthenticatedUser, limit: number): Promise<AdminChangeView[]> {
    const rows: (Omit<AdminChangeView, 'at'> & { at: Date })[] = await this.dataSource.query(
      `SELECT c.id, c.at, c.actor_user_id AS "actorUserId", c.actor_unit_id AS "actorUnitId", c.action, c.target_kind AS "targetKind",
              c.target_id AS "targetId", c.before, c.after, au.name AS "actorName",
              CASE WHEN c.target_kind = 'user' THEN tu.name ELSE tn.name END AS "targetName"
         FROM admin_changes c
         LEFT JOIN users au ON au.id = c.actor_user_id
         LEFT JOIN users tu ON c.target_kind = 'user' AND tu.id = c.target_id
         LEFT JOIN units tn ON c.target_kind = 'unit' AND tn.id = c.target_id
         LEFT JOIN units n ON n.id = CASE WHEN c.target_kind = 'unit' THEN c.target_id ELSE tu.unit_id END
        WHERE c.actor_user_id = $1 OR n.region_path = $2 OR starts_with(n.region_path, $2 || '.')
        ORDER BY c.id DESC LIMIT $3`,
      [user.id, user.regionPath, limit],
    );
    // An instant on the wire is ISO-8601 +08:00, as everywhere else; the id (bigint) arrives as a string.
    return rows.map((r) => ({ ...r, id: String(r.id), at: formatInstant(r.at) }));
  }

  /** Installed policy and calendar versions, which is current, and how many cases count by each. */
  async versions(): Promise<InstalledVersionsView> {
    const inUse: { policy_version: string; calendar_version: string; cases: number; open: number }[] =
      await this.dataSource.query(
        `SELECT policy_version, calendar_version, count(*)::int AS cases, count(*) FILTER (WHERE closed_at IS NULL)::int AS open
         FROM petitions GROUP BY policy_version, calendar_version`,
      );
    const count = (key: 'policy_version' | 'calendar_version', version: string) =>
      inUse
        .filter((r) => r[key] === version)
        .reduce((sum, r) => ({ cases: sum.cases + r.cases, open: sum.open + r.open }), { cases: 0, open: 0 });
    const policyVersions = [...new Set([CURRENT_POLICY.version, ...inUse.map((r) => r.policy_version)])];
    return {
      policies: policyVersions.map((version) => ({
        version,
        current: version === CURRENT_POLICY.version,
        installed: isInstalledPolicy(version),
        ...count('policy_version', version),
      })),
      calendars: CALENDAR_VERSIONS.map((version) => ({
        version,
        current: version === CALENDAR_VERSION,
        installed: true,
        ...count('calendar_version', version),
      })),
    };
  }
}

function isInstalledPolicy(version: string): boolean {
  try {
    policyByVersion(version);
    return true;
  } catch {
    return false;
  }
}
