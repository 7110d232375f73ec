import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuthenticatedUser } from '../auth/authenticated-user';

export interface CaseAccess {
  petitionId: string;
  /** Units of the case: registering/routing, handling, review, re-review. */
  unitIds: string[];
  accusedUnitId: string | null;
}

const OVERSEEING_ROLES = ['supervisor', 'auditor', 'admin'];

/**
 * 属地管理、分级负责: staff see the cases of their own unit; supervisors and auditors also those of
 * the units below theirs. The accused unit of an accusation never learns the case exists: it gets
 * the same 404 as for a case that does not exist.
 */
@Injectable()
export class PetitionAccessService {
  constructor(private readonly dataSource: DataSource) {}

  async requireVisible(user: AuthenticatedUser, petitionId: string): Promise<CaseAccess> {
    const rows: { petition_id: string; accused_unit_id: string | null; unit_ids: string[]; region_paths: string[] }[] = await this.dataSource.query(
      `SELECT i.petition_id, i.accused_unit_id,
              array_remove(ARRAY[i.registering_unit_id, p.routing_unit_id, p.handling_unit_id, p.review_unit_id, p.re_review_unit_id], NULL) AS unit_ids,
              ARRAY(SELECT region_path FROM units u WHERE u.id IN (i.registering_unit_id, p.routing_unit_id, p.handling_unit_id, p.review_unit_id, p.re_review_unit_id)) AS region_paths
         FROM petition_intakes i LEFT JOIN petitions p ON p.id = i.petition_id
        WHERE i.petition_id = $1`,
      [petitionId],
    );
    const notFound = () => new NotFoundException(`petition ${petitionId} not found`);
    if (rows.length === 0) throw notFound();
    const row = rows[0];
    if (row.accused_unit_id && row.accused_unit_id === user.unitId) throw notFound();
    const ownUnit = row.unit_ids.includes(user.unitId);
    const below = OVERSEEING_ROLES.includes(user.role) && row.region_paths.some((path) => path === user.regionPath || path.startsWith(`${user.regionPath}.`));
    if (!ownUnit && !below) throw notFound();
    return { petitionId, unitIds: row.unit_ids, accusedUnitId: row.accused_unit_id };
  }
}
