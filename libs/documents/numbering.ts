/**
 * 文号: each issuing unit numbers its documents per year under its 机关代字 (organ code, kept by the
 * admin on the unit), e.g. `示住建信〔2026〕12号`. A number is reserved for a document key (what the
 * document is for) before it is rendered, so a retried generation finds its number again and never
 * takes a second one; the (unit, year, serial) key makes a number impossible to give twice. The
 * printed number is kept with the reservation: changing a unit's code later never renumbers a
 * document already issued.
 */
import { EntityManager } from 'typeorm';

export interface DocumentNumber {
  unitId: string;
  year: number;
  serial: number;
  /** The printed 文号. */
  number: string;
}

/** `organ` is the unit's 机关代字 (or, for a unit without one yet, its name). */
export function formatDocumentNumber(organ: string, year: number, serial: number): string {
  return `${organ}〔${year}〕${serial}号`;
}

/** What a unit's 文号 begin with: its 机关代字, else its name (a person reads either; never the machine id). */
async function organOf(manager: EntityManager, unitId: string): Promise<string> {
  const [unit]: { organ_code: string | null; name: string }[] = await manager.query(
    `SELECT organ_code, name FROM units WHERE id = $1`,
    [unitId],
  );
  if (!unit) throw new Error(`unit ${unitId} not found: it cannot number a document`);
  return unit.organ_code ?? unit.name;
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
  const organ = await organOf(manager, unitId);
  try {
    return await manager.transaction(async (tx) => {
      const [{ serial }]: { serial: number }[] = await tx.query(
        `INSERT INTO document_number_counters (unit_id, year, last_serial) VALUES ($1, $2, 1)
         ON CONFLICT (unit_id, year) DO UPDATE SET last_serial = document_number_counters.last_serial + 1
         RETURNING last_serial AS serial`,
        [unitId, year],
      );
      const number = formatDocumentNumber(organ, year, serial);
      const inserted = await tx.query(
        `INSERT INTO document_numbers (document_key, unit_id, year, serial, number) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (document_key) DO NOTHING RETURNING serial`,
        [documentKey, unitId, year, serial, number],
      );
      // Another worker reserved this key between our read and our write: give the serial back.
      if (inserted.length === 0) throw new ReservedMeanwhile();
      return { unitId, year, serial, number };
    });
  } catch (error) {
    if (!(error instanceof ReservedMeanwhile)) throw error;
    return (await findReserved(manager, documentKey))!;
  }
}

async function findReserved(manager: EntityManager, documentKey: string): Promise<DocumentNumber | null> {
  const [row]: { unit_id: string; year: number; serial: number; number: string | null }[] = await manager.query(
    `SELECT unit_id, year, serial, number FROM document_numbers WHERE document_key = $1`,
    [documentKey],
  );
  return row
    ? {
        unitId: row.unit_id,
        year: row.year,
        serial: row.serial,
        // Reserved before numbers were kept: they were printed with the unit id.
        number: row.number ?? formatDocumentNumber(row.unit_id, row.year, row.serial),
      }
    : null;
}
