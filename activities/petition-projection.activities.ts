/**
 * Activities of the petition workflow: project each transition into the read model, and look up
 * units in the tree. Every write is keyed by what the workflow decided (petition id + revision,
 * event seq, clock key), so a retried or replayed activity changes nothing.
 */
import { Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { DataSource } from 'typeorm';
import { appendLedgerRecords } from '../libs/persistence/accountability-ledger';
import { caseListColumns } from '../libs/persistence/case-list-columns';
import { describeUnits } from '../libs/persistence/unit-directory';
import type { ProjectionBatch, UnitRef } from '../libs/process';
import type { PetitionActivities } from '../workflows/petition/petition.contract';

@Injectable()
export class PetitionProjectionActivities implements PetitionActivities {
  constructor(private readonly dataSource: DataSource) {}

  async projectPetition(batch: ProjectionBatch): Promise<void> {
    const v = batch.view;
    const at = (ms: number | null) => (ms === null ? null : new Date(ms));
    const list = caseListColumns(v);
    await this.dataSource.transaction(async (tx) => {
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
          batch.petitionId, batch.workflowId, v.category, v.urgent, v.step, v.policyVersion, v.calendarVersion, v.routingUnitId,
          v.handlingUnitId, v.reviewUnitId, v.reReviewUnitId, at(v.receivedAt), at(v.registeredAt), at(v.closedAt), v.final,
          batch.revision, JSON.stringify(v), v.caseLeader?.userId ?? null, v.firstTimeResolution, v.listedForSupervision !== null,
          list.collective, list.repeatOf, list.accusedUnitId, list.unitIds, at(list.nextDue?.at ?? null), list.nextDue?.clockKey ?? null,
          list.nextDue?.clockId ?? null, list.nextDue?.lastDay ?? null,
        ],
      );
      for (const e of batch.events) {
        await tx.query(
          `INSERT INTO petition_events (petition_id, seq, type, at, actor_user_id, actor_role, actor_unit_id, request_id, clock_key, data)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (petition_id, seq) DO NOTHING`,
          [batch.petitionId, e.seq, e.type, at(e.at), e.actor?.userId ?? null, e.actor?.role ?? null, e.actor?.unitId ?? null, e.requestId, e.clockKey, JSON.stringify(e.data)],
        );
      }
      await appendLedgerRecords(tx, batch.petitionId, batch.ledger);
      for (const e of batch.escalations) {
        await tx.query(
          `INSERT INTO escalations (escalation_key, petition_id, clock_key, clock_id, rung, unit_id, recipients, fired_at, due_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (escalation_key) DO NOTHING`,
          [e.key, batch.petitionId, e.clockKey, e.clockId, e.rung, e.unitId, JSON.stringify(e.recipients), at(e.at), at(e.dueAt)],
        );
      }
      for (const t of v.supervisionTasks) {
        await tx.query(
          `INSERT INTO supervision_tasks (task_key, petition_id, kind, source, supervising_unit_id, supervised_unit_id, clock_key,
             feedback_clock_key, status, opened_at, closed_at, revision)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
           ON CONFLICT (task_key) DO UPDATE SET status = EXCLUDED.status, closed_at = EXCLUDED.closed_at,
             supervised_unit_id = EXCLUDED.supervised_unit_id, revision = EXCLUDED.revision
           WHERE supervision_tasks.revision < EXCLUDED.revision`,
          [t.key, batch.petitionId, t.kind, t.source, t.supervisingUnitId, t.supervisedUnitId, t.clockKey, t.feedbackClockKey, t.status, at(t.openedAt), at(t.closedAt), batch.revision],
        );
      }
      for (const c of v.clocks) {
        await tx.query(
          `INSERT INTO petition_clocks (petition_id, clock_key, clock_id, unit_id, status, started_at, due_at, last_day, length_days,
             excluded_days, stopped_at, overdue, fired_rungs, calendar_basis, calendar_version, revision)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
           ON CONFLICT (petition_id, clock_key) DO UPDATE SET unit_id = EXCLUDED.unit_id, status = EXCLUDED.status,
             due_at = EXCLUDED.due_at, last_day = EXCLUDED.last_day, length_days = EXCLUDED.length_days,
             excluded_days = EXCLUDED.excluded_days, stopped_at = EXCLUDED.stopped_at, overdue = EXCLUDED.overdue,
             fired_rungs = EXCLUDED.fired_rungs, calendar_basis = EXCLUDED.calendar_basis,
             calendar_version = EXCLUDED.calendar_version, revision = EXCLUDED.revision
           WHERE petition_clocks.revision < EXCLUDED.revision`,
          [
            batch.petitionId, c.key, c.id, c.unitId, c.status, at(c.startedAt), at(c.dueAt), c.lastDay, c.lengthDays, c.excludedDays,
            at(c.stoppedAt), c.overdue, c.firedRungs, c.calendarBasis, c.calendarVersion, batch.revision,
          ],
        );
      }
    });
    // Ids and counts only: the log line carries the request id of the action behind it (worker interceptor).
    activityLog()?.info('read model projected', { petitionId: batch.petitionId, revision: batch.revision, events: batch.events.length, ledger: batch.ledger.length });
  }

  async describeUnits(unitIds: string[]): Promise<Record<string, UnitRef | null>> {
    return describeUnits(this.dataSource, unitIds);
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
