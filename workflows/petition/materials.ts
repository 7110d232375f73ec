/**
 * A material attached to the case (libs/process/materials.ts): the workflow records its SHA-256 and
 * size as a timeline event, once per upload request, and nothing else (the file, its name and its
 * caption stay in the object store and PostgreSQL). Attaching moves no clock and no step.
 */
import type { MaterialRecord } from '../../libs/process/materials';
import type { Outbox, PetitionState } from './state';
import { Transition } from './transition';

/** The event's sequence number; a retried request (same requestId) records nothing more. */
export function recordMaterial(state: PetitionState, pending: Outbox, record: MaterialRecord, now: number): number {
  const recorded = (state.materialRequests ??= {});
  const earlier = recorded[record.requestId];
  if (earlier !== undefined) return earlier;
  const seq = new Transition(state, pending, now, record.actor, record.requestId).event('materialAttached', {
    materialId: record.materialId,
    fileId: record.fileId,
    version: record.version,
    kind: record.kind,
    sha256: record.sha256,
    size: record.size,
  });
  recorded[record.requestId] = seq;
  return seq;
}
