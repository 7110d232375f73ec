/**
 * One call to issue a generated document: reserve its 文号, render it with that number, store it.
 * Idempotent by `documentKey`: a retry (or a second worker) gets the stored document back, with
 * the number it was first given. Statutory notices and campaign bulletins both issue through here.
 */
import type { Content } from 'pdfmake/interfaces';
import { EntityManager } from 'typeorm';
import { shanghaiDateOf } from '../process/calendar';
import { reserveDocumentNumber } from './numbering';
import { renderPdf } from './render';
import { DocumentAudience, StoredDocumentRef, findDocumentByKey, storeDocument } from './store';

export interface DocumentToIssue {
  /** What the document is for, e.g. `${petitionId}:reply:${eventSeq}` or `${campaignId}:bulletin:${no}`. */
  documentKey: string;
  kind: string;
  audience: DocumentAudience;
  petitionId: string | null;
  /** The issuing unit: its 文号 series. */
  unitId: string;
  unitName: string;
  issuedAt: number;
  title: string;
  /** The body, given the 文号 it will carry. */
  content: (number: string) => Content;
}

export async function issueDocument(manager: EntityManager, doc: DocumentToIssue): Promise<StoredDocumentRef> {
  const stored = await findDocumentByKey(manager, doc.documentKey);
  if (stored) return stored;
  const year = Number(shanghaiDateOf(doc.issuedAt).slice(0, 4));
  const number = await reserveDocumentNumber(manager, doc.documentKey, doc.unitId, year);
  const rendered = await renderPdf(doc.content(number.number), {
    title: `${doc.title}（${number.number}）`,
    author: doc.unitName,
    issuedAt: doc.issuedAt,
  });
  return storeDocument(manager, {
    documentKey: doc.documentKey,
    kind: doc.kind,
    audience: doc.audience,
    petitionId: doc.petitionId,
    unitId: doc.unitId,
    year,
    serial: number.serial,
    number: number.number,
    title: doc.title,
    issuedAt: doc.issuedAt,
    bytes: rendered.bytes,
    sha256: rendered.sha256,
  });
}
