import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CLOCKS } from '@/libs/process/policy';
import { SqlFilter, withinOversight } from '../accountability/oversight-scope';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import {
  DEFAULT_SUPERVISION_PAGE,
  ListEscalationsQuery,
  ListOverdueQuery,
  ListSupervisionTasksQuery,
} from './dto/supervision-queries';
import type { EscalationView, OverdueList, SupervisionTaskView } from './dto/supervision-views';
import {
  escalationToWire,
  overdueListToWire,
  supervisionTaskToWire,
  type EscalationRow,
  type OverdueClockRow,
  type SupervisionTaskRow,
} from '../common/wire-views';

/** 信访件编号 of a case, as the column "caseNumber". */
const CASE_NUMBER_OF = (petitionId: string) =>
  `(SELECT ci.case_number FROM petition_intakes ci WHERE ci.petition_id = ${petitionId}) AS "caseNumber"`;

/** How far ahead a running clock counts as near due. */
const NEAR_DUE = '3 days';
/**
 * Only obligations can be missed by a unit; a window (the petitioner's time to ask for review, the
 * unit's time to object to a misroute) that runs out is not a failing of anyone.
 */
const OBLIGATION_CLOCKS = Object.values(CLOCKS)
  .filter((c) => c.kind === 'obligation')
  .map((c) => c.id);

/** The recipients as recorded, each named beside its id: the case leader by name, a unit by its name (it may lie outside the reader's region). */
const RECIPIENTS_WITH_NAMES = `(SELECT coalesce(jsonb_agg(
           CASE WHEN x.r ? 'userId' THEN x.r || jsonb_build_object('name', (SELECT ru.name FROM users ru WHERE ru.id = x.r->>'userId'))
                WHEN x.r ? 'unitId' THEN x.r || jsonb_build_object('name', (SELECT un.name FROM units un WHERE un.id = x.r->>'unitId'))
                ELSE x.r END
           ORDER BY x.ord), '[]'::jsonb)
         FROM jsonb_array_elements(e.recipients) WITH ORDINALITY AS x(r, ord)) AS recipients`;

/** The supervisor's lists (DOMAIN §8), read from the projections of the workflows. */
@Injectable()
export class SupervisionService {
  constructor(private readonly dataSource: DataSource) {}

  async escalations(user: AuthenticatedUser, query: ListEscalationsQuery): Promise<EscalationView[]> {
    const filter = withinOversight(new SqlFilter(), user, 'u.region_path', 'e.petition_id');
    // 包案: a case leader hears of the escalations addressed to them by name, nothing else.
    if (user.role === 'caseLeader')
      filter.and(`e.recipients @> ${filter.bind(JSON.stringify([{ kind: 'caseLeader', userId: user.id }]))}::jsonb`);
    if (query.unitId) filter.and(`e.unit_id = ${filter.bind(query.unitId)}::text`);
    if (query.rung) filter.and(`e.rung = ${filter.bind(query.rung)}::text`);
    if (query.petitionId) filter.and(`e.petition_id = ${filter.bind(query.petitionId)}::uuid`);
    const rows: EscalationRow[] = await this.dataSource.query(
      `SELECT e.escalation_key AS "escalationKey", e.petition_id AS "petitionId", ${CASE_NUMBER_OF('e.petition_id')}, e.clock_key AS "clockKey", e.clock_id AS "clockId",
              e.rung, e.unit_id AS "unitId", ${RECIPIENTS_WITH_NAMES}, e.fired_at AS "firedAt", e.due_at AS "dueAt"
         FROM escalations e JOIN units u ON u.id = e.unit_id
        ${filter.where()}
        ORDER BY e.fired_at DESC, e.escalation_key DESC LIMIT ${filter.bind(query.limit ?? DEFAULT_SUPERVISION_PAGE)}`,
      filter.params,
    );
    return rows.map(escalationToWire);
  }

  async tasks(user: AuthenticatedUser, query: ListSupervisionTasksQuery): Promise<SupervisionTaskView[]> {
    // A task belongs to the office that supervises; the supervised unit may be anywhere below it.
    const filter = withinOversight(new SqlFilter(), user, 'u.region_path', 't.petition_id');
    if (query.status) filter.and(`t.status = ${filter.bind(query.status)}::text`);
    if (query.kind) filter.and(`t.kind = ${filter.bind(query.kind)}::text`);
    if (query.petitionId) filter.and(`t.petition_id = ${filter.bind(query.petitionId)}::uuid`);
    const rows: SupervisionTaskRow[] = await this.dataSource.query(
      `SELECT t.task_key AS "taskKey", t.petition_id AS "petitionId", ${CASE_NUMBER_OF('t.petition_id')}, t.kind, t.source, t.supervising_unit_id AS "supervisingUnitId",
              t.supervised_unit_id AS "supervisedUnitId", t.clock_key AS "clockKey", t.feedback_clock_key AS "feedbackClockKey",
              t.status, t.opened_at AS "openedAt", t.closed_at AS "closedAt"
         FROM supervision_tasks t JOIN units u ON u.id = t.supervising_unit_id
        ${filter.where()}
        ORDER BY t.opened_at DESC, t.task_key DESC LIMIT ${filter.bind(query.limit ?? DEFAULT_SUPERVISION_PAGE)}`,
      filter.params,
    );
    return rows.map(supervisionTaskToWire);
  }

  async overdue(user: AuthenticatedUser, query: ListOverdueQuery): Promise<OverdueList> {
    const filter = withinOversight(new SqlFilter(), user, 'u.region_path', 'c.petition_id');
    filter.and(`c.status = 'running'`);
    filter.and(`c.due_at < now() + interval '${NEAR_DUE}'`);
    filter.and(`c.clock_id = ANY(${filter.bind(OBLIGATION_CLOCKS)}::text[])`);
    if (query.unitId) filter.and(`c.unit_id = ${filter.bind(query.unitId)}::text`);
    // now() is the transaction's start: the list and its asOf are judged against the same instant.
    return this.dataSource.transaction(async (tx) => {
      const [{ asOf }]: { asOf: Date }[] = await tx.query(`SELECT now() AS "asOf"`);
      // last_day as text: node-postgres would read a date column as a local-midnight Date.
      const clocks: OverdueClockRow[] = await tx.query(
        `SELECT c.petition_id AS "petitionId", ${CASE_NUMBER_OF('c.petition_id')}, c.clock_key AS "clockKey", c.clock_id AS "clockId", c.unit_id AS "unitId",
                c.started_at AS "startedAt", c.due_at AS "dueAt", c.last_day::text AS "lastDay", c.due_at < now() AS overdue
           FROM petition_clocks c JOIN units u ON u.id = c.unit_id
          ${filter.where()}
          ORDER BY c.due_at, c.petition_id, c.clock_key LIMIT ${filter.bind(query.limit ?? DEFAULT_SUPERVISION_PAGE)}`,
        filter.params,
      );
      return overdueListToWire(asOf, clocks);
    });
  }
}
