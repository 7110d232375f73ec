/** Rows of the read model as list items: instants rendered for the wire, remaining days judged at `now`. */
import { remainingDays } from '@/libs/process/clock-standing';
import { formatInstant } from '@/libs/process/wire-time';
import type { CaseListItem, DueClockView } from './dto/case-list.views';

/** What every list selects of a case (aliased `p`). */
export const CASE_COLUMNS = `p.id, (SELECT ci.case_number FROM petition_intakes ci WHERE ci.petition_id = p.id) AS case_number, p.step, p.category, p.urgent, p.collective, p.repeat_of, p.received_at, p.registered_at, p.routing_unit_id,
  p.handling_unit_id, (SELECT hu.name FROM units hu WHERE hu.id = p.handling_unit_id) AS handling_unit_name, p.review_unit_id, p.re_review_unit_id, p.case_leader_id, p.listed_for_supervision,
  p.next_due_at, p.next_due_clock_key, p.next_due_clock_id, p.next_due_last_day::text AS next_due_last_day`;

export interface CaseRow {
  id: string;
  case_number: string | null;
  step: string;
  category: string;
  urgent: boolean;
  collective: boolean;
  repeat_of: string[];
  received_at: Date;
  registered_at: Date;
  routing_unit_id: string;
  handling_unit_id: string | null;
  handling_unit_name: string | null;
  review_unit_id: string | null;
  re_review_unit_id: string | null;
  case_leader_id: string | null;
  listed_for_supervision: boolean;
  next_due_at: Date | null;
  next_due_clock_key: string | null;
  next_due_clock_id: string | null;
  next_due_last_day: string | null;
}

export function dueClock(
  clockKey: string,
  clockId: string,
  dueAt: Date,
  lastDay: string | null,
  now: number,
): DueClockView {
  return {
    clockKey,
    clockId,
    dueAt: formatInstant(dueAt),
    lastDay,
    remainingDays: lastDay === null ? null : remainingDays(lastDay, now),
    overdue: now > dueAt.getTime(),
  };
}

export function caseListItem(row: CaseRow, summary: string | null, now: number): CaseListItem {
  return {
    petitionId: row.id,
    caseNumber: row.case_number,
    step: row.step,
    category: row.category,
    urgent: row.urgent,
    collective: row.collective,
    repeatOf: row.repeat_of,
    receivedAt: formatInstant(row.received_at),
    registeredAt: formatInstant(row.registered_at),
    routingUnitId: row.routing_unit_id,
    handlingUnitId: row.handling_unit_id,
    handlingUnitName: row.handling_unit_name,
    reviewUnitId: row.review_unit_id,
    reReviewUnitId: row.re_review_unit_id,
    caseLeaderId: row.case_leader_id,
    listedForSupervision: row.listed_for_supervision,
    nextDue:
      row.next_due_at && row.next_due_clock_key && row.next_due_clock_id
        ? dueClock(row.next_due_clock_key, row.next_due_clock_id, row.next_due_at, row.next_due_last_day, now)
        : null,
    summary,
  };
}

/** An instant as whole microseconds since the epoch: exact in a cursor, unlike a JavaScript Date. */
export const MICROS = (column: string) => `(extract(epoch from ${column}) * 1000000)::bigint`;
export const FROM_MICROS = (param: string) => `(timestamptz 'epoch' + ${param}::bigint * interval '1 microsecond')`;
