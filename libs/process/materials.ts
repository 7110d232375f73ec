/**
 * Materials of a case (案件材料): files staff attach — scanned letters, photos, PDFs, office
 * documents — each of a kind. The files stay in the object store and PostgreSQL; the workflow
 * records only that a version of a material was attached, with its SHA-256 and size, so the history
 * proves which bytes the case had and when (no content, file name or caption enters it).
 */
import type { Actor } from './actors';
import type { Role } from './policy';

export const MATERIAL_KINDS = [
  'petitionLetter',
  'investigation',
  'deliveryReceipt',
  'closureEvidence',
  'other',
] as const;
export type MaterialKind = (typeof MATERIAL_KINDS)[number];

/** What the workflow records of one uploaded version (the `recordMaterial` update's argument). */
export interface MaterialRecord {
  /** Makes a retried upload one record: the API's request id of the upload. */
  requestId: string;
  actor: Actor;
  /** The material (stable across versions) and this version's file. */
  materialId: string;
  fileId: string;
  version: number;
  kind: MaterialKind;
  /** Lower-case hex SHA-256 of the stored bytes. */
  sha256: string;
  size: number;
}

/** Who may attach materials to a case they can see: staff who act on cases (not auditors or admins). */
export const MATERIAL_ROLES: readonly Role[] = ['registrar', 'handler', 'unitHead', 'caseLeader', 'supervisor'];

/**
 * Why a record is refused, or null: the same check in the API (before the upload is stored) and in
 * the workflow's validator (which has the last word).
 */
export function materialRecordProblem(record: MaterialRecord): string | null {
  if (!MATERIAL_ROLES.includes(record.actor.role)) return `role ${record.actor.role} may not attach materials`;
  if (!(MATERIAL_KINDS as readonly string[]).includes(record.kind)) return `unknown material kind ${record.kind}`;
  if (!/^[0-9a-f]{64}$/.test(record.sha256)) return 'sha256 must be 64 lower-case hex digits';
  if (!Number.isInteger(record.size) || record.size <= 0) return 'size must be a positive integer';
  if (!Number.isInteger(record.version) || record.version < 1) return 'version must be a positive integer';
  return null;
}
