/**
 * `npm run audit -- resolve-quarantine <petitionId…> | --all [--by <operator>]`: re-projects a
 * case's quarantined batches, oldest revision first, each repaired so PostgreSQL can hold it
 * (lone UTF-16 surrogates and NUL replaced by U+FFFD; the original stays in the quarantine row),
 * and marks each resolved with who did it and where it was repaired. A batch refused again (a
 * constraint that still refuses it) stays unresolved, and so do the case's later batches: they are
 * re-projected in order or not at all. Verification then expects the repaired text and lists
 * those events as repaired.
 */
import { userInfo } from 'node:os';
import type { DataSource } from 'typeorm';
import { writeProjection } from '@/activities/petition-projection.activities';
import {
  casesWithUnresolvedBatches,
  contentRefusal,
  markResolved,
  unresolvedBatchesForUpdate,
} from '@/libs/persistence/projection-quarantine';
import { repairForRecord } from '@/libs/process/well-formed-text';
import type { AuditContext } from '../context';
import { UsageError } from './selection';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface QuarantineResolution {
  petitionId: string;
  resolved: { id: string; revision: number; repairs: string[] }[];
  /** The batch refused again, if one was: it and the later ones stay in the quarantine. */
  refused: { id: string; revision: number; sqlstate: string | null; reason: string } | null;
}

/** Re-projects a case's unresolved batches in order, each in its own transaction with its row. */
export async function resolveQuarantine(
  dataSource: DataSource,
  petitionId: string,
  resolvedBy: string,
): Promise<QuarantineResolution> {
  const result: QuarantineResolution = { petitionId, resolved: [], refused: null };
  for (;;) {
    let current: { id: string; revision: number } | null = null;
    try {
      const done = await dataSource.transaction(async (tx) => {
        const [next] = await unresolvedBatchesForUpdate(tx, petitionId);
        if (!next) return null;
        current = { id: next.entry.id, revision: next.entry.revision };
        const { value, repairs } = repairForRecord(next.batch);
        await writeProjection(tx, value);
        await markResolved(tx, next.entry.id, resolvedBy, repairs);
        return { id: next.entry.id, revision: next.entry.revision, repairs };
      });
      if (!done) return result;
      result.resolved.push(done);
    } catch (error) {
      const at = current as { id: string; revision: number } | null;
      if (!at) throw error;
      result.refused = { ...at, sqlstate: contentRefusal(error), reason: (error as Error).message };
      return result;
    }
  }
}

export async function resolveQuarantineCommand(
  ctx: AuditContext,
  ids: string[],
  all: boolean,
  by: string | undefined,
): Promise<boolean> {
  if (all === ids.length > 0) throw new UsageError('give petition ids, or --all');
  const bad = ids.find((id) => !UUID.test(id));
  if (bad) throw new UsageError(`"${bad}" is not a petition id`);
  const petitionIds = all
    ? await casesWithUnresolvedBatches(ctx.dataSource.manager)
    : ids.map((id) => id.toLowerCase());
  const resolvedBy = by ?? userInfo().username;
  let ok = true;
  for (const petitionId of petitionIds) {
    const outcome = await resolveQuarantine(ctx.dataSource, petitionId, resolvedBy);
    for (const r of outcome.resolved) {
      console.log(
        `${petitionId} revision ${r.revision}: re-projected${r.repairs.length > 0 ? `, repaired at ${r.repairs.join(', ')}` : ' as it was'} (quarantine #${r.id})`,
      );
    }
    if (outcome.refused) {
      ok = false;
      console.log(
        `${petitionId} revision ${outcome.refused.revision}: refused again (SQLSTATE ${outcome.refused.sqlstate ?? 'none'}): ${outcome.refused.reason}; it and later batches stay quarantined`,
      );
    } else if (outcome.resolved.length === 0) {
      console.log(`${petitionId}: nothing in the quarantine`);
    }
  }
  return ok;
}
