import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { daysBetween, endOfShanghaiDay, isValidDate, startOfShanghaiDay } from '@/libs/process/calendar';
import { CLOCKS, ESCALATION_LADDER, LEVELS_TOP_DOWN, RungId, Step } from '@/libs/process/policy';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { formatInstant } from '@/libs/process/wire-time';
import { AssessmentQuery, DEFAULT_TOP_UNITS, MAX_PERIOD_DAYS } from './dto/assessment-query';
import type {
  AssessmentReportView,
  OverdueUnitView,
  RateView,
  RegistrationLevelView,
  UnitFiguresView,
} from './dto/assessment-views';

/** Cases that ended without being accepted are registered but never assessed (DOMAIN §2.3). */
const NOT_ACCEPTED: Step[] = ['endedDeclined', 'endedNotAcceptedAgain', 'endedRedirected'];
const RUNGS = ESCALATION_LADDER.map((r) => r.id);
const OBLIGATION_CLOCKS = Object.values(CLOCKS)
  .filter((c) => c.kind === 'obligation')
  .map((c) => c.id);

interface ScopeUnit {
  id: string;
  name: string;
  level: string;
}

/** Positional parameters shared by every query of one report. */
interface ReportParams {
  unitIds: string[];
  from: Date;
  to: Date;
  callerUnitId: string;
}

/** $1 units, $2 from, $3 to (exclusive), $4 the caller's unit, $5 the not-accepted steps. */
const COUNTED = `NOT (p.step = ANY($5::text[]))
  AND NOT EXISTS (SELECT 1 FROM petition_intakes accused WHERE accused.petition_id = p.id AND accused.accused_unit_id = $4::text)`;

/**
 * The clock stopped because the level above took the case over (提级办理): a lapse before it stays
 * the original unit's, counted as missing at its due instant, like a clock still running.
 */
const TAKEN_OVER = `EXISTS (SELECT 1 FROM petition_events s WHERE s.petition_id = c.petition_id AND s.clock_key = c.clock_key
                          AND s.type = 'clockStopped' AND s.data->>'reason' = 'takenOver')`;

const ACCEPTANCE_SQL = `
  SELECT c.unit_id AS "unitId", count(*)::int AS denominator,
         count(*) FILTER (WHERE c.status = 'stopped' AND c.stopped_at <= c.due_at)::int AS numerator
    FROM petition_clocks c JOIN petitions p ON p.id = c.petition_id
   WHERE c.clock_id = 'acceptanceNotice' AND c.unit_id = ANY($1::text[]) AND ${COUNTED}
     AND ((c.status = 'stopped' AND c.stopped_at >= $2 AND c.stopped_at < $3
           AND EXISTS (SELECT 1 FROM petition_events s WHERE s.petition_id = c.petition_id AND s.clock_key = c.clock_key
                          AND s.type = 'clockStopped' AND s.data->>'reason' = 'accepted'))
       OR (c.status = 'running' AND 'breach' = ANY(c.fired_rungs) AND c.due_at >= $2 AND c.due_at < $3)
       OR (c.status = 'stopped' AND 'breach' = ANY(c.fired_rungs) AND c.due_at >= $2 AND c.due_at < $3 AND ${TAKEN_OVER}))
   GROUP BY c.unit_id`;

const HANDLING_SQL = `
  SELECT c.unit_id AS "unitId", count(*)::int AS denominator,
         count(*) FILTER (WHERE c.status = 'stopped' AND c.stopped_at <= c.due_at)::int AS numerator
    FROM petition_clocks c JOIN petitions p ON p.id = c.petition_id
   WHERE c.clock_id = 'handling' AND c.unit_id = ANY($1::text[]) AND ${COUNTED}
     AND ((c.status = 'stopped' AND c.stopped_at >= $2 AND c.stopped_at < $3 AND NOT ${TAKEN_OVER})
       OR (c.status = 'running' AND 'breach' = ANY(c.fired_rungs) AND c.due_at >= $2 AND c.due_at < $3)
       OR (c.status = 'stopped' AND 'breach' = ANY(c.fired_rungs) AND c.due_at >= $2 AND c.due_at < $3 AND ${TAKEN_OVER}))
   GROUP BY c.unit_id`;

const FIRST_TIME_SQL = `
  SELECT p.handling_unit_id AS "unitId", count(*)::int AS denominator,
         count(*) FILTER (WHERE p.first_time_resolution AND NOT EXISTS (
           SELECT 1 FROM petition_events r WHERE r.type = 'registered' AND r.data->'repeatOf' ? p.id::text))::int AS numerator
    FROM petitions p
   WHERE p.is_final AND p.closed_at >= $2 AND p.closed_at < $3 AND p.handling_unit_id = ANY($1::text[]) AND ${COUNTED}
   GROUP BY p.handling_unit_id`;

const RATINGS_SQL = `
  SELECT c.unit_id AS "unitId", count(*)::int AS opportunities, count(r.rating)::int AS rated,
         count(*) FILTER (WHERE r.rating IN ('satisfied', 'basicallySatisfied'))::int AS satisfied
    FROM petition_clocks c JOIN petitions p ON p.id = c.petition_id
    LEFT JOIN LATERAL (
      SELECT e.data->>'rating' AS rating FROM petition_events e
       WHERE e.petition_id = c.petition_id AND e.type = 'rated' AND e.at >= c.started_at AND (c.stopped_at IS NULL OR e.at <= c.stopped_at)
       ORDER BY e.seq LIMIT 1) r ON true
   WHERE c.clock_id IN ('reviewRequestWindow', 'reReviewRequestWindow') AND c.unit_id = ANY($1::text[])
     AND c.started_at >= $2 AND c.started_at < $3 AND ${COUNTED}
   GROUP BY c.unit_id`;

const ESCALATIONS_SQL = `
  SELECT e.unit_id AS "unitId", e.rung, count(*)::int AS fired,
         count(*) FILTER (WHERE c.status IN ('running', 'suspended'))::int AS "stillOpen"
    FROM escalations e JOIN petitions p ON p.id = e.petition_id
    LEFT JOIN petition_clocks c ON c.petition_id = e.petition_id AND c.clock_key = e.clock_key
   WHERE e.fired_at >= $2 AND e.fired_at < $3 AND e.unit_id = ANY($1::text[]) AND e.clock_id = ANY($6::text[]) AND ${COUNTED}
   GROUP BY e.unit_id, e.rung`;

const REGISTERED_SQL = `
  SELECT p.routing_unit_id AS "unitId", count(*)::int AS registered
    FROM petitions p
   WHERE p.registered_at >= $2 AND p.registered_at < $3 AND p.routing_unit_id = ANY($1::text[]) AND ${COUNTED}
   GROUP BY p.routing_unit_id`;

function rate(numerator: number, denominator: number): RateView {
  return {
    numerator,
    denominator,
    rate: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
  };
}

function emptyCounts() {
  return {
    registered: 0,
    acceptance: [0, 0],
    handling: [0, 0],
    firstTime: [0, 0],
    ratings: { opportunities: 0, rated: 0, satisfied: 0 },
    breached: 0,
    stillOpen: 0,
    escalations: Object.fromEntries(RUNGS.map((r) => [r, 0])) as Record<RungId, number>,
  };
}
type Counts = ReturnType<typeof emptyCounts>;

function figures(unit: ScopeUnit | null, c: Counts): UnitFiguresView {
  return {
    unitId: unit?.id ?? null,
    unitName: unit?.name ?? null,
    level: unit?.level ?? null,
    registered: c.registered,
    acceptanceOnTime: rate(c.acceptance[0], c.acceptance[1]),
    handlingOnTime: rate(c.handling[0], c.handling[1]),
    firstTimeResolution: rate(c.firstTime[0], c.firstTime[1]),
    ratingParticipation: rate(c.ratings.rated, c.ratings.opportunities),
    satisfaction: rate(c.ratings.satisfied, c.ratings.rated),
    overdue: { breached: c.breached, stillOpen: c.stillOpen },
    escalations: { ...c.escalations } as UnitFiguresView['escalations'],
  };
}

/**
 * The assessment figures of DOMAIN §8 (definitions in figure-definitions.ts), computed from the
 * read model the workflows project: clocks, events, escalations and the case rows. All queries
 * run in one read-only transaction, so the figures describe one moment.
 */
@Injectable()
export class AssessmentReportService {
  constructor(private readonly dataSource: DataSource) {}

  async report(user: AuthenticatedUser, query: AssessmentQuery): Promise<AssessmentReportView> {
    const period = this.period(query);
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      const units = await this.scope(tx, user, query.unitId);
      const params: ReportParams = {
        unitIds: units.map((u) => u.id),
        from: period.fromInstant,
        to: period.toInstant,
        callerUnitId: user.unitId,
      };
      const counts = await this.count(tx, params);
      const [{ now }]: { now: Date }[] = await tx.query('SELECT now() AS now');

      const total = emptyCounts();
      for (const c of counts.values()) add(total, c);
      const rows = units.map((u) => figures(u, counts.get(u.id) ?? emptyCounts()));
      return {
        scope: { unitId: query.unitId ?? null, unitIds: units.map((u) => u.id) },
        period: { from: query.from, to: query.to },
        asOf: formatInstant(now.getTime()),
        total: figures(null, total),
        units: rows,
        registrationLevels: registrationLevels(rows, total.registered),
        topOverdueUnits: topOverdue(rows, query.top ?? DEFAULT_TOP_UNITS),
      };
    });
  }

  private period(query: AssessmentQuery): { fromInstant: Date; toInstant: Date } {
    if (!isValidDate(query.from)) throw new BadRequestException(`from "${query.from}" is not a calendar date`); // shaped YYYY-MM-DD by the query's validation, not free text
    if (!isValidDate(query.to)) throw new BadRequestException(`to "${query.to}" is not a calendar date`); // shaped YYYY-MM-DD by the query's validation, not free text
    if (query.to < query.from)
      throw new BadRequestException(`the period ends (to ${query.to}) before it starts (from ${query.from})`);
    if (daysBetween(query.from, query.to) >= MAX_PERIOD_DAYS)
      throw new BadRequestException(`a report covers at most ${MAX_PERIOD_DAYS} days`);
    return { fromInstant: new Date(startOfShanghaiDay(query.from)), toInstant: new Date(endOfShanghaiDay(query.to)) };
  }

  /** The unit and its subtree, or the caller's whole region; never a unit outside the caller's region. */
  private async scope(tx: EntityManager, user: AuthenticatedUser, unitId: string | undefined): Promise<ScopeUnit[]> {
    const order = `ORDER BY array_position($2::text[], u.level), u.region_path, u.id`;
    if (!unitId) {
      return tx.query(
        `SELECT u.id, u.name, u.level FROM units u
          WHERE u.region_path = $1::text OR starts_with(u.region_path, $1::text || '.') ${order}`,
        [user.regionPath, LEVELS_TOP_DOWN],
      );
    }
    const [unit]: { region_path: string }[] = await tx.query(`SELECT region_path FROM units WHERE id = $1`, [unitId]);
    if (!unit) throw new BadRequestException('unitId is not a known unit');
    if (unit.region_path !== user.regionPath && !unit.region_path.startsWith(`${user.regionPath}.`)) {
      throw new ForbiddenException(
        `unit ${unitId} is outside your region (${user.regionPath}); you assess only the units at or below your own`,
      );
    }
    return tx.query(
      `WITH RECURSIVE tree AS (SELECT id FROM units WHERE id = $1 UNION SELECT u.id FROM units u JOIN tree t ON u.parent_id = t.id)
       SELECT u.id, u.name, u.level FROM units u JOIN tree USING (id) ${order}`,
      [unitId, LEVELS_TOP_DOWN],
    );
  }

  private async count(tx: EntityManager, p: ReportParams): Promise<Map<string, Counts>> {
    const base = [p.unitIds, p.from, p.to, p.callerUnitId, NOT_ACCEPTED];
    const counts = new Map<string, Counts>();
    const of = (unitId: string) => {
      let c = counts.get(unitId);
      if (!c) counts.set(unitId, (c = emptyCounts()));
      return c;
    };
    type Ratio = { unitId: string; numerator: number; denominator: number };
    for (const r of (await tx.query(ACCEPTANCE_SQL, base)) as Ratio[])
      of(r.unitId).acceptance = [r.numerator, r.denominator];
    for (const r of (await tx.query(HANDLING_SQL, base)) as Ratio[])
      of(r.unitId).handling = [r.numerator, r.denominator];
    for (const r of (await tx.query(FIRST_TIME_SQL, base)) as Ratio[])
      of(r.unitId).firstTime = [r.numerator, r.denominator];
    const ratings: { unitId: string; opportunities: number; rated: number; satisfied: number }[] = await tx.query(
      RATINGS_SQL,
      base,
    );
    for (const { unitId, ...r } of ratings) of(unitId).ratings = r;
    const escalations: { unitId: string; rung: RungId; fired: number; stillOpen: number }[] = await tx.query(
      ESCALATIONS_SQL,
      [...base, OBLIGATION_CLOCKS],
    );
    for (const e of escalations) {
      const c = of(e.unitId);
      c.escalations[e.rung] = e.fired;
      if (e.rung === 'breach') {
        c.breached = e.fired;
        c.stillOpen = e.stillOpen;
      }
    }
    for (const r of (await tx.query(REGISTERED_SQL, base)) as { unitId: string; registered: number }[])
      of(r.unitId).registered = r.registered;
    return counts;
  }
}

function add(total: Counts, c: Counts): void {
  total.registered += c.registered;
  for (const key of ['acceptance', 'handling', 'firstTime'] as const) {
    total[key] = [total[key][0] + c[key][0], total[key][1] + c[key][1]];
  }
  total.ratings = {
    opportunities: total.ratings.opportunities + c.ratings.opportunities,
    rated: total.ratings.rated + c.ratings.rated,
    satisfied: total.ratings.satisfied + c.ratings.satisfied,
  };
  total.breached += c.breached;
  total.stillOpen += c.stillOpen;
  for (const rung of RUNGS) total.escalations[rung] += c.escalations[rung];
}

function registrationLevels(rows: UnitFiguresView[], total: number): RegistrationLevelView[] {
  return LEVELS_TOP_DOWN.map((level) => {
    const registered = rows.filter((r) => r.level === level).reduce((sum, r) => sum + r.registered, 0);
    return { level, registered, share: rate(registered, total).rate };
  });
}

function topOverdue(rows: UnitFiguresView[], top: number): OverdueUnitView[] {
  return rows
    .filter((r) => r.overdue.breached > 0)
    .sort(
      (a, b) =>
        b.overdue.breached - a.overdue.breached ||
        b.overdue.stillOpen - a.overdue.stillOpen ||
        (a.unitId! < b.unitId! ? -1 : 1),
    )
    .slice(0, top)
    .map((r, i) => ({ rank: i + 1, unitId: r.unitId!, unitName: r.unitName!, level: r.level!, ...r.overdue }));
}
