/**
 * The case timeline rebuilt from the history alone: every event the workflow projected, with who
 * (user, role, unit), when (Asia/Shanghai), the step before and after, the reasons given, each
 * clock start and stop and each escalation rung; compared line by line with the read model's
 * timeline (GET /petitions/:id/timeline). A difference is a finding.
 */
import type { Actor, ProjectedEvent } from '../process';
import { repairForRecord } from '../process/well-formed-text';
import { formatInstant } from '../process/wire-time';
import type { HistoryReading } from './history-reading';

export interface TimelineEntry {
  seq: number;
  type: string;
  at: string;
  actor: Actor | null;
  requestId: string | null;
  clockKey: string | null;
  stepBefore: string | null;
  stepAfter: string;
  /** The reasons, notes and decisions given with the event (free text as entered). */
  reasons: Record<string, unknown>;
  data: Record<string, unknown>;
  /** Where in the history it was read: the run and the projectPetition ActivityTaskScheduled event. */
  source: { runId: string; eventId: number };
}

const REASON_FIELDS = [
  'reason',
  'reasons',
  'note',
  'summary',
  'instructions',
  'feedback',
  'decision',
  'outcome',
  'procedure',
  'days',
  'rung',
  'code',
  'action',
];

export function timelineFromHistory(reading: HistoryReading): TimelineEntry[] {
  const entries = new Map<number, TimelineEntry>();
  let step: string | null = null;
  for (const projection of reading.projections) {
    const stepAfter = projection.batch.view.step;
    for (const event of projection.batch.events) {
      if (entries.has(event.seq)) continue; // a projection retried by the workflow (never expected)
      entries.set(event.seq, {
        seq: event.seq,
        type: event.type,
        at: formatInstant(event.at),
        actor: event.actor,
        requestId: event.requestId,
        clockKey: event.clockKey,
        stepBefore: step,
        stepAfter,
        reasons: Object.fromEntries(
          REASON_FIELDS.filter((f) => event.data[f] !== undefined && event.data[f] !== null).map((f) => [
            f,
            event.data[f],
          ]),
        ),
        data: event.data,
        source: { runId: projection.runId, eventId: projection.eventId },
      });
    }
    step = stepAfter;
  }
  return [...entries.values()].sort((a, b) => a.seq - b.seq);
}

/** A timeline row of the read model (petition_events), as GET /petitions/:id/timeline returns it. */
export interface ReadModelTimelineRow {
  seq: number;
  type: string;
  at: Date | string | number;
  actorUserId: string | null;
  actorRole: string | null;
  actorUnitId: string | null;
  requestId: string | null;
  clockKey: string | null;
  data: Record<string, unknown>;
}

export interface TimelineDifference {
  seq: number;
  kind: 'missing' | 'extra' | 'changed';
  field?: string;
  history?: unknown;
  readModel?: unknown;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}

/**
 * Every line where the read model's timeline and the history's disagree, field by field, and every
 * seq up to the highest that the history carries in no projection (a batch lost before it was
 * stored). `repairedSeqs`: events of resolved quarantined batches, stored repaired (lone
 * surrogates and NUL as U+FFFD); they agree when they equal the history's line so repaired.
 */
export function compareTimelines(
  fromHistory: TimelineEntry[],
  readModel: ReadModelTimelineRow[],
  repairedSeqs: ReadonlySet<number> = new Set(),
): TimelineDifference[] {
  const differences: TimelineDifference[] = [];
  const rows = new Map(readModel.map((r) => [Number(r.seq), r]));
  const inHistory = new Set(fromHistory.map((e) => e.seq));
  const highest = fromHistory.reduce((max, e) => Math.max(max, e.seq), 0);
  for (let seq = 1; seq <= highest; seq++) {
    if (!inHistory.has(seq) && !rows.has(seq)) differences.push({ seq, kind: 'missing', history: null });
  }
  for (const entry of fromHistory) {
    const row = rows.get(entry.seq);
    rows.delete(entry.seq);
    if (!row) {
      differences.push({ seq: entry.seq, kind: 'missing', history: { type: entry.type, at: entry.at } });
      continue;
    }
    const written: Record<string, unknown> = {
      type: entry.type,
      at: Date.parse(entry.at),
      actorUserId: entry.actor?.userId ?? null,
      actorRole: entry.actor?.role ?? null,
      actorUnitId: entry.actor?.unitId ?? null,
      requestId: entry.requestId,
      clockKey: entry.clockKey,
      data: entry.data,
    };
    const expected = repairedSeqs.has(entry.seq) ? repairForRecord(written).value : written;
    const actual: Record<string, unknown> = { ...row, at: new Date(row.at).getTime() };
    for (const field of Object.keys(expected)) {
      if (!same(expected[field], actual[field]))
        differences.push({
          seq: entry.seq,
          kind: 'changed',
          field,
          history: expected[field],
          readModel: actual[field],
        });
    }
  }
  for (const row of rows.values())
    differences.push({ seq: Number(row.seq), kind: 'extra', readModel: { type: row.type, at: row.at } });
  return differences.sort((a, b) => a.seq - b.seq);
}

export type { ProjectedEvent };
