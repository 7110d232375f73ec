/**
 * Retention (docs/operations.md "Retention"): what a case leaves behind is kept for a configured
 * time after the case closed, finally; then the petitioner's personal data in its registration
 * record is pseudonymised, and later its archived history and its generated documents are deleted.
 * Only cases the read model shows closed (step `closed`, final, closed_at set) are touched: an open
 * case, or one reopened by a 回头看 (closed_at back to null), never is. Idempotent: a record already
 * pseudonymised or deleted is not counted again, so a second run with nothing newly expired
 * changes nothing. Every run is one transaction with its audit-trail record (the counts).
 */
import type { DataSource } from 'typeorm';
import { appendAuditRecord } from '../audit/audit-trail';
import type { RetentionPeriods, RetentionRun } from '../temporal/retention-contract';

/** What a pseudonymised registration record shows instead of a person's name. */
export const PSEUDONYM = '（已化名）';

const DAY_MS = 24 * 3600 * 1000;

export async function enforceRetention(
  dataSource: DataSource,
  periods: RetentionPeriods,
  now: Date = new Date(),
): Promise<RetentionRun> {
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return dataSource.transaction(async (tx) => {
    // The name becomes a pseudonym; the contact and its lookup hash go. The keyed name and identity
    // hashes stay: they let a later petition be recognised as a repeat (重复信访) without the name.
    // UPDATE comes back from TypeORM as [rows, count].
    const [, registrations]: [unknown[], number] = await tx.query(
      `UPDATE petition_intakes i
          SET petitioner_name = $2, petitioner_contact = NULL, petitioner_contact_hash = NULL,
              milestone_email = NULL, milestone_phone = NULL,
              accused_person = CASE WHEN i.accused_person IS NULL THEN NULL ELSE $2 END,
              pseudonymised_at = $3
         FROM petitions p
        WHERE p.id = i.petition_id AND p.is_final AND p.step = 'closed' AND p.closed_at < $1
          AND i.pseudonymised_at IS NULL
       RETURNING i.petition_id`,
      [before(periods.personalDataDays), PSEUDONYM, now],
    );
    const [{ n: archives }]: { n: number }[] = await tx.query(`SELECT retention_purge('historyArchives', $1) AS n`, [
      before(periods.historyArchiveDays),
    ]);
    const [{ n: documents }]: { n: number }[] = await tx.query(`SELECT retention_purge('documents', $1) AS n`, [
      before(periods.documentDays),
    ]);
    const counts = {
      pseudonymisedRegistrations: registrations,
      deletedHistoryArchives: Number(archives),
      deletedDocuments: Number(documents),
    };
    const record = await appendAuditRecord(tx, {
      kind: 'adminChange',
      action: 'enforceRetention',
      outcome: 'succeeded',
      actor: null,
      detail: { asOf: now.toISOString(), ...counts, periods: { ...periods } },
    });
    return { asOf: now.toISOString(), ...counts, auditSeq: record.seq };
  });
}
