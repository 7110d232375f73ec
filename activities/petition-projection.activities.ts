/**
 * Activities of the petition workflow: project each transition into the read model, and look up
 * units in the tree. Every write is keyed by what the workflow decided (petition id + revision,
 * event seq, clock key), so a retried or replayed activity changes nothing.
 */
import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { DataSource, EntityManager } from 'typeorm';
import { appendLedgerRecords } from '../libs/persistence/accountability-ledger';
import { caseListColumns } from '../libs/persistence/case-list-columns';
import { describeDatabaseError, summarizeDatabaseError } from '../libs/persistence/database-errors';
import { holdIntakeLock } from '../libs/persistence/intake-settlement';
import { writeNotifications } from '../libs/persistence/notification-outbox';
import { contentRefusal, quarantineBatch } from '../libs/persistence/projection-quarantine';
import { describeUnits } from '../libs/persistence/unit-directory';
import type { ProjectionBatch, UnitRef } from '../libs/process';
import type { PetitionActivities } from '../workflows/petition/petition.contract';

@Injectable()
export class PetitionProjectionActivities implements PetitionActivities {
  constructor(private readonly dataSource: DataSource) {}

  async projectPetition(batch: ProjectionBatch): Promise<ProjectionBatch | null> {
    try {
      await this.dataSource.transaction((tx) => writeProjection(tx, batch));
    } catch (error) {
      // Refused for what it holds, the batch would be refused on every retry and hold up the case
      // for good: it is kept whole in the quarantine and the workflow goes on. Anything else (the
      // database down, a lost connection) is retried as before.
      const sqlstate = contentRefusal(error);
      if (!sqlstate) {
        // Ids, SQLSTATE and names only: the failed statement's parameters (and the server's DETAIL)
        // hold the case's text, which no log may carry. Temporal logs and records what is thrown here.
        activityLog()?.error('read model projection failed', {
          petitionId: batch.petitionId,
          revision: batch.revision,
          ...summarizeDatabaseError(error),
        });
        throw new ProjectionFailed(
          `read model projection of petition ${batch.petitionId} revision ${batch.revision} failed: ${describeDatabaseError(error)}`,
        );
      }
      const quarantined = await quarantineBatch(this.dataSource.manager, batch, sqlstate, (error as Error).message);
      // Ids and the SQLSTATE only: the reason may quote the refused text.
      activityLog()?.warn('projection batch quarantined: the read model refused its content', {
        petitionId: batch.petitionId,
        revision: batch.revision,
        sqlstate,
        quarantineId: quarantined.id,
        eventSeqs: batch.events.map((e) => e.seq),
      });
      if (quarantined.created)
        activityMetrics()
          ?.createCounter(QUARANTINE_METRIC, 'batches', 'projection batches the read model refused for their content')
          .add(1, { sqlstate });
      return runningAsLocalActivity() ? batch : null;
    }
    // Ids and counts only: the log line carries the request id of the action behind it (worker interceptor).
    activityLog()?.info('read model projected', {
      petitionId: batch.petitionId,
      revision: batch.revision,
      events: batch.events.length,
      ledger: batch.ledger.length,
    });
    // A local activity's input never reaches the history, only its result does: the batch comes back
    // so the history still holds what the read model was told (the auditors' evidence, libs/audit).
    return runningAsLocalActivity() ? batch : null;
  }

  async describeUnits(unitIds: string[]): Promise<Record<string, UnitRef | null>> {
    return describeUnits(this.dataSource, unitIds);
  }
}

/** The worker's Prometheus counter (WORKER_METRICS_PORT) of quarantined batches, by SQLSTATE. */
export const QUARANTINE_METRIC = 'petitions_projection_quarantined_batches';

/**
 * Writes one batch into the read model, keyed so a retry changes nothing; in the caller's
 * transaction. Also used to re-project a quarantined batch once it is repaired.
 */
export async function writeProjection(tx: EntityManager, batch: ProjectionBatch): Promise<void> {
  const v = batch.view;
  const at = (ms: number | null) => (ms === null ? null : new Date(ms));
  const list = caseListColumns(v);
  // The first projection (the one with the registration) reads the intake: wait for the
  // registration's transaction to settle.
  if (batch.events.some((e) => e.type === 'registered')) await holdIntakeLock(tx, batch.petitionId);
  await tx.query(
    `INSERT INTO petitions (id, workflow_id, category, urgent, step, policy_version, calendar_version, routing_unit_id,
           handling_unit_id, review_unit_id, re_review_unit_id, received_at, registered_at, closed_at, is_final, revision, view, projected_at,
           case_leader_id, first_time_resolution, listed_for_supervision, collective, repeat_of, accused_unit_id, unit_ids,
           next_due_at, next_due_clock_key, next_due_clock_id, next_due_last_day, summary_bigrams)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17, now(), $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28,
           -- the summary's bigrams for text search, once, from the intake (the summary itself never leaves it)
           coalesce((SELECT text_bigrams(i.summary) FROM petition_intakes i WHERE i.petition_id = $1), '{}'))
         ON CONFLICT (id) DO UPDATE SET step = EXCLUDED.step, handling_unit_id = EXCLUDED.handling_unit_id,
           urgent = EXCLUDED.urgent, received_at = EXCLUDED.received_at,
           review_unit_id = EXCLUDED.review_unit_id, re_review_unit_id = EXCLUDED.re_review_unit_id,
           closed_at = EXCLUDED.closed_at, is_final = EXCLUDED.is_final, revision = EXCLUDED.revision,
           view = EXCLUDED.view, projected_at = now(), case_leader_id = EXCLUDED.case_leader_id,
           first_time_resolution = EXCLUDED.first_time_resolution, listed_for_supervision = EXCLUDED.listed_for_supervision,
           collective = EXCLUDED.collective, repeat_of = EXCLUDED.repeat_of, accused_unit_id = EXCLUDED.accused_unit_id,
           unit_ids = EXCLUDED.unit_ids, next_due_at = EXCLUDED.next_due_at, next_due_clock_key = EXCLUDED.next_due_clock_key,
           next_due_clock_id = EXCLUDED.next_due_clock_id, next_due_last_day = EXCLUDED.next_due_last_day
         WHERE petitions.revision < EXCLUDED.revision`,
    [
      batch.petitionId,
      batch.workflowId,
      v.category,
      v.urgent,
      v.step,
      v.policyVersion,
      v.calendarVersion,
      v.routingUnitId,
      v.handlingUnitId,
      v.reviewUnitId,
      v.reReviewUnitId,
      at(v.receivedAt),
      at(v.registeredAt),
      at(v.closedAt),
      v.final,
      batch.revision,
      JSON.stringify(v),
      v.caseLeader?.userId ?? null,
      v.firstTimeResolution,
      v.listedForSupervision !== null,
      list.collective,
      list.repeatOf,
      list.accusedUnitId,
      list.unitIds,
      at(list.nextDue?.at ?? null),
      list.nextDue?.clockKey ?? null,
      list.nextDue?.clockId ?? null,
      list.nextDue?.lastDay ?? null,
    ],
  );
  // One statement per table, whatever the number of rows: a transition's events, rungs, tasks
  // and clocks go in as one JSON array each (fewer round trips to PostgreSQL per transition).
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  if (batch.events.length > 0) {
    await tx.query(
      `INSERT INTO petition_events (petition_id, seq, type, at, actor_user_id, actor_role, actor_unit_id, request_id, clock_key, data, refers_to)
           SELECT $1, r.seq, r.type, r.at, r.actor_user_id, r.actor_role, r.actor_unit_id, r.request_id, r.clock_key, r.data, r.refers_to
             FROM jsonb_to_recordset($2::jsonb) AS r(seq integer, type text, at timestamptz, actor_user_id text, actor_role text,
                  actor_unit_id text, request_id text, clock_key text, data jsonb, refers_to timestamptz)
           ON CONFLICT (petition_id, seq) DO NOTHING`,
      [
        batch.petitionId,
        JSON.stringify(
          batch.events.map((e) => ({
            seq: e.seq,
            type: e.type,
            at: iso(e.at),
            actor_user_id: e.actor?.userId ?? null,
            actor_role: e.actor?.role ?? null,
            actor_unit_id: e.actor?.unitId ?? null,
            request_id: e.requestId,
            clock_key: e.clockKey,
            data: e.data,
            refers_to: iso(e.refersTo ?? null),
          })),
        ),
      ],
    );
  }
  await appendLedgerRecords(tx, batch.petitionId, batch.ledger);
  if (batch.escalations.length > 0) {
    await tx.query(
      `INSERT INTO escalations (escalation_key, petition_id, clock_key, clock_id, rung, unit_id, recipients, fired_at, due_at)
           SELECT r.escalation_key, $1, r.clock_key, r.clock_id, r.rung, r.unit_id, r.recipients, r.fired_at, r.due_at
             FROM jsonb_to_recordset($2::jsonb) AS r(escalation_key text, clock_key text, clock_id text, rung text, unit_id text,
                  recipients jsonb, fired_at timestamptz, due_at timestamptz)
           ON CONFLICT (escalation_key) DO NOTHING`,
      [
        batch.petitionId,
        JSON.stringify(
          batch.escalations.map((e) => ({
            escalation_key: e.key,
            clock_key: e.clockKey,
            clock_id: e.clockId,
            rung: e.rung,
            unit_id: e.unitId,
            recipients: e.recipients,
            fired_at: iso(e.at),
            due_at: iso(e.dueAt),
          })),
        ),
      ],
    );
  }
  if (v.supervisionTasks.length > 0) {
    await tx.query(
      `INSERT INTO supervision_tasks (task_key, petition_id, kind, source, supervising_unit_id, supervised_unit_id, clock_key,
             feedback_clock_key, status, opened_at, closed_at, revision)
           SELECT r.task_key, $1, r.kind, r.source, r.supervising_unit_id, r.supervised_unit_id, r.clock_key, r.feedback_clock_key,
                  r.status, r.opened_at, r.closed_at, $3
             FROM jsonb_to_recordset($2::jsonb) AS r(task_key text, kind text, source text, supervising_unit_id text,
                  supervised_unit_id text, clock_key text, feedback_clock_key text, status text, opened_at timestamptz, closed_at timestamptz)
           ON CONFLICT (task_key) DO UPDATE SET status = EXCLUDED.status, closed_at = EXCLUDED.closed_at,
             supervised_unit_id = EXCLUDED.supervised_unit_id, revision = EXCLUDED.revision
           WHERE supervision_tasks.revision < EXCLUDED.revision`,
      [
        batch.petitionId,
        JSON.stringify(
          v.supervisionTasks.map((t) => ({
            task_key: t.key,
            kind: t.kind,
            source: t.source,
            supervising_unit_id: t.supervisingUnitId,
            supervised_unit_id: t.supervisedUnitId,
            clock_key: t.clockKey,
            feedback_clock_key: t.feedbackClockKey,
            status: t.status,
            opened_at: iso(t.openedAt),
            closed_at: iso(t.closedAt),
          })),
        ),
        batch.revision,
      ],
    );
  }
  if (v.clocks.length > 0) {
    await tx.query(
      `INSERT INTO petition_clocks (petition_id, clock_key, clock_id, unit_id, status, started_at, due_at, last_day, length_days,
             excluded_days, stopped_at, overdue, fired_rungs, calendar_basis, calendar_version, revision)
           SELECT $1, r.clock_key, r.clock_id, r.unit_id, r.status, r.started_at, r.due_at, r.last_day, r.length_days, r.excluded_days,
                  r.stopped_at, r.overdue, ARRAY(SELECT jsonb_array_elements_text(r.fired_rungs)), r.calendar_basis, r.calendar_version, $3
             FROM jsonb_to_recordset($2::jsonb) AS r(clock_key text, clock_id text, unit_id text, status text, started_at timestamptz,
                  due_at timestamptz, last_day date, length_days integer, excluded_days integer, stopped_at timestamptz, overdue boolean,
                  fired_rungs jsonb, calendar_basis text, calendar_version text)
           ON CONFLICT (petition_id, clock_key) DO UPDATE SET unit_id = EXCLUDED.unit_id, status = EXCLUDED.status,
             due_at = EXCLUDED.due_at, last_day = EXCLUDED.last_day, length_days = EXCLUDED.length_days,
             excluded_days = EXCLUDED.excluded_days, stopped_at = EXCLUDED.stopped_at, overdue = EXCLUDED.overdue,
             fired_rungs = EXCLUDED.fired_rungs, calendar_basis = EXCLUDED.calendar_basis,
             calendar_version = EXCLUDED.calendar_version, revision = EXCLUDED.revision
           WHERE petition_clocks.revision < EXCLUDED.revision`,
      [
        batch.petitionId,
        JSON.stringify(
          v.clocks.map((c) => ({
            clock_key: c.key,
            clock_id: c.id,
            unit_id: c.unitId,
            status: c.status,
            started_at: iso(c.startedAt),
            due_at: iso(c.dueAt),
            last_day: c.lastDay,
            length_days: c.lengthDays,
            excluded_days: c.excludedDays,
            stopped_at: iso(c.stoppedAt),
            overdue: c.overdue,
            fired_rungs: c.firedRungs,
            calendar_basis: c.calendarBasis,
            calendar_version: c.calendarVersion,
          })),
        ),
        batch.revision,
      ],
    );
  }
  // The outbox in the same transaction: a notification exists exactly when its event does.
  await writeNotifications(tx, batch);
}

/** A failed projection, said without the case's data; Temporal retries the activity. */
export class ProjectionFailed extends Error {
  override name = 'ProjectionFailed';
}

function runningAsLocalActivity(): boolean {
  try {
    return Context.current().info.isLocal;
  } catch {
    return false;
  }
}

function activityMetrics() {
  try {
    return Context.current().metricMeter;
  } catch {
    return undefined;
  }
}

/** The activity's logger when running as an activity (not when called directly, e.g. by a script). */
function activityLog() {
  try {
    return Context.current().log;
  } catch {
    return undefined;
  }
}
