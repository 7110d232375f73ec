/**
 * The object store's part of the retention job (docs/operations.md "Retention"), run after the
 * read model's part by the same activity:
 *
 * 1. Files of online submissions that never became a petition — 不予登记 (counted from the
 *    decision) or never decided (counted from the submission) — are deleted after
 *    `unregisteredSubmissionFileDays`. The rows stay, marked deleted_at (the file's name, size and
 *    SHA-256 remain as the record of what was sent); the rows are marked, under a lock on their
 *    submissions, before the objects go, so a registration racing the job carries over only files
 *    that are still there.
 * 2. Orphans: an object under materials/ or online/ that no row names (case_materials, or a
 *    submission file not deleted) and that is older than `orphanGraceHours` (longer than any upload
 *    in flight). They come from a crash between storing a file and committing its row, or from an
 *    upload whose outcome the API could not confirm (503) and that was never retried. An orphan
 *    whose fileId the case's history names (a materialAttached event) is kept and counted, never
 *    deleted: the history points at it, and the operator reconciles it.
 *
 * Idempotent: a second run finds nothing more. Each run leaves one record on the audit trail.
 */
import type { DataSource } from 'typeorm';
import { appendAuditRecord } from '../audit/audit-trail';
import type { ObjectStore } from './object-store';

export interface ObjectRetentionPeriods {
  unregisteredSubmissionFileDays: number;
  orphanGraceHours: number;
}

export interface ObjectRetentionRun {
  deletedSubmissionFiles: number;
  deletedOrphanObjects: number;
  /** Orphans the history names: kept, for the operator. */
  keptOrphanObjects: string[];
}

const HOUR_MS = 3600 * 1000;
const SWEPT_PREFIXES = ['materials/', 'online/'];

export async function enforceObjectRetention(
  dataSource: DataSource,
  store: ObjectStore,
  periods: ObjectRetentionPeriods,
  now: Date = new Date(),
): Promise<ObjectRetentionRun> {
  const cutoff = new Date(now.getTime() - periods.unregisteredSubmissionFileDays * 24 * HOUR_MS);
  const expired: { object_key: string }[] = await dataSource.transaction(async (tx) => {
    const [rows]: [{ object_key: string }[], number] = await tx.query(
      `WITH due AS (
         SELECT s.id FROM online_submissions s
          WHERE (s.status = 'notRegistered' AND s.decided_at < $1) OR (s.status = 'received' AND s.submitted_at < $1)
          FOR UPDATE OF s)
       UPDATE submission_files f SET deleted_at = $2
         FROM due WHERE f.submission_id = due.id AND f.deleted_at IS NULL
       RETURNING f.object_key`,
      [cutoff, now],
    );
    return rows;
  });
  for (const { object_key } of expired) await store.delete(object_key);

  const graceCutoff = now.getTime() - periods.orphanGraceHours * HOUR_MS;
  let deletedOrphanObjects = 0;
  const keptOrphanObjects: string[] = [];
  for (const prefix of SWEPT_PREFIXES) {
    const old = (await store.list(prefix)).filter((o) => o.modifiedAt.getTime() < graceCutoff);
    if (old.length === 0) continue;
    const keys = old.map((o) => o.key);
    const named: { key: string }[] = await dataSource.query(
      `SELECT object_key AS key FROM case_materials WHERE object_key = ANY($1)
       UNION SELECT object_key FROM submission_files WHERE object_key = ANY($1) AND deleted_at IS NULL`,
      [keys],
    );
    const namedKeys = new Set(named.map((r) => r.key));
    for (const key of keys.filter((k) => !namedKeys.has(k))) {
      // materials/<petitionId>/<fileId>: the history may name the file though no row does.
      const [, petitionId, fileId] = key.split('/');
      if (prefix === 'materials/' && petitionId && fileId) {
        const [{ n }]: { n: number }[] = await dataSource.query(
          `SELECT count(*)::int AS n FROM petition_events
            WHERE petition_id::text = $1 AND type = 'materialAttached' AND data->>'fileId' = $2`,
          [petitionId, fileId],
        );
        if (n > 0) {
          keptOrphanObjects.push(key);
          continue;
        }
      }
      await store.delete(key);
      deletedOrphanObjects++;
    }
  }

  const run = { deletedSubmissionFiles: expired.length, deletedOrphanObjects, keptOrphanObjects };
  await appendAuditRecord(dataSource.manager, {
    kind: 'adminChange',
    action: 'enforceObjectRetention',
    outcome: 'succeeded',
    actor: null,
    detail: { asOf: now.toISOString(), ...run, periods: { ...periods } },
  });
  return run;
}
