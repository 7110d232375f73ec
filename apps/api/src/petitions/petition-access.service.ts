import { preparedQuery } from '@/libs/persistence/prepared-query';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OVERSEEING_ROLES, SqlFilter } from '../accountability/oversight-scope';
import { appendAuditRecord } from '@/libs/audit/audit-trail';
import { appendLedgerRecords } from '@/libs/persistence/accountability-ledger';
import type { LedgerEntry } from '@/libs/process';
import { ACCOUNTABILITY_RULES } from '@/libs/process/policy';
import { petitionWorkflowId } from '@/workflows/petition/petition.contract';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/api-error';

/** Which cases a user's lists may show (the same rule as requireVisible, for many cases at once). */
export interface ListScope {
  userUnitId: string;
  /** Units whose cases the user sees; null: every unit of the tree (no unit condition needed). */
  unitIds: string[] | null;
}

export interface CaseAccess {
  petitionId: string;
  /** Units of the case: registering/routing, handling, review, re-review. */
  unitIds: string[];
  accusedUnitId: string | null;
  handlingUnitId: string | null;
  accusation: boolean;
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

  /**
   * The units whose cases a user sees in lists: their own unit; for supervisors, auditors and
   * admins every unit at or below their region.
   */
  async listScope(user: AuthenticatedUser): Promise<ListScope> {
    if (!(OVERSEEING_ROLES as readonly string[]).includes(user.role))
      return { userUnitId: user.unitId, unitIds: [user.unitId] };
    const [{ within, total }]: { within: string[]; total: number }[] = await this.dataSource.query(
      `SELECT ARRAY(SELECT id FROM units WHERE region_path = $1 OR starts_with(region_path, $1 || '.') ORDER BY id) AS within,
              (SELECT count(*)::int FROM units) AS total`,
      [user.regionPath],
    );
    return { userUnitId: user.unitId, unitIds: within.length === total ? null : within };
  }

  /**
   * `read` names what is read (`readCase`, `readTimeline`, `exportHistory`, …): a read by anyone
   * outside the handling unit, and any read of an accusation, goes on the audit trail (DOMAIN §8).
   */
  async requireVisible(
    user: AuthenticatedUser,
    petitionId: string,
    attempt: 'read' | 'act' = 'read',
    read = 'readCase',
  ): Promise<CaseAccess> {
    const rows: {
      petition_id: string;
      accused_unit_id: string | null;
      handling_unit_id: string | null;
      accusation: boolean;
      unit_ids: string[];
      region_paths: string[];
    }[] = await preparedQuery(this.dataSource, 'access.visibleCase', VISIBLE_CASE_SQL, [petitionId, user.unitId]);
    const notFound = () =>
      new ApiError('notFound', `petition ${petitionId} not found`, undefined, undefined, {
        messageKey: 'petition.notFound',
      });
    if (rows.length === 0) {
      // Whether this was the accused unit is found out, and recorded, once the 404 is on its way:
      // the answer itself does the same work for a hidden case as for a missing one.
      setImmediate(() => void this.recordIfAccusedUnit(user, petitionId, attempt, read));
      throw notFound();
    }
    const row = rows[0];
    const ownUnit = row.unit_ids.includes(user.unitId);
    const below =
      (OVERSEEING_ROLES as readonly string[]).includes(user.role) &&
      row.region_paths.some((path) => path === user.regionPath || path.startsWith(`${user.regionPath}.`));
    if (!ownUnit && !below && !(await this.isReviewingOrgansOffice(user, petitionId))) throw notFound();
    const outsideHandlingUnit = row.handling_unit_id !== user.unitId;
    if (attempt === 'read' && (outsideHandlingUnit || row.accusation)) {
      await this.recordRead(user, petitionId, read, 'read', {
        handlingUnitId: row.handling_unit_id,
        accusation: row.accusation,
        outsideHandlingUnit,
      });
    }
    return {
      petitionId,
      unitIds: row.unit_ids,
      accusedUnitId: row.accused_unit_id,
      handlingUnitId: row.handling_unit_id,
      accusation: row.accusation,
    };
  }

  /**
   * While a reply waits for a review (复查) or re-review (复核) request, the registrar of the petition
   * office at the level of the organ that would decide it may find the case and register a request
   * that came to it by letter (DOMAIN §2a requestReview): the letter names the case, and the organ
   * must be able to record when it arrived. Only in that window, and never for the accused unit
   * (VISIBLE_CASE_SQL has already excluded it).
   */
  private async isReviewingOrgansOffice(user: AuthenticatedUser, petitionId: string): Promise<boolean> {
    if (user.role !== 'registrar') return false;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM petitions p
         JOIN units contested ON contested.id = CASE p.step WHEN 'reviewWindow' THEN p.handling_unit_id
                                                           WHEN 'reReviewWindow' THEN p.review_unit_id END
         JOIN units organ ON organ.id = contested.parent_id
         JOIN units office ON office.id = $2 AND office.kind = 'petitionOffice' AND office.region_path = organ.region_path
        WHERE p.id = $1`,
      [petitionId, user.unitId],
    );
    return rows.length > 0;
  }

  /**
   * After a 404: when the case is an accusation against the reader's own unit, the attempt is itself
   * evidence (DOMAIN §5–6): a ledger record for every attempt, and for a read its refusal on the
   * audit trail (DOMAIN §8). A failed write is logged, never answered (the answer is already out).
   */
  private async recordIfAccusedUnit(
    user: AuthenticatedUser,
    petitionId: string,
    attempt: 'read' | 'act',
    read: string,
  ): Promise<void> {
    try {
      const accused: unknown[] = await this.dataSource.query(
        `SELECT 1 FROM petition_intakes WHERE petition_id = $1 AND accused_unit_id = $2`,
        [petitionId, user.unitId],
      );
      if (accused.length === 0) return;
      const rule = ACCOUNTABILITY_RULES.accusedPartyAccess;
      const entry: LedgerEntry = {
        key: `${petitionId}:accusedPartyAccess:${attempt}:${randomUUID()}`,
        rule: rule.id,
        unitId: user.unitId,
        responsibleUserId: user.id,
        responsibleBy: 'actor',
        severity: rule.severity,
        suggestedAction: rule.suggestedAction,
        basis: rule.basis,
        at: Date.now(),
        evidence: { petitionId, workflowId: petitionWorkflowId(petitionId), eventSeqs: [], historyLength: null },
        detail: { attempt, userId: user.id },
      };
      await appendLedgerRecords(this.dataSource.manager, petitionId, [entry]);
      if (attempt === 'read')
        await this.recordRead(user, petitionId, read, 'refused', { accusation: true, reason: 'accusedUnit' });
    } catch (error) {
      this.logger.error(
        `could not record an access attempt by ${user.id} (the accused unit) on ${petitionId}: ${(error as Error).message}`,
      );
    }
  }

  /**
   * Which of these cases the user may see, by the rule of requireVisible, without recording a
   * read: for checking a whole request before anything is done (a bad id refuses all of it).
   */
  async filterVisible(user: AuthenticatedUser, petitionIds: string[]): Promise<Set<string>> {
    if (petitionIds.length === 0) return new Set();
    const overseeing = (OVERSEEING_ROLES as readonly string[]).includes(user.role);
    const rows: { petition_id: string }[] = await this.dataSource.query(
      `SELECT i.petition_id FROM petition_intakes i LEFT JOIN petitions p ON p.id = i.petition_id
        WHERE i.petition_id = ANY($1::uuid[])
          AND (i.accused_unit_id IS NULL OR i.accused_unit_id <> $2)
          AND ($2 IN (i.registering_unit_id, p.routing_unit_id, p.handling_unit_id, p.review_unit_id, p.re_review_unit_id)
               OR ($3 AND EXISTS (SELECT 1 FROM units u WHERE u.id IN (i.registering_unit_id, p.routing_unit_id, p.handling_unit_id, p.review_unit_id, p.re_review_unit_id)
                                   AND (u.region_path = $4 OR starts_with(u.region_path, $4 || '.')))))`,
      [petitionIds, user.unitId, overseeing, user.regionPath],
    );
    return new Set(rows.map((r) => r.petition_id));
  }

  private async recordRead(
    user: AuthenticatedUser,
    petitionId: string,
    read: string,
    outcome: 'read' | 'refused',
    detail: Record<string, unknown>,
  ): Promise<void> {
    await appendAuditRecord(this.dataSource.manager, {
      kind: read === 'exportHistory' || read === 'readHistoryTimeline' ? 'historyRead' : 'caseRead',
      action: read,
      outcome,
      actor: { userId: user.id, role: user.role, unitId: user.unitId },
      petitionId,
      detail,
    });
  }
}

/**
 * The one statement behind every case lookup, read-only. It returns no row for a case that does not
 * exist and none for an accusation read by its accused unit: both answers are the same 404 after the
 * same work, so neither the body nor the time tells them apart.
 */
const VISIBLE_CASE_SQL = `
  SELECT i.petition_id, i.accused_unit_id, p.handling_unit_id,
         COALESCE(p.category = 'accusation', i.accused_unit_id IS NOT NULL OR i.accused_person IS NOT NULL) AS accusation,
         array_remove(ARRAY[i.registering_unit_id, p.routing_unit_id, p.handling_unit_id, p.review_unit_id, p.re_review_unit_id], NULL)
           || coalesce(p.unit_ids, '{}') AS unit_ids,
         ARRAY(SELECT region_path FROM units u WHERE u.id IN (i.registering_unit_id, p.routing_unit_id, p.handling_unit_id, p.review_unit_id, p.re_review_unit_id)
                  OR u.id = ANY(p.unit_ids)) AS region_paths
    FROM petition_intakes i LEFT JOIN petitions p ON p.id = i.petition_id
   WHERE i.petition_id = $1 AND i.accused_unit_id IS DISTINCT FROM $2`;

/**
 * 属地管理 as SQL over the read model (`petitions` aliased `p`): a case is listed when one of its
 * units is in scope, and never to the accused unit of an accusation (DOMAIN §6), in every list and count.
 */
export function visibleCases(filter: SqlFilter, scope: ListScope): SqlFilter {
  if (scope.unitIds) filter.and(`p.unit_ids && ${filter.bind(scope.unitIds)}::text[]`);
  filter.and(`p.accused_unit_id IS DISTINCT FROM ${filter.bind(scope.userUnitId)}::text`);
  return filter;
}
