/**
 * Read-model verification (DOMAIN §8): the projections recorded in a case's history are applied,
 * in order, to an in-memory read model under the same keyed rules the projection activity uses
 * (a row moves only to a higher revision; an event, escalation or ledger record is written once).
 * The result is what PostgreSQL must hold; every row is compared field by field and each missing,
 * extra or changed one is reported.
 *
 * Events are compared one by one, by seq: each one the history carries and the read model lacks
 * or holds differently is a divergence, and so is each seq the workflow numbered that no recorded
 * projection carries (a batch lost before it was stored, as flushes did before
 * PROJECTION_KEEPS_PENDING_PATCH). Each batch the read model refused and that waits in the
 * quarantine is a divergence until an operator resolves it. A resolved batch was stored repaired
 * (lone surrogates and NUL as U+FFFD): its events are expected repaired and listed under
 * `repaired`, which does not make the case disagree.
 */
import type { EntityManager } from 'typeorm';
import type { ProjectionBatch } from '../process';
import { repairForRecord } from '../process/well-formed-text';
import { formatInstant } from '../process/wire-time';
import { QuarantinedBatch, batchKey, quarantineKey, quarantinedBatches } from '../persistence/projection-quarantine';
import type { HistoryReading } from './history-reading';

export type ReadModelTable =
  'petitions' | 'petition_events' | 'petition_clocks' | 'escalations' | 'accountability_records' | 'supervision_tasks';

export interface ReadModelDivergence {
  table: ReadModelTable | 'projection_quarantine';
  key: string;
  kind: 'missing' | 'extra' | 'changed' | 'quarantined';
  field?: string;
  expected?: unknown;
  actual?: unknown;
  /** Why, when the kind alone does not say it. */
  detail?: string;
}

/** A quarantined batch as the auditor sees it. */
export interface QuarantineEntry {
  id: string;
  revision: number;
  eventSeqs: number[];
  sqlstate: string;
  reason: string;
  quarantinedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  repairs: string[] | null;
}

/** An event of a resolved batch that the read model holds repaired, not as the workflow wrote it. */
export interface RepairedEvent {
  seq: number;
  quarantineId: string;
  /** Where in the batch: `events[0].data.instructions`. */
  fields: string[];
}

export interface ReadModelVerification {
  petitionId: string;
  ok: boolean;
  rowsCompared: number;
  divergences: ReadModelDivergence[];
  /** Every batch of the case the read model refused, resolved or not. */
  quarantine: QuarantineEntry[];
  repaired: RepairedEvent[];
}

export function quarantineEntry(q: QuarantinedBatch): QuarantineEntry {
  return {
    id: q.id,
    revision: q.revision,
    eventSeqs: q.eventSeqs,
    sqlstate: q.sqlstate,
    reason: q.reason,
    quarantinedAt: formatInstant(q.quarantinedAt.getTime()),
    resolvedAt: q.resolvedAt ? formatInstant(q.resolvedAt.getTime()) : null,
    resolvedBy: q.resolvedBy,
    repairs: q.repairs,
  };
}

/** The seqs 1…highest that no recorded projection carries: numbered by the workflow, never stored. */
export function seqsMissingFromHistory(seqsInHistory: Iterable<number>): number[] {
  const seen = new Set(seqsInHistory);
  let highest = 0;
  for (const seq of seen) if (seq > highest) highest = seq;
  const missing: number[] = [];
  for (let seq = 1; seq <= highest; seq++) if (!seen.has(seq)) missing.push(seq);
  return missing;
}

/**
 * The batch as the read model was given it: a resolved quarantined batch was stored repaired.
 * Reports which of its events differ from the original.
 */
export function asStored(
  batch: ProjectionBatch,
  resolved: Map<string, QuarantinedBatch>,
  repaired: RepairedEvent[],
): ProjectionBatch {
  const entry = resolved.get(batchKey(batch));
  if (!entry) return batch;
  const { value, repairs } = repairForRecord(batch);
  batch.events.forEach((event, i) => {
    const fields = repairs.filter((path) => path.startsWith(`events[${i}].`));
    if (fields.length > 0) repaired.push({ seq: event.seq, quarantineId: entry.id, fields });
  });
  return value;
}

type Row = Record<string, unknown>;

interface ExpectedReadModel {
  petition: Row | null;
  events: Map<string, Row>;
  clocks: Map<string, Row>;
  escalations: Map<string, Row>;
  ledger: Map<string, Row>;
  tasks: Map<string, Row>;
}

const ms = (value: number | null | undefined) => (value === null || value === undefined ? null : value);

/** Applies one batch as the projection activity does (activities/petition-projection.activities.ts). */
function apply(model: ExpectedReadModel, batch: ProjectionBatch): void {
  const v = batch.view;
  if (!model.petition || (model.petition.revision as number) < batch.revision) {
    model.petition = {
      workflow_id: batch.workflowId,
      category: v.category,
      urgent: v.urgent,
      step: v.step,
      policy_version: v.policyVersion,
      calendar_version: v.calendarVersion,
      routing_unit_id: v.routingUnitId,
      handling_unit_id: v.handlingUnitId,
      review_unit_id: v.reviewUnitId,
      re_review_unit_id: v.reReviewUnitId,
      received_at: ms(v.receivedAt),
      registered_at: ms(v.registeredAt),
      closed_at: ms(v.closedAt),
      is_final: v.final,
      revision: batch.revision,
      view: v,
      case_leader_id: v.caseLeader?.userId ?? null,
      first_time_resolution: v.firstTimeResolution,
      listed_for_supervision: v.listedForSupervision !== null,
      // Written once, at the first projection: the insert's values that later upserts leave alone.
      ...(model.petition
        ? {
            workflow_id: model.petition.workflow_id,
            category: model.petition.category,
            policy_version: model.petition.policy_version,
            calendar_version: model.petition.calendar_version,
            routing_unit_id: model.petition.routing_unit_id,
            registered_at: model.petition.registered_at,
          }
        : {}),
    };
  }
  for (const e of batch.events) {
    const key = String(e.seq);
    if (model.events.has(key)) continue;
    model.events.set(key, {
      type: e.type,
      at: ms(e.at),
      actor_user_id: e.actor?.userId ?? null,
      actor_role: e.actor?.role ?? null,
      actor_unit_id: e.actor?.unitId ?? null,
      request_id: e.requestId,
      clock_key: e.clockKey,
      data: e.data,
    });
  }
  for (const e of batch.ledger) {
    if (model.ledger.has(e.key)) continue;
    model.ledger.set(e.key, {
      rule: e.rule,
      unit_id: e.unitId,
      responsible_user_id: e.responsibleUserId,
      severity: e.severity,
      suggested_action: e.suggestedAction,
      basis: e.basis,
      evidence: e.evidence,
      detail: e.detail,
      occurred_at: ms(e.at),
    });
  }
  for (const e of batch.escalations) {
    if (model.escalations.has(e.key)) continue;
    model.escalations.set(e.key, {
      clock_key: e.clockKey,
      clock_id: e.clockId,
      rung: e.rung,
      unit_id: e.unitId,
      recipients: e.recipients,
      fired_at: ms(e.at),
      due_at: ms(e.dueAt),
    });
  }
  for (const t of v.supervisionTasks) {
    const current = model.tasks.get(t.key);
    if (current && (current.revision as number) >= batch.revision) continue;
    model.tasks.set(t.key, {
      kind: current?.kind ?? t.kind,
      source: current?.source ?? t.source,
      supervising_unit_id: current?.supervising_unit_id ?? t.supervisingUnitId,
      supervised_unit_id: t.supervisedUnitId,
      clock_key: current?.clock_key ?? t.clockKey,
      feedback_clock_key: current?.feedback_clock_key ?? t.feedbackClockKey,
      status: t.status,
      opened_at: current?.opened_at ?? ms(t.openedAt),
      closed_at: ms(t.closedAt),
      revision: batch.revision,
    });
  }
  for (const c of v.clocks) {
    const current = model.clocks.get(c.key);
    if (current && (current.revision as number) >= batch.revision) continue;
    model.clocks.set(c.key, {
      clock_id: current?.clock_id ?? c.id,
      unit_id: c.unitId,
      status: c.status,
      started_at: current?.started_at ?? ms(c.startedAt),
      due_at: ms(c.dueAt),
      last_day: c.lastDay,
      length_days: c.lengthDays,
      excluded_days: c.excludedDays,
      stopped_at: ms(c.stoppedAt),
      overdue: c.overdue,
      fired_rungs: c.firedRungs,
      calendar_basis: c.calendarBasis,
      calendar_version: c.calendarVersion,
      revision: batch.revision,
    });
  }
}

export function expectedReadModel(
  reading: HistoryReading,
  resolved: Map<string, QuarantinedBatch> = new Map(),
  repaired: RepairedEvent[] = [],
): ExpectedReadModel {
  const model: ExpectedReadModel = {
    petition: null,
    events: new Map(),
    clocks: new Map(),
    escalations: new Map(),
    ledger: new Map(),
    tasks: new Map(),
  };
  for (const projection of reading.projections) apply(model, asStored(projection.batch, resolved, repaired));
  return model;
}

/** Values as comparable JSON: instants as epoch ms, dates as YYYY-MM-DD, keys sorted. */
function normalise(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, normalise((value as Row)[k])]),
    );
  return value;
}

function compareRow(table: ReadModelTable, key: string, expected: Row, actual: Row, out: ReadModelDivergence[]): void {
  for (const field of Object.keys(expected)) {
    const want = normalise(expected[field]);
    const have = normalise(actual[field]);
    if (JSON.stringify(want) !== JSON.stringify(have))
      out.push({ table, key, kind: 'changed', field, expected: want, actual: have });
  }
}

function compareRows(
  table: ReadModelTable,
  expected: Map<string, Row>,
  actual: Map<string, Row>,
  out: ReadModelDivergence[],
  ignoreExtra: (key: string, row: Row) => boolean = () => false,
): number {
  for (const [key, row] of expected) {
    const found = actual.get(key);
    if (!found) out.push({ table, key, kind: 'missing', expected: normalise(row) });
    else compareRow(table, key, row, found, out);
  }
  for (const [key, row] of actual)
    if (!expected.has(key) && !ignoreExtra(key, row)) out.push({ table, key, kind: 'extra', actual: normalise(row) });
  return expected.size;
}

async function rowsBy(
  manager: EntityManager,
  sql: string,
  petitionId: string,
  keyColumn: string,
): Promise<Map<string, Row>> {
  const rows: Row[] = await manager.query(sql, [petitionId]);
  return new Map(rows.map((r) => [String(r[keyColumn]), r]));
}

/** Compares PostgreSQL with what the history implies for one case. */
export async function verifyReadModel(
  manager: EntityManager,
  petitionId: string,
  reading: HistoryReading,
): Promise<ReadModelVerification> {
  const quarantine = await quarantinedBatches(manager, petitionId);
  const resolved = new Map(
    quarantine.filter((q) => q.resolvedAt !== null).map((q) => [quarantineKey(q.revision, q.eventSeqs), q]),
  );
  const repaired: RepairedEvent[] = [];
  const expected = expectedReadModel(reading, resolved, repaired);
  const divergences: ReadModelDivergence[] = [];
  let rowsCompared = 0;
  const [petition]: Row[] = await manager.query(`SELECT * FROM petitions WHERE id = $1`, [petitionId]);
  if (expected.petition) {
    rowsCompared += 1;
    if (!petition)
      divergences.push({
        table: 'petitions',
        key: petitionId,
        kind: 'missing',
        expected: normalise(expected.petition),
      });
    else compareRow('petitions', petitionId, expected.petition, { ...petition, last_day: undefined }, divergences);
  } else if (petition)
    divergences.push({ table: 'petitions', key: petitionId, kind: 'extra', actual: normalise(petition) });

  const events = await rowsBy(manager, `SELECT * FROM petition_events WHERE petition_id = $1`, petitionId, 'seq');
  rowsCompared += compareRows('petition_events', expected.events, events, divergences);
  for (const seq of seqsMissingFromHistory([...expected.events.keys()].map(Number))) {
    if (events.has(String(seq))) continue; // reported as extra
    divergences.push({
      table: 'petition_events',
      key: String(seq),
      kind: 'missing',
      detail:
        'numbered by the workflow but carried by no projection the history recorded: a batch lost before it was stored',
    });
  }
  const clocks = await rowsBy(
    manager,
    `SELECT *, to_char(last_day, 'YYYY-MM-DD') AS last_day FROM petition_clocks WHERE petition_id = $1`,
    petitionId,
    'clock_key',
  );
  rowsCompared += compareRows('petition_clocks', expected.clocks, clocks, divergences);
  rowsCompared += compareRows(
    'escalations',
    expected.escalations,
    await rowsBy(manager, `SELECT * FROM escalations WHERE petition_id = $1`, petitionId, 'escalation_key'),
    divergences,
  );
  // The API, not the workflow, records an accused party's attempt to read the case: not in the history.
  const apiRecorded = (key: string, row: Row) =>
    row.rule === 'accusedPartyAccess' && /:accusedPartyAccess:(read|act):/.test(key);
  rowsCompared += compareRows(
    'accountability_records',
    expected.ledger,
    await rowsBy(
      manager,
      `SELECT * FROM accountability_records WHERE petition_id = $1 AND kind = 'trigger'`,
      petitionId,
      'record_key',
    ),
    divergences,
    apiRecorded,
  );
  rowsCompared += compareRows(
    'supervision_tasks',
    expected.tasks,
    await rowsBy(manager, `SELECT * FROM supervision_tasks WHERE petition_id = $1`, petitionId, 'task_key'),
    divergences,
  );
  for (const q of quarantine.filter((entry) => entry.resolvedAt === null)) {
    divergences.push({
      table: 'projection_quarantine',
      key: q.id,
      kind: 'quarantined',
      expected: { revision: q.revision, eventSeqs: q.eventSeqs },
      actual: { sqlstate: q.sqlstate },
      detail:
        'the read model refused this batch for its content; it waits in the quarantine (npm run audit -- resolve-quarantine)',
    });
  }
  return {
    petitionId,
    ok: divergences.length === 0,
    rowsCompared,
    divergences,
    quarantine: quarantine.map(quarantineEntry),
    repaired,
  };
}
