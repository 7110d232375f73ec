/**
 * Generated documents live in PostgreSQL: bytes, SHA-256, 文号, who issued them and for which
 * case. A document is written once per key (the first render wins; a retry reads it back), and the
 * table refuses UPDATE and DELETE: an issued document is never changed, only followed by another.
 */
import { EntityManager } from 'typeorm';

/** Who a document is addressed to: the petitioner may download `petitioner` documents with the query code. */
export type DocumentAudience = 'petitioner' | 'internal';

export interface NewDocument {
  documentKey: string;
  kind: string;
  audience: DocumentAudience;
  petitionId: string | null;
  unitId: string;
  year: number;
  serial: number;
  number: string;
  title: string;
  issuedAt: number;
  bytes: Buffer;
  sha256: string;
}

export interface StoredDocumentRef {
  documentId: string;
  sha256: string;
  number: string;
}

export interface DocumentInfo extends StoredDocumentRef {
  kind: string;
  audience: DocumentAudience;
  petitionId: string | null;
  unitId: string;
  title: string;
  mediaType: string;
  byteLength: number;
  issuedAt: Date;
}

export async function storeDocument(manager: EntityManager, doc: NewDocument): Promise<StoredDocumentRef> {
  await manager.query(
    `INSERT INTO documents (document_key, kind, audience, petition_id, unit_id, year, serial, number, title, media_type, content, sha256, byte_length, issued_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'application/pdf', $10, $11, $12, $13) ON CONFLICT (document_key) DO NOTHING`,
    [
      doc.documentKey,
      doc.kind,
      doc.audience,
      doc.petitionId,
      doc.unitId,
      doc.year,
      doc.serial,
      doc.number,
      doc.title,
      doc.bytes,
      doc.sha256,
      doc.bytes.length,
      new Date(doc.issuedAt),
    ],
  );
  return (await findDocumentByKey(manager, doc.documentKey))!;
}

export async function findDocumentByKey(
  manager: EntityManager,
  documentKey: string,
): Promise<StoredDocumentRef | null> {
  const [row]: { id: string; sha256: string; number: string }[] = await manager.query(
    `SELECT id, sha256, number FROM documents WHERE document_key = $1`,
    [documentKey],
  );
  return row ? { documentId: row.id, sha256: row.sha256, number: row.number } : null;
}

const INFO_COLUMNS = `id AS "documentId", sha256, number, kind, audience, petition_id AS "petitionId", unit_id AS "unitId", title,
  media_type AS "mediaType", byte_length AS "byteLength", issued_at AS "issuedAt"`;

export async function listCaseDocuments(
  manager: EntityManager,
  petitionId: string,
  audience?: DocumentAudience,
): Promise<DocumentInfo[]> {
  return manager.query(
    `SELECT ${INFO_COLUMNS} FROM documents WHERE petition_id = $1 AND ($2::text IS NULL OR audience = $2) ORDER BY issued_at, serial`,
    [petitionId, audience ?? null],
  );
}

export async function readCaseDocument(
  manager: EntityManager,
  petitionId: string,
  documentId: string,
): Promise<(DocumentInfo & { bytes: Buffer }) | null> {
  const [row] = await manager.query(
    `SELECT ${INFO_COLUMNS}, content AS bytes FROM documents WHERE petition_id = $1 AND id = $2`,
    [petitionId, documentId],
  );
  return row ?? null;
}
