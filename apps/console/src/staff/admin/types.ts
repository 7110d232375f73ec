/** The admin endpoints' answers, as the API's OpenAPI document gives them; and the level rule the forms follow. */
import type { Schemas } from '../../api/client';

export type AdminUnit = Schemas['AdminUnitView'];
export type AdminUser = Schemas['AdminUserView'];
export type AdminChange = Schemas['AdminChangeView'];
type UnitLevel = AdminUnit['level'];

export const LEVELS_TOP_DOWN: readonly UnitLevel[] = ['province', 'city', 'county', 'township'];

/** The level of a unit under one of `level` (null under the lowest). */
export function levelBelow(level: UnitLevel): UnitLevel | null {
  return LEVELS_TOP_DOWN[LEVELS_TOP_DOWN.indexOf(level) + 1] ?? null;
}
