/**
 * Projection batches the read model refused for their content. A batch PostgreSQL cannot hold
 * (SQLSTATE class 22 data exception, class 23 integrity violation) would be refused on every retry:
 * it is kept here, whole, so the workflow can go on and no event is lost; an operator resolves it
 * (`npm run audit -- resolve-quarantine`), and read-model verification reports it until then.
 * Connection errors and the like are not content: the activity keeps retrying those.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ProjectionBatch } from '../process';

/** The SQLSTATE of an error the database raised because of what it was asked to store, else null. */
export function contentRefusal(error: unknown): string | null {
  const candidate = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = candidate?.driverError?.code ?? candidate?.code;
  return typeof code === 'string' && /^2[23][0-9A-Z]{3}$/.test(code) ? code : null;
}

export interface QuarantinedBatch {
  id: string;
  petitionId: string;
  revision: number;
  eventSeqs: number[];
  sqlstate: string;
  /** PostgreSQL's message (not its DETAIL, which may quote the row). */
  reason: string;
  quarantinedAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  /** Where the stored copy differs from the original (`events[0].data.instructions`): lone surrogates and NUL replaced by U+FFFD. */
  repairs: string[] | null;
}

/** The key a quarantined batch is matched by in a history: its revision and the events it carries. */
export function batchKey(batch: Pick<ProjectionBatch, 'revision' | 'events'>): string {
  return quarantineKey(
    batch.revision,
    batch.events.map((e) => e.seq),
  );
}

export function quarantineKey(revision: number, eventSeqs: number[]): string {
  return `${revision}:${eventSeqs.join(',')}`;
}

/** The batch as JSON text: lone surrogates as ASCII escapes, so a `text` column holds it exactly. */
export function batchText(batch: ProjectionBatch): string {
  return JSON.stringify(batch);
}

/** Keeps a refused batch; a retried activity finds the same row (same text, same hash). */
export async function quarantineBatch(
  manager: EntityManager,
  batch: ProjectionBatch,
  sqlstate: string,
  reason: string,
): Promise<{ id: string; created: boolean }> {
  const text = batchText(batch);
  const sha256 = createHash('sha256').update(text).digest('hex');
  const inserted: { id: string }[] = await manager.query(
    `INSERT INTO projection_quarantine (petition_id, revision, event_seqs, batch_sha256, batch, sqlstate, reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (petition_id, batch_sha256) DO NOTHING RETURNING id`,
    [batch.petitionId, batch.revision, batch.events.map((e) => e.seq), sha256, text, sqlstate, reason],
  );
  if (inserted[0]) return { id: String(inserted[0].id), created: true };
  const [earlier]: { id: string }[] = await manager.query(
    `SELECT id FROM projection_quarantine WHERE petition_id = $1 AND batch_sha256 = $2`,
    [batch.petitionId, sha256],
  );
  return { id: String(earlier.id), created: false };
}

interface QuarantineRow {
  id: string;
  petition_id: string;
  revision: number;
  event_seqs: number[];
  sqlstate: string;
  reason: string;
  quarantined_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
  repairs: QuarantinedBatch['repairs'];
  batch?: string;
}

function fromRow(r: QuarantineRow): QuarantinedBatch {
  return {
    id: String(r.id),
    petitionId: r.petition_id,
    revision: r.revision,
    eventSeqs: r.event_seqs.map(Number),
    sqlstate: r.sqlstate,
    reason: r.reason,
    quarantinedAt: r.quarantined_at,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    repairs: r.repairs,
  };
}

/** A case's quarantined batches, resolved or not, in the order they were refused. */
export async function quarantinedBatches(manager: EntityManager, petitionId: string): Promise<QuarantinedBatch[]> {
  const rows: QuarantineRow[] = await manager.query(
    `SELECT id, petition_id, revision, event_seqs, sqlstate, reason, quarantined_at, resolved_at, resolved_by, repairs
       FROM projection_quarantine WHERE petition_id = $1 ORDER BY id`,
    [petitionId],
  );
  return rows.map(fromRow);
}

/** The unresolved batches of a case with their original content, oldest first, locked for resolving. */
export async function unresolvedBatchesForUpdate(
  manager: EntityManager,
  petitionId: string,
): Promise<{ entry: QuarantinedBatch; batch: ProjectionBatch }[]> {
  const rows: QuarantineRow[] = await manager.query(
    `SELECT * FROM projection_quarantine WHERE petition_id = $1 AND resolved_at IS NULL ORDER BY revision, id FOR UPDATE`,
    [petitionId],
  );
  return rows.map((r) => ({ entry: fromRow(r), batch: JSON.parse(r.batch!) as ProjectionBatch }));
}

export async function markResolved(
  manager: EntityManager,
  id: string,
  resolvedBy: string,
  repairs: QuarantinedBatch['repairs'],
): Promise<void> {
  await manager.query(
    `UPDATE projection_quarantine SET resolved_at = now(), resolved_by = $2, repairs = $3 WHERE id = $1 AND resolved_at IS NULL`,
    [id, resolvedBy, JSON.stringify(repairs ?? [])],
  );
}

/** Every case with an unresolved batch (for the operator's list and the metric). */
export async function casesWithUnresolvedBatches(manager: EntityManager): Promise<string[]> {
  const rows: { petition_id: string }[] = await manager.query(
    `SELECT DISTINCT petition_id FROM projection_quarantine WHERE resolved_at IS NULL ORDER BY petition_id`,
  );
  return rows.map((r) => r.petition_id);
}
