/**
 * What the admin endpoints answer (OpenAPI schemas and the types AdminService returns): the units
 * and accounts at and below the admin's region, the change log, the installed versions.
 */
import { ApiProperty } from '@nestjs/swagger';
import { UNIT_KINDS, type UnitKindName, type UnitLevelName } from '@/libs/persistence/directory-admin';
import { LEVELS_TOP_DOWN, STAFF_ROLES, type Role } from '@/libs/process/policy';
import { ApiInstant } from '../../common/wire-instant';

export const ADMIN_CHANGE_ACTIONS = [
  'unitCreated',
  'unitRenamed',
  'unitOrganCodeSet',
  'unitPersonInChargeSet',
  'unitNotificationAddressesSet',
  'unitQuietHoursSet',
  'unitMoved',
  'unitDeactivated',
  'userCreated',
  'userChanged',
  'passwordReset',
  'userDeactivated',
] as const;

export class AdminUnitView {
  @ApiProperty({ example: 'x-zjj' }) id!: string;
  @ApiProperty({ example: '示范县住房和城乡建设局' }) name!: string;
  @ApiProperty({ enum: UNIT_KINDS, description: '信访部门 · 职能部门 · 纪检监察' }) kind!: UnitKindName;
  @ApiProperty({ enum: LEVELS_TOP_DOWN }) level!: UnitLevelName;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    example: 'c-xfj',
    description: 'the unit of the level above (null for the top unit)',
  })
  parentId!: string | null;
  @ApiProperty({
    example: 'p.c.x',
    description: 'the administrative region (属地管理): dot-separated segments from the province down',
  })
  regionPath!: string;
  @ApiProperty({ description: 'false once deactivated: its users cannot sign in' }) active!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    example: '示住建信',
    description:
      "机关代字: the head of the unit's 文号 (示住建信〔2026〕4号); null until set (documents then carry the unit's name)",
  })
  organCode!: string | null;
}

export class AdminUserView {
  @ApiProperty({ example: 'x-handler' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: STAFF_ROLES }) role!: Role;
  @ApiProperty({ example: 'x-zjj' }) unitId!: string;
  @ApiProperty({ description: 'false once deactivated: refused at once, on every token' }) active!: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    description: 'the OIDC subject the user signs in as (null: password only)',
  })
  oidcSubject!: string | null;
  @ApiProperty({ description: 'whether a password is set (the hash itself is never shown)' }) hasPassword!: boolean;
}

const JSON_ROW = { type: 'object', additionalProperties: true, nullable: true } as const;

export class AdminChangeView {
  @ApiProperty({
    example: '42',
    description: "the change's number (a bigint, as a string); later changes have higher numbers",
  })
  id!: string;
  @ApiInstant('when the change was made') at!: string;
  @ApiProperty({ example: 'admin' }) actorUserId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    example: '张三',
    description: "the admin's name as people read it (null: the account no longer exists)",
  })
  actorName!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    description: "the admin's unit (null: the operator's CLI)",
  })
  actorUnitId!: string | null;
  @ApiProperty({ enum: ADMIN_CHANGE_ACTIONS }) action!: (typeof ADMIN_CHANGE_ACTIONS)[number];
  @ApiProperty({ enum: ['unit', 'user'] }) targetKind!: 'unit' | 'user';
  @ApiProperty({ example: 'x-zjj' }) targetId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    example: '县住建局',
    description: "the unit's or user's current name (null: no longer in the directory)",
  })
  targetName!: string | null;
  @ApiProperty({ ...JSON_ROW, description: 'the unit or user before the change (as listed; null when created)' })
  before!: Record<string, unknown> | null;
  @ApiProperty({ ...JSON_ROW, description: 'the unit or user after the change' }) after!: Record<
    string,
    unknown
  > | null;
}

export class InstalledVersionView {
  @ApiProperty({ example: 'xinfang-2022/v1' }) version!: string;
  @ApiProperty({ description: 'the version new cases start with' }) current!: boolean;
  @ApiProperty({ description: 'false when cases count by a version this build no longer holds (a finding)' })
  installed!: boolean;
  @ApiProperty({ description: 'cases counting by this version' }) cases!: number;
  @ApiProperty({ description: 'of them, still open' }) open!: number;
}

export class InstalledVersionsView {
  @ApiProperty({
    type: [InstalledVersionView],
    description: 'process-policy versions: the current one and every one a case counts by',
  })
  policies!: InstalledVersionView[];
  @ApiProperty({ type: [InstalledVersionView], description: 'holiday-calendar versions installed' })
  calendars!: InstalledVersionView[];
}

/** 信访工作负责人 of a unit: who answers for its lapses when nobody was assigned the case (分办). */
export class PersonInChargeView {
  @ApiProperty({ example: 'x-zjj' }) unitId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    description: "the admin's choice; null when the unit head stands in",
  })
  designatedUserId!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    description: 'who answers now: the designated person, else the unit’s first active unit head',
  })
  personInChargeUserId!: string | null;
}
