/**
 * The 草稿 preview of a reply or decision awaiting 签发: the same notice the approval will issue,
 * rendered on request and never stored, with no 文号 (one is taken only on approval), a 草稿
 * heading and watermark, so it cannot be mistaken for, or delivered as, the issued document.
 */
import type { EntityManager } from 'typeorm';
import type { DraftView, NoticeRequest } from '../process';
import { noticeDocument } from './notices';
import { renderPdf, type RenderedDocument } from './render';

export const DRAFT_MARK = '草稿';
/** Printed where the 文号 goes: none is taken before approval. */
export const DRAFT_NUMBER_LINE = '（草稿 · 文号于签发后生成）';

export interface DraftCase {
  petitionId: string;
  receivedAt: number;
  handlingUnitId: string | null;
  draft: DraftView;
}

/** Renders the draft's preview from the case as projected and the registration record. */
export async function renderDraftPreview(manager: EntityManager, c: DraftCase): Promise<RenderedDocument> {
  const d = c.draft;
  const [intake]: { petitioner_name: string; summary: string; case_number: string | null }[] = await manager.query(
    `SELECT petitioner_name, summary, case_number FROM petition_intakes WHERE petition_id = $1`,
    [c.petitionId],
  );
  const details = d.details;
  const mentioned = [
    d.unitId,
    c.handlingUnitId,
    'reviewUnitId' in details ? details.reviewUnitId : null,
    'reReviewUnitId' in details ? details.reReviewUnitId : null,
  ].filter((id): id is string => !!id);
  const units: { id: string; name: string }[] = await manager.query(`SELECT id, name FROM units WHERE id = ANY($1)`, [
    mentioned,
  ]);
  const request: NoticeRequest = {
    documentKey: `${c.petitionId}:draft:${d.draftNo}`,
    petitionId: c.petitionId,
    eventSeq: 0,
    unitId: d.unitId,
    handlingUnitId: c.handlingUnitId ?? d.unitId,
    receivedAt: c.receivedAt,
    issuedAt: d.draftedAt,
    details,
  };
  const notice = noticeDocument({
    request,
    number: DRAFT_NUMBER_LINE,
    petitionerName: intake?.petitioner_name ?? '信访人',
    matter: intake?.summary ?? '（未登记）',
    caseNumber: intake?.case_number ?? null,
    unitNames: Object.fromEntries(units.map((u) => [u.id, u.name])),
  });
  const heading = {
    text: `${DRAFT_MARK}（第 ${d.draftNo} 稿，待单位负责人签发，不得送达）`,
    alignment: 'center' as const,
    fontSize: 12,
    bold: true,
    color: '#b00000',
    margin: [0, 0, 0, 12] as [number, number, number, number],
  };
  return renderPdf(
    [heading, notice.content],
    {
      title: `${notice.title}（${DRAFT_MARK}）`,
      author: units.find((u) => u.id === d.unitId)?.name ?? d.unitId,
      issuedAt: d.draftedAt,
    },
    { watermark: { text: DRAFT_MARK, opacity: 0.12, bold: true, font: 'Serif' } },
  );
}
