/**
 * The only writer of the accountability ledger. It only ever inserts; the record key makes a
 * retried write a no-op, and the table's triggers refuse any update or delete.
 */
import { EntityManager } from 'typeorm';
import type { LedgerEntry } from '../process';
import { personInChargeOf } from './unit-directory';

/** A trigger record: a case's (LedgerEntry), or a campaign's, which may be about a unit rather than a case. */
export type LedgerRecordInput = Omit<LedgerEntry, 'evidence'> & { evidence: object };

/** The unit ($5)'s person in charge, as the unit directory resolves it. */
const PERSON_IN_CHARGE_OF_UNIT_5 = `SELECT ${personInChargeOf('u')} FROM units u WHERE u.id = $5`;

/**
 * Appends trigger records of one case (`petitionId`) and/or one campaign (`campaignId`): a
 * campaign's 约谈 suggestion for a laggard unit names no case.
 */
export async function appendLedgerRecords(
  manager: EntityManager,
  petitionId: string | null,
  entries: LedgerRecordInput[],
  campaignId: string | null = null,
): Promise<void> {
  for (const e of entries) {
    await manager.query(
      `INSERT INTO accountability_records (record_key, kind, petition_id, campaign_id, rule, unit_id, responsible_user_id, severity, suggested_action,
         basis, evidence, detail, occurred_at, responsible_by)
       VALUES ($1, 'trigger', $2, $3, $4, $5,
               -- 信访工作负责人 named by the unit only: the person in charge as the directory says now
               coalesce($6, CASE WHEN $13 = 'personInCharge' THEN (${PERSON_IN_CHARGE_OF_UNIT_5}) END),
               $7, $8, $9, $10, $11, $12, $13) ON CONFLICT (record_key) DO NOTHING`,
      [
        e.key,
        petitionId,
        campaignId,
        e.rule,
        e.unitId,
        e.responsibleUserId,
        e.severity,
        e.suggestedAction,
        e.basis,
        JSON.stringify(e.evidence),
        JSON.stringify(e.detail),
        new Date(e.at),
        e.responsibleBy ?? null,
      ],
    );
  }
}

export interface DispositionInput {
  recordId: string;
  disposition: string;
  note: string;
  recordedBy: string;
  /** Makes a retried request harmless. */
  requestId: string;
}

/** A later decision on a record (e.g. 约谈 held, dismissed): a new row that points at it. */
export async function appendDisposition(
  manager: EntityManager,
  input: DispositionInput,
): Promise<{ id: string } | null> {
  const rows: { id: string }[] = await manager.query(
    `INSERT INTO accountability_records (record_key, kind, petition_id, campaign_id, rule, unit_id, responsible_user_id, severity, suggested_action,
       basis, evidence, detail, occurred_at, disposes_record_id, disposition, recorded_by, responsible_by)
     SELECT 'disposition:' || $2, 'disposition', r.petition_id, r.campaign_id, r.rule, r.unit_id, r.responsible_user_id, r.severity, r.suggested_action,
            r.basis, r.evidence, jsonb_build_object('note', $3::text), now(), r.id, $4, $5, r.responsible_by
       FROM accountability_records r WHERE r.id = $1 AND r.kind = 'trigger'
     ON CONFLICT (record_key) DO NOTHING
     RETURNING id`,
    [input.recordId, input.requestId, input.note, input.disposition, input.recordedBy],
  );
  if (rows[0]) return rows[0];
  const earlier: { id: string }[] = await manager.query(`SELECT id FROM accountability_records WHERE record_key = $1`, [
    `disposition:${input.requestId}`,
  ]);
  return earlier[0] ?? null;
}
