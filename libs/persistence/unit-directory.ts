import { DataSource } from 'typeorm';
import { preparedQuery } from './prepared-query';
import type { UnitRef } from '../process';

/**
 * 信访工作负责人 of the unit `u` (an SQL alias): the admin's choice, else the unit's first active
 * unit head (by id, so the answer is stable). One expression for the directory, the admin and the ledger.
 */
export function personInChargeOf(u: string): string {
  return `coalesce(${u}.person_in_charge_user_id,
    (SELECT h.id FROM users h WHERE h.unit_id = ${u}.id AND h.role = 'unitHead' AND h.active ORDER BY h.id LIMIT 1))`;
}

/** The units of the tree as the workflow needs them; unknown ids map to null. */
export async function describeUnits(
  dataSource: DataSource,
  unitIds: string[],
): Promise<Record<string, UnitRef | null>> {
  const rows: {
    id: string;
    kind: UnitRef['kind'];
    level: UnitRef['level'];
    parent_id: string | null;
    offices: string[];
    person_in_charge: string | null;
  }[] = await preparedQuery(
    dataSource,
    'units.describe',
    `SELECT u.id, u.kind, u.level, u.parent_id, ${personInChargeOf('u')} AS person_in_charge,
            ARRAY(SELECT o.id FROM units o
                   WHERE o.kind = 'petitionOffice' AND (u.region_path = o.region_path OR u.region_path LIKE o.region_path || '.%')
                   ORDER BY length(o.region_path) DESC, o.id) AS offices
       FROM units u WHERE u.id = ANY($1)`,
    [unitIds],
  );
  const found = new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        kind: r.kind,
        level: r.level,
        parentId: r.parent_id,
        supervisingOfficeId: r.offices[0] ?? null,
        supervisingOffices: r.offices,
        personInChargeUserId: r.person_in_charge,
      },
    ]),
  );
  return Object.fromEntries(unitIds.map((id) => [id, found.get(id) ?? null]));
}
