/**
 * The tamper-evident audit trail (DOMAIN §8): who did or read what, in one order. Every record
 * carries SHA-256(previous hash ‖ canonical record); the table refuses UPDATE/DELETE/TRUNCATE, and
 * the chain finds what the triggers cannot stop (the database owner disabling them). Appends are
 * serialised by a transaction-scoped advisory lock (key 0x6175646974, 'audit'), so API replicas and workers write one chain;
 * each append is one statement (the database function audit_trail_append).
 *
 * Other modules call `appendAuditRecord` (or the named helpers below) with their own transaction's
 * manager, so the record commits or rolls back with the change it describes.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../persistence/prepared-query';
import { canonicalJson } from './canonical-json';
import { storableText, storableValue } from './storable-text';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * The kinds of record on the trail (each has its Chinese word in libs/process/messages).
 * `refusedRequest`: any request the API refused (4xx) or failed (5xx) that no more specific record covers.
 */
export const AUDIT_KINDS = [
  'staffAction',
  'caseRead',
  'historyRead',
  'disposition',
  'login',
  'auditorAction',
  'adminChange',
  'refusedRequest',
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];
export const AUDIT_OUTCOMES = ['accepted', 'refused', 'read', 'succeeded', 'failed'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

export interface AuditActor {
  userId: string | null;
  role: string | null;
  unitId: string | null;
}

export interface AuditRecordInput {
  kind: AuditKind;
  /** The action name (a staff action, `readCase`, `login`, …). */
  action: string;
  outcome: AuditOutcome;
  actor: AuditActor | null;
  petitionId?: string | null;
  /** Reasons, request ids, arguments: whatever the record is evidence of. No personal data of petitioners. */
  detail?: Record<string, unknown>;
  /** Makes a retried append a no-op (e.g. `disposition:<id>`); omit for events that each count. */
  key?: string;
  at?: Date;
}

export interface AuditRecord {
  seq: number;
  key: string | null;
  recordedAt: Date;
  kind: string;
  action: string;
  outcome: string;
  actorUserId: string | null;
  actorRole: string | null;
  actorUnitId: string | null;
  petitionId: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What the hash covers: every column but the hash itself, in one canonical spelling. */
export function recordHash(prevHash: string, r: Omit<AuditRecord, 'hash' | 'prevHash'>): string {
  const body = canonicalJson({
    seq: r.seq,
    key: r.key,
    recordedAt: r.recordedAt.toISOString(),
    kind: r.kind,
    action: r.action,
    outcome: r.outcome,
    actor: [r.actorUserId, r.actorRole, r.actorUnitId],
    petitionId: r.petitionId,
    detail: r.detail,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * The canonical record up to its last key, `"seq":` (keys sort, and `seq` sorts after all the
 * others): the database appends the number it assigns under the chain's lock and `}`, and hashes
 * `prev_hash \n` and that (audit_trail_append, migration 1765780000000): the same bytes recordHash
 * takes, which trail verification recomputes.
 */
export function recordBodyHead(r: Omit<AuditRecord, 'hash' | 'prevHash' | 'seq'>): string {
  const withoutSeq = canonicalJson({
    key: r.key,
    recordedAt: r.recordedAt.toISOString(),
    kind: r.kind,
    action: r.action,
    outcome: r.outcome,
    actor: [r.actorUserId, r.actorRole, r.actorUnitId],
    petitionId: r.petitionId,
    detail: r.detail,
  });
  return `${withoutSeq.slice(0, -1)},"seq":`;
}

/**
 * Appends one record at the end of the chain; returns it (or the earlier one with the same key).
 * One statement: the lock, the read of the last hash and the insert happen in the database
 * (inside the caller's transaction when there is one, so the lock is released at its commit).
 */
export async function appendAuditRecord(manager: EntityManager, input: AuditRecordInput): Promise<AuditRecord> {
  const key = input.key ? storableText(input.key) : null;
  const petitionId = input.petitionId && UUID.test(input.petitionId) ? input.petitionId.toLowerCase() : null;
  const detail = { ...(input.detail ?? {}) };
  if (input.petitionId && !petitionId) detail.petitionIdGiven = input.petitionId;
  const record: Omit<AuditRecord, 'hash' | 'prevHash' | 'seq'> = {
    key,
    // Millisecond precision: what JavaScript reads back from timestamptz.
    recordedAt: new Date((input.at ?? new Date()).getTime()),
    kind: input.kind,
    action: storableText(input.action),
    outcome: input.outcome,
    actorUserId: input.actor?.userId ?? null,
    actorRole: input.actor?.role ?? null,
    actorUnitId: input.actor?.unitId ?? null,
    petitionId,
    // jsonb cannot hold NUL, lone surrogates or non-characters: a refused request carrying them is
    // recorded with them spelled out (storable-text.ts), never not recorded. A JSON round trip:
    // what jsonb stores is what the hash was taken over (no undefined, no Dates).
    detail: JSON.parse(JSON.stringify(storableValue(detail))),
  };
  const rows = await preparedQuery<Record<string, unknown>>(
    manager,
    'audit.append',
    `SELECT seq, record_key, recorded_at, kind, action, outcome, actor_user_id, actor_role, actor_unit_id, petition_id,
            detail, prev_hash, hash
       FROM audit_trail_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      record.key,
      record.recordedAt,
      record.kind,
      record.action,
      record.outcome,
      record.actorUserId,
      record.actorRole,
      record.actorUnitId,
      record.petitionId,
      JSON.stringify(record.detail),
      recordBodyHead(record),
    ],
  );
  return fromRow(rows[0]);
}

/**
 * Every sign-in attempt, successful or not, goes on the trail (libs/auth/sessions.ts signIn).
 * `userId` is the account that matched (null when none did; `attemptedUserId` says what was
 * typed), `reason` why a failure failed. Never a password.
 */
export async function recordLogin(
  manager: EntityManager,
  attempt: {
    userId: string | null;
    role?: string | null;
    unitId?: string | null;
    succeeded: boolean;
    /** Refused before any password was checked (a limit): outcome `refused`. */
    refused?: boolean;
    method: string;
    reason?: string;
    attemptedUserId?: string;
    sessionId?: string;
  },
): Promise<AuditRecord> {
  const detail: Record<string, unknown> = { method: attempt.method };
  if (attempt.reason) detail.reason = attempt.reason;
  if (attempt.attemptedUserId !== undefined && attempt.attemptedUserId !== attempt.userId)
    detail.attemptedUserId = String(attempt.attemptedUserId).slice(0, 200);
  if (attempt.sessionId) detail.sessionId = attempt.sessionId;
  return appendAuditRecord(manager, {
    kind: 'login',
    action: 'login',
    outcome: attempt.succeeded ? 'succeeded' : attempt.refused ? 'refused' : 'failed',
    actor: { userId: attempt.userId, role: attempt.role ?? null, unitId: attempt.unitId ?? null },
    detail,
  });
}

export function fromRow(row: Record<string, unknown>): AuditRecord {
  return {
    seq: Number(row.seq),
    key: (row.record_key as string | null) ?? null,
    recordedAt: new Date(row.recorded_at as string | Date),
    kind: row.kind as string,
    action: row.action as string,
    outcome: row.outcome as string,
    actorUserId: (row.actor_user_id as string | null) ?? null,
    actorRole: (row.actor_role as string | null) ?? null,
    actorUnitId: (row.actor_unit_id as string | null) ?? null,
    petitionId: (row.petition_id as string | null) ?? null,
    detail: row.detail as Record<string, unknown>,
    prevHash: row.prev_hash as string,
    hash: row.hash as string,
  };
}
