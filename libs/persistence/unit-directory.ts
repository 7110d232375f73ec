import { DataSource } from 'typeorm';
import type { UnitRef } from '../../workflows/petition/petition.contract';

/** The units of the tree as the workflow needs them; unknown ids map to null. */
export async function describeUnits(dataSource: DataSource, unitIds: string[]): Promise<Record<string, UnitRef | null>> {
  const rows: { id: string; kind: UnitRef['kind']; level: UnitRef['level']; parent_id: string | null; office: string | null }[] = await dataSource.query(
    `SELECT u.id, u.kind, u.level, u.parent_id,
            (SELECT o.id FROM units o WHERE o.kind = 'petitionOffice' AND o.region_path = u.region_path ORDER BY o.id LIMIT 1) AS office
       FROM units u WHERE u.id = ANY($1)`,
    [unitIds],
  );
  const found = new Map(rows.map((r) => [r.id, { id: r.id, kind: r.kind, level: r.level, parentId: r.parent_id, supervisingOfficeId: r.office }]));
  return Object.fromEntries(unitIds.map((id) => [id, found.get(id) ?? null]));
}
