/**
 * Written notices (受理告知书, 处理意见书, …): render the PDF, number it (文号) and store it in
 * PostgreSQL. Idempotent by the request's document key (the case and the event): a retry, a
 * replay or a second worker finds the same number and the same stored document. The petitioner's
 * name and the matter are read here, from the registration record, so they never pass through
 * Temporal.
 */
import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NOTICE_TITLES, findDocumentByKey, issueDocument, noticeDocument, type FinalDecision } from '../libs/documents';
import { holdIntakeLock } from '../libs/persistence/intake-settlement';
import type { DocumentRef, NoticeRequest } from '../libs/process';
import type { NoticeActivities } from '../workflows/petition/petition.contract';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Cases started without a registration record exist only in tests that start the workflow directly. */
const UNREGISTERED = { petitioner_name: '信访人', summary: '（未登记）' };

@Injectable()
export class NoticeDocumentActivities implements NoticeActivities {
  private readonly logger = new Logger('notices');

  constructor(private readonly dataSource: DataSource) {}

  async issueNotice(request: NoticeRequest): Promise<DocumentRef> {
    const stored = await findDocumentByKey(this.dataSource.manager, request.documentKey);
    if (stored) return stored;
    // A notice owed at registration (不再受理) reads the intake its registration is still committing.
    const [intake] = await this.dataSource.transaction(async (tx) => {
      await holdIntakeLock(tx, request.petitionId);
      return tx.query(`SELECT petitioner_name, summary, case_number FROM petition_intakes WHERE petition_id = $1`, [
        request.petitionId,
      ]);
    });
    if (!intake)
      this.logger.warn(`petition ${request.petitionId} has no registration record: its notice addresses "信访人"`);
    const d = request.details;
    const finalDecision = d.kind === 'notAcceptedAgainNotice' ? await this.finalDecisionOf(d.earlierPetitionId) : null;
    const mentioned = [
      request.unitId,
      request.handlingUnitId,
      'reviewUnitId' in d ? d.reviewUnitId : null,
      'reReviewUnitId' in d ? d.reReviewUnitId : null,
      finalDecision?.unitId ?? null,
    ];
    const units: { id: string; name: string }[] = await this.dataSource.query(
      `SELECT id, name FROM units WHERE id = ANY($1)`,
      [mentioned.filter(Boolean)],
    );
    const unitNames = Object.fromEntries(units.map((u) => [u.id, u.name]));
    const particulars = {
      request,
      petitionerName: (intake ?? UNREGISTERED).petitioner_name,
      matter: (intake ?? UNREGISTERED).summary,
      caseNumber: (intake?.case_number as string | null | undefined) ?? null,
      unitNames,
      finalDecision,
    };
    return issueDocument(this.dataSource.manager, {
      documentKey: request.documentKey,
      kind: d.kind,
      audience: 'petitioner',
      petitionId: request.petitionId,
      unitId: request.unitId,
      unitName: unitNames[request.unitId] ?? request.unitId,
      issuedAt: request.issuedAt,
      title: NOTICE_TITLES[d.kind],
      content: (number) => noticeDocument({ ...particulars, number }).content,
    });
  }

  /**
   * 不再受理 names the decision that ended the matter: the earlier case's latest 复核意见书. A re-review
   * decided before written notices has no document: the notice then says only that it was re-reviewed.
   */
  private async finalDecisionOf(earlierPetitionId: string): Promise<FinalDecision | null> {
    if (!UUID.test(earlierPetitionId)) return null;
    const [row]: { number: string; unit_id: string; issued_at: Date }[] = await this.dataSource.query(
      `SELECT number, unit_id, issued_at FROM documents
        WHERE petition_id = $1 AND kind = 'reReviewDecision' ORDER BY issued_at DESC LIMIT 1`,
      [earlierPetitionId],
    );
    return row ? { number: row.number, unitId: row.unit_id, decidedAt: new Date(row.issued_at).getTime() } : null;
  }
}
