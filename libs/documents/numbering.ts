/**
 * 文号: each issuing unit numbers its documents per year, e.g. `x-zjj〔2026〕12号`. A number is
 * reserved for a document key (what the document is for) before it is rendered, so a retried
 * generation finds its number again and never takes a second one; the (unit, year, serial) key
 * makes a number impossible to give twice.
 */
import { EntityManager } from 'typeorm';

export interface DocumentNumber {
  unitId: string;
  year: number;
  serial: number;
  /** The printed 文号. */
  number: string;
}

export function formatDocumentNumber(unitId: string, year: number, serial: number): string {
  return `${unitId}〔${year}〕${serial}号`;
}

class ReservedMeanwhile extends Error {}

/** The number of `documentKey`, reserved now if it has none (one transaction; safe under concurrency). */
export async function reserveDocumentNumber(
  manager: EntityManager,
  documentKey: string,
  unitId: string,
  year: number,
): Promise<DocumentNumber> {
  const existing = await findReserved(manager, documentKey);
  if (existing) return existing;
  try {
    return await manager.transaction(async (tx) => {
      const [{ serial }]: { serial: number }[] = await tx.query(
        `INSERT INTO document_number_counters (unit_id, year, last_serial) VALUES ($1, $2, 1)
         ON CONFLICT (unit_id, year) DO UPDATE SET last_serial = document_number_counters.last_serial + 1
         RETURNING last_serial AS serial`,
        [unitId, year],
      );
      const inserted = await tx.query(
        `INSERT INTO document_numbers (document_key, unit_id, year, serial) VALUES ($1, $2, $3, $4) ON CONFLICT (document_key) DO NOTHING RETURNING serial`,
        [documentKey, unitId, year, serial],
      );
      // Another worker reserved this key between our read and our write: give the serial back.
      if (inserted.length === 0) throw new ReservedMeanwhile();
      return { unitId, year, serial, number: formatDocumentNumber(unitId, year, serial) };
    });
  } catch (error) {
    if (!(error instanceof ReservedMeanwhile)) throw error;
    return (await findReserved(manager, documentKey))!;
  }
}

async function findReserved(manager: EntityManager, documentKey: string): Promise<DocumentNumber | null> {
  const [row]: { unit_id: string; year: number; serial: number }[] = await manager.query(
    `SELECT unit_id, year, serial FROM document_numbers WHERE document_key = $1`,
    [documentKey],
  );
  return row
    ? {
        unitId: row.unit_id,
        year: row.year,
        serial: row.serial,
        number: formatDocumentNumber(row.unit_id, row.year, row.serial),
      }
    : null;
}
