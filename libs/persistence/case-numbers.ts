/**
 * Allocating 信访件编号 (see libs/process/case-number.ts). The serial comes from the office's counter
 * row for the year, taken with one UPDATE … RETURNING inside the caller's transaction (the short one
 * that records the intake, committed before the workflow starts): the row lock serializes an office's
 * registrations for that instant only, and a transaction that rolls back (a conflict, a refusal)
 * gives the serial back. A registration whose workflow then fails to start keeps its number and its
 * intake: its retry starts the case under that number, and until then the consistency check names
 * it, so every number of an office's year is either a case or on record as not yet started.
 */
import { EntityManager } from 'typeorm';
import { preparedQuery } from './prepared-query';
import { formatCaseNumber, type CaseNumberParts } from '../process/case-number';
import { shanghaiDateOf } from '../process/calendar';

export interface AllocatedCaseNumber extends CaseNumberParts {
  caseNumber: string;
}

/** The registration year: the year in China (UTC+8) at `now`. */
export function caseNumberYear(now: number): number {
  return Number(shanghaiDateOf(now).slice(0, 4));
}

export async function allocateCaseNumber(
  manager: EntityManager,
  unitId: string,
  now: number,
): Promise<AllocatedCaseNumber> {
  const year = caseNumberYear(now);
  const [{ serial, prefix }] = await preparedQuery<{ serial: number; prefix: string | null }>(
    manager,
    'caseNumber.allocate',
    `INSERT INTO case_number_counters (unit_id, year, last_serial) VALUES ($1, $2, 1)
     ON CONFLICT (unit_id, year) DO UPDATE SET last_serial = case_number_counters.last_serial + 1
     RETURNING last_serial AS serial, (SELECT case_number_prefix FROM units WHERE id = $1) AS prefix`,
    [unitId, year],
  );
  // An office without a prefix (one added before prefixes existed) numbers under its unit id.
  const parts = { prefix: prefix || unitId, year, serial };
  return { ...parts, caseNumber: formatCaseNumber(parts) };
}

/** The numbers of these cases (those without one are left out): for lists built from workflow views. */
export async function caseNumbersOf(manager: EntityManager, petitionIds: string[]): Promise<Map<string, string>> {
  if (petitionIds.length === 0) return new Map();
  const rows: { petition_id: string; case_number: string }[] = await manager.query(
    `SELECT petition_id, case_number FROM petition_intakes WHERE petition_id = ANY($1::uuid[]) AND case_number IS NOT NULL`,
    [petitionIds],
  );
  return new Map(rows.map((r) => [r.petition_id, r.case_number]));
}
