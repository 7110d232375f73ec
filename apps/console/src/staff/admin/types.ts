/** The admin endpoints' answers (their OpenAPI document declares no response schema; see AdminService). */
import type { UnitKind, UnitLevel } from '../../../../../libs/process/units';
import type { StaffRole } from '../session';

export interface AdminUnit {
  id: string;
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  parentId: string | null;
  regionPath: string;
  active: boolean;
}

export interface AdminUser {
  id: string;
  name: string;
  role: StaffRole;
  unitId: string;
  active: boolean;
  oidcSubject: string | null;
  hasPassword: boolean;
}

export interface AdminChange {
  id: number | string;
  at: string;
  actorUserId: string;
  actorUnitId: string | null;
  action: string;
  targetKind: 'unit' | 'user';
  targetId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const LEVELS_TOP_DOWN: readonly UnitLevel[] = ['province', 'city', 'county', 'township'];

/** The level of a unit under one of `level` (null under the lowest). */
export function levelBelow(level: UnitLevel): UnitLevel | null {
  return LEVELS_TOP_DOWN[LEVELS_TOP_DOWN.indexOf(level) + 1] ?? null;
}
