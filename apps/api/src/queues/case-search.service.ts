import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { addDays, endOfShanghaiDay, isValidDate, shanghaiDateOf, startOfShanghaiDay } from '@/libs/process/calendar';
import { formatInstant } from '@/libs/process/wire-time';
import { SqlFilter } from '../accountability/oversight-scope';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { ApiError } from '../common/api-error';
import { ListScope, PetitionAccessService, visibleCases } from '../petitions/petition-access.service';
import { CASE_COLUMNS, CaseRow, FROM_MICROS, MICROS, caseListItem } from './case-list-rows';
import { CaseSearchQuery, DEFAULT_LIST_PAGE } from './dto/case-search.query';
import type { CaseListPage } from './dto/case-list.views';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import { appendAuditRecord } from '@/libs/audit/audit-trail';
import { canonicalCaseNumber } from '@/libs/process/case-number';
import { RepeatPetitionsService } from '../petitions/repeat/repeat-petitions.service';

export interface BuiltQuery {
  sql: string;
  params: unknown[];
}

type SortedRow = CaseRow & { own: boolean; sort_us: string };

function day(value: string, field: string): string {
  if (!isValidDate(value)) throw new ApiError('validation', `${field} must be a real date YYYY-MM-DD`, field);
  return value;
}

/**
 * The case search (GET /petitions): filters over the read model and keyset pagination, within the
 * caller's 属地管理 scope. Every condition is on a column of `petitions` with an index behind it
 * (see the work-queues migration); the benchmark (`npm run bench:lists`) prints the plans.
 */
@Injectable()
export class CaseSearchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: PetitionAccessService,
    private readonly repeats: RepeatPetitionsService,
  ) {}

  async search(user: AuthenticatedUser, query: CaseSearchQuery, now = Date.now()): Promise<CaseListPage> {
    const scope = await this.access.listScope(user);
    const limit = query.limit ?? DEFAULT_LIST_PAGE;
    const identifying = identifyingFilters(query);
    if (query.caseNumber && !canonicalCaseNumber(query.caseNumber))
      throw new ApiError('validation', 'caseNumber is not a case number (e.g. 示县信〔2026〕第00123号)', 'caseNumber');
    const phoneHash = query.petitionerPhone ? this.repeats.contactHash(query.petitionerPhone) : null;
    const built = buildCaseSearch(scope, query, now, phoneHash);
    const rows: SortedRow[] = await this.dataSource.query(built.sql, built.params);
    const page = rows.slice(0, limit);
    if (identifying.length > 0) {
      // Looking a person or a case up is a read of that person's cases (DOMAIN §8). The name and the
      // phone searched are the petitioner's personal data: the trail says which were used, not them.
      await appendAuditRecord(this.dataSource.manager, {
        kind: 'caseRead',
        action: 'searchCases',
        outcome: 'read',
        actor: { userId: user.id, role: user.role, unitId: user.unitId },
        detail: {
          by: identifying,
          ...(query.caseNumber ? { caseNumber: canonicalCaseNumber(query.caseNumber) } : {}),
          found: page.map((r) => r.id),
        },
      });
    }
    const own = page.filter((r) => r.own).map((r) => r.id);
    const summaries = new Map<string, string>(
      own.length === 0
        ? []
        : (
            (await this.dataSource.query(
              `SELECT petition_id, summary FROM petition_intakes WHERE petition_id = ANY($1::uuid[])`,
              [own],
            )) as { petition_id: string; summary: string }[]
          ).map((r) => [r.petition_id, r.summary]),
    );
    const last = page[page.length - 1];
    return {
      asOf: formatInstant(now),
      items: page.map((r) => caseListItem(r, summaries.get(r.id) ?? null, now)),
      nextCursor:
        rows.length > limit
          ? encodeCursor(`petitions:${query.sort ?? 'registered'}`, [Number(last.sort_us), last.id])
          : null,
    };
  }
}

/** The SQL of one page (one row more than asked, to tell whether another page follows). */
/** The filters that find a person or a case by what identifies them; each such search is audited. */
export function identifyingFilters(query: CaseSearchQuery): ('caseNumber' | 'petitionerName' | 'petitionerPhone')[] {
  return (['caseNumber', 'petitionerName', 'petitionerPhone'] as const).filter((k) => query[k] !== undefined);
}

export function buildCaseSearch(
  scope: ListScope,
  query: CaseSearchQuery,
  now: number,
  phoneHash: string | null = null,
): BuiltQuery {
  const sort = query.sort ?? 'registered';
  const limit = query.limit ?? DEFAULT_LIST_PAGE;
  const f = visibleCases(new SqlFilter(), scope);
  if (query.unitId) f.and(`p.unit_ids @> ARRAY[${f.bind(query.unitId)}::text]`);
  if (query.step?.length) f.and(`p.step = ANY(${f.bind(query.step)}::text[])`);
  if (query.category) f.and(`p.category = ${f.bind(query.category)}::text`);
  if (query.urgent !== undefined) f.and(`p.urgent = ${f.bind(query.urgent)}::boolean`);
  if (query.collective !== undefined) f.and(`p.collective = ${f.bind(query.collective)}::boolean`);
  if (query.repeat !== undefined) f.and(query.repeat ? `cardinality(p.repeat_of) > 0` : `cardinality(p.repeat_of) = 0`);
  if (query.repeatOf) f.and(`p.repeat_of @> ARRAY[${f.bind(query.repeatOf)}::uuid]`);
  if (query.caseLeaderId) f.and(`p.case_leader_id = ${f.bind(query.caseLeaderId)}::text`);
  if (query.dueWithinDays !== undefined) {
    // Due within N days: its last day is at most N days from today (remainingDays ≤ N), or it is overdue.
    f.and(
      `p.next_due_at <= ${f.bind(new Date(endOfShanghaiDay(addDays(shanghaiDateOf(now), query.dueWithinDays))))}::timestamptz`,
    );
  }
  if (query.overdue !== undefined) {
    const at = f.bind(new Date(now));
    f.and(
      query.overdue
        ? `p.next_due_at < ${at}::timestamptz`
        : `(p.next_due_at IS NULL OR p.next_due_at >= ${at}::timestamptz)`,
    );
  }
  if (query.registeredFrom)
    f.and(
      `p.registered_at >= ${f.bind(new Date(startOfShanghaiDay(day(query.registeredFrom, 'registeredFrom'))))}::timestamptz`,
    );
  if (query.registeredTo)
    f.and(
      `p.registered_at < ${f.bind(new Date(endOfShanghaiDay(day(query.registeredTo, 'registeredTo'))))}::timestamptz`,
    );
  if (query.receivedFrom || query.receivedTo) {
    const from = query.receivedFrom
      ? f.bind(new Date(startOfShanghaiDay(day(query.receivedFrom, 'receivedFrom'))))
      : null;
    const to = query.receivedTo ? f.bind(new Date(endOfShanghaiDay(day(query.receivedTo, 'receivedTo')))) : null;
    const window = [from && `received_at >= ${from}::timestamptz`, to && `received_at < ${to}::timestamptz`]
      .filter(Boolean)
      .join(' AND ');
    f.and(window.replace(/received_at/g, 'p.received_at'));
    if (sort === 'registered') {
      // Registration never precedes receipt but may lag it by any time: bound the newest-first scan
      // by the latest registration among the window's cases (an index-only look at the receipt index),
      // so it starts at the window instead of at today. OFFSET 0 keeps the planner from answering the
      // max() by walking the registration index itself.
      f.and(
        `p.registered_at <= (SELECT max(w.registered_at) FROM (SELECT registered_at FROM petitions WHERE ${window} OFFSET 0) w)`,
      );
      if (from) f.and(`p.registered_at >= ${from}::timestamptz`);
    }
  }
  if (query.q) {
    // The summary is for the staff handling the case: text search covers only the cases of the caller's own unit.
    // One GIN index holds both the case's units and the summary's bigrams; the intake confirms the exact text.
    f.and(`p.unit_ids @> ARRAY[${f.bind(scope.userUnitId)}::text]`);
    const q = f.bind(query.q);
    f.and(`p.summary_bigrams @> text_bigrams(${q}::text)`);
    f.and(
      `EXISTS (SELECT 1 FROM petition_intakes i WHERE i.petition_id = p.id AND strpos(lower(i.summary), lower(${q}::text)) > 0)`,
    );
  }
  // The intake holds who the petitioner is: a case number is unique; a name is matched by its
  // beginning on the stored name (text_pattern_ops index); a phone by the keyed hash of its digits.
  if (query.caseNumber) {
    const number = f.bind(canonicalCaseNumber(query.caseNumber));
    f.and(`p.id IN (SELECT n.petition_id FROM petition_intakes n WHERE n.case_number = ${number}::text)`);
  }
  if (query.petitionerName) {
    const prefix = f.bind(`${query.petitionerName.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    f.and(`p.id IN (SELECT n.petition_id FROM petition_intakes n WHERE n.petitioner_name LIKE ${prefix}::text)`);
  }
  if (query.petitionerPhone) {
    // An unmatchable phone (no digits) finds nothing rather than everything.
    const hash = f.bind(phoneHash ?? '-');
    f.and(`p.id IN (SELECT n.petition_id FROM petition_intakes n WHERE n.petitioner_contact_hash = ${hash}::text)`);
  }
  const cursor = decodeCursor(`petitions:${sort}`, query.cursor, ['number', 'string']);
  let order: string;
  let sortKey: string;
  if (sort === 'due') {
    f.and(`p.next_due_at IS NOT NULL`);
    if (cursor) f.and(`(p.next_due_at, p.id) > (${FROM_MICROS(f.bind(cursor[0]))}, ${f.bind(cursor[1])}::uuid)`);
    order = `p.next_due_at, p.id`;
    sortKey = MICROS('p.next_due_at');
  } else {
    if (cursor) f.and(`(p.registered_at, p.id) < (${FROM_MICROS(f.bind(cursor[0]))}, ${f.bind(cursor[1])}::uuid)`);
    order = `p.registered_at DESC, p.id DESC`;
    sortKey = MICROS('p.registered_at');
  }
  const own = f.bind(scope.userUnitId);
  return {
    sql: `SELECT ${CASE_COLUMNS}, ${sortKey} AS sort_us, p.unit_ids @> ARRAY[${own}::text] AS own
            FROM petitions p ${f.where()} ORDER BY ${order} LIMIT ${f.bind(limit + 1)}`,
    params: f.params,
  };
}
