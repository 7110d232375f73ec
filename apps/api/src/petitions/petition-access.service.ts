import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OVERSEEING_ROLES } from '../accountability/oversight-scope';
import { appendLedgerRecords } from '../../../../libs/persistence/accountability-ledger';
import { ACCOUNTABILITY_RULES } from '../../../../libs/process/policy';
import type { LedgerEntry } from '../../../../libs/process';
import { petitionWorkflowId } from '../../../../workflows/petition/petition.contract';
import type { AuthenticatedUser } from '../auth/authenticated-user';

export interface CaseAccess {
  petitionId: string;
  /** Units of the case: registering/routing, handling, review, re-review. */
  unitIds: string[];
  accusedUnitId: string | null;
}


/**
 * 属地管理、分级负责: staff see the cases of their own unit; supervisors and auditors also those of
 * the units below theirs. The accused unit of an accusation never learns the case exists: it gets
 * the same 404 as for a case that does not exist, and each attempt goes on the accountability ledger.
 */
@Injectable()
export class PetitionAccessService {
  private readonly logger = new Logger('access');

  constructor(private readonly dataSource: DataSource) {}

  async requireVisible(user: AuthenticatedUser, petitionId: string, attempt: 'read' | 'act' = 'read'): Promise<CaseAccess> {
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
    if (row.accused_unit_id && row.accused_unit_id === user.unitId) {
      await this.recordAccusedPartyAccess(user, petitionId, attempt);
      throw notFound();
    }
    const ownUnit = row.unit_ids.includes(user.unitId);
    const below = (OVERSEEING_ROLES as readonly string[]).includes(user.role) && row.region_paths.some((path) => path === user.regionPath || path.startsWith(`${user.regionPath}.`));
    if (!ownUnit && !below) throw notFound();
    return { petitionId, unitIds: row.unit_ids, accusedUnitId: row.accused_unit_id };
  }

  /**
   * DOMAIN §5–6: an attempt by the accused unit to read the accusation is itself evidence. Every
   * attempt is its own record. A failed write is logged, not answered: an error instead of the
   * usual 404 would tell the accused that the case exists.
   */
  private async recordAccusedPartyAccess(user: AuthenticatedUser, petitionId: string, attempt: 'read' | 'act'): Promise<void> {
    const rule = ACCOUNTABILITY_RULES.accusedPartyAccess;
    const entry: LedgerEntry = {
      key: `${petitionId}:accusedPartyAccess:${attempt}:${randomUUID()}`,
      rule: rule.id,
      unitId: user.unitId,
      responsibleUserId: user.id,
      severity: rule.severity,
      suggestedAction: rule.suggestedAction,
      basis: rule.basis,
      at: Date.now(),
      evidence: { petitionId, workflowId: petitionWorkflowId(petitionId), eventSeqs: [], historyLength: null },
      detail: { attempt, userId: user.id },
    };
    try {
      await appendLedgerRecords(this.dataSource.manager, petitionId, [entry]);
    } catch (error) {
      this.logger.error(`could not record accusedPartyAccess by ${user.id} on ${petitionId}: ${(error as Error).message}`);
    }
  }
}
