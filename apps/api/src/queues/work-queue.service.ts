import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ClockId, MAX_HANDLING_EXTENSIONS, Role, TERMINAL_STEPS } from '@/libs/process/policy';
import { formatInstant } from '@/libs/process/wire-time';
import { SqlFilter } from '../accountability/oversight-scope';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { CASE_COLUMNS, CaseRow, FROM_MICROS, MICROS, dueClock } from './case-list-rows';
import { DEFAULT_LIST_PAGE, PageQuery } from './dto/case-search.query';
import type { QueueItem, QueuePage } from './dto/case-list.views';
import { decodeCursor, encodeCursor } from './keyset-cursor';
import type { BuiltQuery } from './case-search.service';

type QueueName = QueuePage['queue'];

interface ClockQueue {
  kind: 'clocks';
  name: QueueName;
  description: string;
  clocks: ClockId[];
  /**
   * One row per case, for the soonest of these clocks the unit owes on it (else one row per clock):
   * an owner answers for every running clock of the case, not only the statutory one.
   */
  perCase?: boolean;
}

/**
 * What a unit owes on a case it handles: the statutory periods (acceptance notice, handling,
 * review, re-review) and the clocks others set on it: the 交办 report-back, the 督办 feedback, the
 * 包案 resolution deadline and the 回头看 checks. A case sorts by the soonest of them.
 */
const OWNER_CLOCKS: ClockId[] = [
  'acceptanceNotice',
  'handling',
  'review',
  'reReview',
  'assignedReport',
  'supervisionFeedback',
  'leaderResolution',
  'followUp',
];
type Queue = ClockQueue | { kind: 'tasks' | 'leader' | 'none'; name: QueueName; description: string };

/**
 * Each role's queue: what is waiting for them, soonest first. Handlers and unit heads see each case
 * of their unit once, by the soonest clock the unit owes on it (DOMAIN §1: the unit head approves
 * extensions and replies and is the first rung of escalation, so the head answers for every case
 * of the unit with a running clock, not only those already past their 70% warning; the colour says
 * how near each is, and handling rows say whether the one extension is left).
 */
export const QUEUES: Readonly<Record<Role, Queue>> = {
  registrar: {
    kind: 'clocks',
    name: 'routingDue',
    clocks: ['routing'],
    description: 'routing decisions (转送/交办) due at your petition office, soonest first',
  },
  handler: {
    kind: 'clocks',
    name: 'repliesDue',
    clocks: OWNER_CLOCKS,
    perCase: true,
    description:
      'the cases your unit owes something on, each once by its soonest running clock: acceptance notice (受理告知), reply (处理意见书, review and re-review decisions), 交办 report-back, 督办 feedback, 包案 resolution, 回头看; soonest first',
  },
  unitHead: {
    kind: 'clocks',
    name: 'awaitingHead',
    clocks: OWNER_CLOCKS,
    perCase: true,
    description:
      "every case of your unit with a running clock, each once by its soonest (as your handlers' queue): extend handling (once, only you may) or sign the reply; soonest first",
  },
  supervisor: {
    kind: 'tasks',
    name: 'supervision',
    description:
      'open 督办 / 挂牌督办 / 提级办理 tasks of your office (each opened by an escalation or by hand), oldest first',
  },
  caseLeader: {
    kind: 'leader',
    name: 'caseLeader',
    description: 'the open cases you lead (包案), soonest obligation first',
  },
  auditor: { kind: 'none', name: 'none', description: 'auditors only read: no queue' },
  admin: { kind: 'none', name: 'none', description: 'no queue' },
  petitioner: { kind: 'none', name: 'none', description: 'no queue' },
};

type Row = CaseRow & {
  own: boolean;
  clock_key: string | null;
  clock_id: string | null;
  due_at: Date | null;
  last_day: string | null;
  extensions_used: number | null;
  task_key: string | null;
  task_kind: string | null;
  task_source: string | null;
  supervised_unit_id: string | null;
  task_clock_key: string | null;
  opened_at: Date | null;
  /** The keyset of the row: an instant in microseconds, then ids. */
  k1: string;
  k2: string;
  k3: string;
};

@Injectable()
export class WorkQueueService {
  constructor(private readonly dataSource: DataSource) {}

  async queue(user: AuthenticatedUser, query: PageQuery, now = Date.now()): Promise<QueuePage> {
    const queue = QUEUES[user.role];
    const base = { queue: queue.name, description: queue.description, asOf: formatInstant(now) };
    if (queue.kind === 'none') return { ...base, total: 0, items: [], nextCursor: null };
    const limit = query.limit ?? DEFAULT_LIST_PAGE;
    const page = buildQueue(queue, user, query, now);
    const count = buildQueue(queue, user, { limit: 1 }, now, true);
    const [rows, [{ total }]]: [Row[], { total: number }[]] = await Promise.all([
      this.dataSource.query(page.sql, page.params),
      this.dataSource.query(count.sql, count.params),
    ]);
    const shown = rows.slice(0, limit);
    const own = shown.filter((r) => r.own).map((r) => r.id);
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
    const last = shown[shown.length - 1];
    return {
      ...base,
      total,
      items: shown.map((r) => queueItem(r, queue, summaries.get(r.id) ?? null, now)),
      nextCursor: rows.length > limit ? encodeCursor(`queue:${queue.name}`, [Number(last.k1), last.k2, last.k3]) : null,
    };
  }
}

function queueItem(r: Row, queue: Queue, summary: string | null, now: number): QueueItem {
  const clock =
    r.clock_key && r.clock_id && r.due_at
      ? dueClock(r.clock_key, r.clock_id, r.due_at, r.last_day, now)
      : r.next_due_at && r.next_due_clock_key && r.next_due_clock_id
        ? dueClock(r.next_due_clock_key, r.next_due_clock_id, r.next_due_at, r.next_due_last_day, now)
        : null;
  return {
    petitionId: r.id,
    caseNumber: r.case_number,
    step: r.step,
    category: r.category,
    urgent: r.urgent,
    collective: r.collective,
    clock,
    task:
      r.task_key && r.opened_at
        ? {
            taskKey: r.task_key,
            kind: r.task_kind!,
            source: r.task_source!,
            supervisedUnitId: r.supervised_unit_id!,
            clockKey: r.task_clock_key,
            openedAt: formatInstant(r.opened_at),
          }
        : null,
    // Whichever clock the row is by, a case in handling may still be extended once (the head alone may).
    extensionAvailable:
      queue.name === 'awaitingHead' && r.step === 'handling'
        ? (r.extensions_used ?? 0) < MAX_HANDLING_EXTENSIONS
        : null,
    summary,
  };
}

/** One page of a queue (or, with `count`, its size). Every queue hides an accusation from its accused unit. */
export function buildQueue(
  queue: Queue,
  user: AuthenticatedUser,
  query: PageQuery,
  now: number,
  count = false,
): BuiltQuery {
  const f = new SqlFilter();
  const unit = f.bind(user.unitId);
  f.and(`p.accused_unit_id IS DISTINCT FROM ${unit}::text`);
  const cursor = count ? null : decodeCursor(`queue:${queue.name}`, query.cursor, ['number', 'string', 'string']);
  let from: string;
  let select: string;
  let order: string;
  if (queue.kind === 'clocks') {
    const running = `c.status = 'running' AND c.unit_id = ${unit}::text AND c.clock_id = ANY(${f.bind(queue.clocks)}::text[])`;
    if (queue.perCase)
      // The soonest running clock of each case (a suspended clock, with no due instant, last).
      from = `(SELECT DISTINCT ON (c.petition_id) c.* FROM petition_clocks c WHERE ${running}
                ORDER BY c.petition_id, c.due_at NULLS LAST, c.clock_key) c JOIN petitions p ON p.id = c.petition_id`;
    else {
      f.and(running);
      from = `petition_clocks c JOIN petitions p ON p.id = c.petition_id`;
    }
    if (cursor)
      f.and(
        `(c.due_at, c.petition_id, c.clock_key) > (${FROM_MICROS(f.bind(cursor[0]))}, ${f.bind(cursor[1])}::uuid, ${f.bind(cursor[2])}::text)`,
      );
    select = `c.clock_key, c.clock_id, c.due_at, c.last_day::text AS last_day, (p.view->>'extensionsUsed')::int AS extensions_used,
              ${MICROS('c.due_at')} AS k1, c.petition_id::text AS k2, c.clock_key AS k3`;
    order = `c.due_at, c.petition_id, c.clock_key`;
  } else if (queue.kind === 'tasks') {
    f.and(`t.status = 'open'`).and(`t.supervising_unit_id = ${unit}::text`);
    if (cursor) f.and(`(t.opened_at, t.task_key) > (${FROM_MICROS(f.bind(cursor[0]))}, ${f.bind(cursor[1])}::text)`);
    from = `supervision_tasks t JOIN petitions p ON p.id = t.petition_id`;
    select = `t.task_key, t.kind AS task_kind, t.source AS task_source, t.supervised_unit_id, t.clock_key AS task_clock_key, t.opened_at,
              ${MICROS('t.opened_at')} AS k1, t.task_key AS k2, '' AS k3`;
    order = `t.opened_at, t.task_key`;
  } else {
    f.and(`p.case_leader_id = ${f.bind(user.id)}::text`);
    f.and(`p.step <> ALL(${f.bind(TERMINAL_STEPS)}::text[])`).and(`(p.step <> 'closed' OR p.next_due_at IS NOT NULL)`);
    // Cases with no obligation running come last: their key is an instant far beyond any deadline (year 2255).
    const key = `coalesce(${MICROS('p.next_due_at')}, 9000000000000000)`;
    if (cursor) f.and(`(${key}, p.id) > (${f.bind(cursor[0])}::bigint, ${f.bind(cursor[1])}::uuid)`);
    from = `petitions p`;
    select = `${key} AS k1, p.id::text AS k2, '' AS k3`;
    order = `${key}, p.id`;
  }
  if (count) return { sql: `SELECT count(*)::int AS total FROM ${from} ${f.where()}`, params: f.params };
  const limit = query.limit ?? DEFAULT_LIST_PAGE;
  return {
    sql: `SELECT ${CASE_COLUMNS}, ${select}, p.unit_ids @> ARRAY[${unit}::text] AS own FROM ${from} ${f.where()} ORDER BY ${order} LIMIT ${f.bind(limit + 1)}`,
    params: f.params,
  };
}
