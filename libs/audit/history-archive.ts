/**
 * The archive of closed cases' histories in PostgreSQL: what Temporal held when the case closed,
 * payloads still sealed by the codec, gzip-compressed, with the SHA-256 of the uncompressed JSON.
 * Written once per case (a retry or a second archiver finds the row and adds nothing); reading
 * checks the hash, so an archive changed behind the service's back is reported, not replayed.
 */
import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from './canonical-json';
import { CaseHistory, closeStatus, eventCount, startedAttributes } from './case-history';

export const ARCHIVE_FORMAT = 'temporal-history-json/v1';

export interface ArchiveRow {
  petitionId: string;
  workflowId: string;
  runCount: number;
  eventCount: number;
  closeStatus: string;
  closedAt: Date;
  contentSha256: string;
  uncompressedBytes: number;
  compressedBytes: number;
  archivedAt: Date;
  archivedBy: string;
}

export class ArchiveAltered extends Error {}

export class CaseNotClosed extends Error {}

export function archiveContent(caseHistory: CaseHistory): { json: Buffer; sha256: string } {
  const json = Buffer.from(canonicalJson({ format: ARCHIVE_FORMAT, ...caseHistory }));
  return { json, sha256: createHash('sha256').update(json).digest('hex') };
}

function closeTime(caseHistory: CaseHistory): Date {
  const events = caseHistory.runs[caseHistory.runs.length - 1].history.events;
  return new Date(events[events.length - 1].eventTime as string);
}

/**
 * Archives a closed case once. Returns 'archived', or 'alreadyArchived' when a row is there with
 * the same content; a row with other content is an alarm (the history Temporal returns changed).
 */
export async function archiveCaseHistory(
  manager: EntityManager,
  petitionId: string,
  caseHistory: CaseHistory,
  archivedBy: string,
): Promise<'archived' | 'alreadyArchived'> {
  const status = closeStatus(caseHistory);
  if (!status)
    throw new CaseNotClosed(`${caseHistory.workflowId} is still running: its history is complete only once it closes`);
  const { json, sha256 } = archiveContent(caseHistory);
  const compressed = gzipSync(json, { level: 9 });
  const runs = caseHistory.runs;
  startedAttributes(runs[0].history);
  const inserted: unknown[] = await manager.query(
    `INSERT INTO petition_history_archives (petition_id, workflow_id, first_run_id, last_run_id, run_count, event_count, close_status, closed_at,
       format, compression, content, content_sha256, uncompressed_bytes, archived_by)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'gzip',$10,$11,$12,$13) ON CONFLICT (petition_id) DO NOTHING RETURNING petition_id`,
    [
      petitionId,
      caseHistory.workflowId,
      runs[0].runId,
      runs[runs.length - 1].runId,
      runs.length,
      eventCount(caseHistory),
      status,
      closeTime(caseHistory),
      ARCHIVE_FORMAT,
      compressed,
      sha256,
      json.length,
      archivedBy,
    ],
  );
  if (inserted.length > 0) return 'archived';
  const [existing]: { content_sha256: string }[] = await manager.query(
    `SELECT content_sha256 FROM petition_history_archives WHERE petition_id = $1`,
    [petitionId],
  );
  if (existing.content_sha256 !== sha256) {
    throw new ArchiveAltered(
      `${caseHistory.workflowId} is archived with SHA-256 ${existing.content_sha256}, but Temporal now returns a history with ${sha256}`,
    );
  }
  return 'alreadyArchived';
}

export async function archiveRow(manager: EntityManager, petitionId: string): Promise<ArchiveRow | null> {
  const rows = await manager.query(
    `SELECT petition_id, workflow_id, run_count, event_count, close_status, closed_at, content_sha256, uncompressed_bytes,
            octet_length(content) AS compressed_bytes, archived_at, archived_by
       FROM petition_history_archives WHERE petition_id = $1`,
    [petitionId],
  );
  if (rows.length === 0) return null;
  const r = rows[0];
  return {
    petitionId: r.petition_id,
    workflowId: r.workflow_id,
    runCount: r.run_count,
    eventCount: r.event_count,
    closeStatus: r.close_status,
    closedAt: r.closed_at,
    contentSha256: r.content_sha256,
    uncompressedBytes: r.uncompressed_bytes,
    compressedBytes: Number(r.compressed_bytes),
    archivedAt: r.archived_at,
    archivedBy: r.archived_by,
  };
}

/** The archived history, after checking its content against the hash recorded with it. */
export async function loadArchivedHistory(manager: EntityManager, petitionId: string): Promise<CaseHistory | null> {
  const rows: { content: Buffer; content_sha256: string; format: string; workflow_id: string }[] = await manager.query(
    `SELECT content, content_sha256, format, workflow_id FROM petition_history_archives WHERE petition_id = $1`,
    [petitionId],
  );
  if (rows.length === 0) return null;
  const json = gunzipSync(rows[0].content);
  const sha256 = createHash('sha256').update(json).digest('hex');
  if (sha256 !== rows[0].content_sha256) {
    throw new ArchiveAltered(
      `the archived history of ${rows[0].workflow_id} does not match its SHA-256 (recorded ${rows[0].content_sha256}, content ${sha256})`,
    );
  }
  const parsed = JSON.parse(json.toString('utf8')) as CaseHistory & { format: string };
  if (parsed.format !== ARCHIVE_FORMAT) throw new Error(`unknown archive format ${parsed.format}`);
  return { workflowId: parsed.workflowId, runs: parsed.runs };
}
