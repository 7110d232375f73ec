import { DataSource } from 'typeorm';
import type { LeaderPlacement } from '../process/case-leaders';
import type { UnitLevel } from '../process/units';

/** A user as a case leader: their role and where their unit sits (its region's petition office, its ancestors). */
export async function findLeaderPlacement(
  dataSource: DataSource,
  userId: string,
): Promise<{ role: string; placement: LeaderPlacement } | null> {
  const rows: { role: string; unit_id: string; level: UnitLevel; office_id: string | null; unit_chain: string[] }[] =
    await dataSource.query(
      `SELECT u.role, n.id AS unit_id, n.level,
            (SELECT o.id FROM units o
              WHERE o.kind = 'petitionOffice' AND (n.region_path = o.region_path OR n.region_path LIKE o.region_path || '.%')
              ORDER BY length(o.region_path) DESC, o.id LIMIT 1) AS office_id,
            ARRAY(WITH RECURSIVE chain(id, parent_id, depth) AS (
                    SELECT a.id, a.parent_id, 0 FROM units a WHERE a.id = n.id
                    UNION ALL SELECT p.id, p.parent_id, c.depth + 1 FROM units p JOIN chain c ON p.id = c.parent_id WHERE c.depth < 10)
                  SELECT id FROM chain ORDER BY depth) AS unit_chain
       FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1`,
      [userId],
    );
  const row = rows[0];
  if (!row) return null;
  return {
    role: row.role,
    placement: { userId, unitId: row.unit_id, level: row.level, officeId: row.office_id, unitChain: row.unit_chain },
  };
}
