/**
 * A case named in a path either by its id (UUID) or by its 信访件编号 (示县信〔2026〕第00123号, as
 * people type it: the brackets, 第, 号 and leading zeros are optional).
 */
import { BadRequestException, PipeTransform } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { canonicalCaseNumber } from '@/libs/process/case-number';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

export type PetitionRef = { id: string } | { caseNumber: string };

export class ParsePetitionRefPipe implements PipeTransform<string, PetitionRef> {
  transform(value: string): PetitionRef {
    if (UUID_V4.test(value)) return { id: value.toLowerCase() };
    const number = value.length <= 100 ? canonicalCaseNumber(value) : null;
    if (!number) throw new BadRequestException('id must be a petition id (UUID) or a case number (信访件编号)');
    return { caseNumber: number };
  }
}

/** The petition id and number of a reference (a case number, or a registered 网上信访 submission number); null when no intake has it. */
export async function resolvePetitionRef(
  manager: EntityManager,
  ref: PetitionRef,
): Promise<{ id: string; caseNumber: string | null } | null> {
  const [row]: { petition_id: string; case_number: string | null }[] =
    'id' in ref
      ? await manager.query(`SELECT petition_id, case_number FROM petition_intakes WHERE petition_id = $1`, [ref.id])
      : await manager.query(
          // A 网上信访 submission number names its case once registered (the case has the id reserved for it).
          `SELECT petition_id, case_number FROM petition_intakes WHERE case_number = $1
           UNION ALL
           SELECT i.petition_id, i.case_number FROM online_submissions s JOIN petition_intakes i ON i.petition_id = s.petition_id
            WHERE s.submission_number = $1 AND s.status = 'registered'
           LIMIT 1`,
          [ref.caseNumber],
        );
  return row ? { id: row.petition_id, caseNumber: row.case_number } : null;
}

export const describeRef = (ref: PetitionRef) => ('id' in ref ? ref.id : ref.caseNumber);

/** One key per way of writing a reference (for counting wrong 查询码 per case). */
export function refKey(raw: string): string {
  if (UUID_V4.test(raw)) return raw.toLowerCase();
  return canonicalCaseNumber(raw) ?? raw;
}
