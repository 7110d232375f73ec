/**
 * The tamper-evident audit trail (DOMAIN §8): who did or read what, in one order. Every record
 * carries SHA-256(previous hash ‖ canonical record); the table refuses UPDATE/DELETE/TRUNCATE, and
 * the chain finds what the triggers cannot stop (the database owner disabling them). Appends are
 * serialised by a transaction-scoped advisory lock, so API replicas and workers write one chain.
 *
 * Other modules call `appendAuditRecord` (or the named helpers below) with their own transaction's
 * manager, so the record commits or rolls back with the change it describes.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { canonicalJson } from './canonical-json';
import { storableText, storableValue } from './storable-text';

/** pg_advisory_xact_lock key of the chain: 'audit' in ASCII. */
const CHAIN_LOCK = 0x6175646974;
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

/** Appends one record at the end of the chain; returns it (or the earlier one with the same key). */
export async function appendAuditRecord(manager: EntityManager, input: AuditRecordInput): Promise<AuditRecord> {
  const run = async (tx: EntityManager): Promise<AuditRecord> => {
    await tx.query(`SELECT pg_advisory_xact_lock($1)`, [CHAIN_LOCK]);
    const key = input.key ? storableText(input.key) : undefined;
    if (key) {
      const earlier = await tx.query(`SELECT * FROM audit_trail WHERE record_key = $1`, [key]);
      if (earlier.length > 0) return fromRow(earlier[0]);
    }
    const [last]: { seq: string; hash: string }[] = await tx.query(
      `SELECT seq, hash FROM audit_trail ORDER BY seq DESC LIMIT 1`,
    );
    const petitionId = input.petitionId && UUID.test(input.petitionId) ? input.petitionId.toLowerCase() : null;
    const detail = { ...(input.detail ?? {}) };
    if (input.petitionId && !petitionId) detail.petitionIdGiven = input.petitionId;
    // A JSON round trip: what jsonb stores is what the hash was taken over (no undefined, no Dates).
    const record: Omit<AuditRecord, 'hash'> = {
      seq: last ? Number(last.seq) + 1 : 1,
      key: key ?? null,
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
      // recorded with them spelled out (storable-text.ts), never not recorded.
      detail: JSON.parse(JSON.stringify(storableValue(detail))),
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    const hash = recordHash(record.prevHash, record);
    await tx.query(
      `INSERT INTO audit_trail (seq, record_key, recorded_at, kind, action, outcome, actor_user_id, actor_role, actor_unit_id, petition_id, detail, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)`,
      [
        record.seq,
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
        record.prevHash,
        hash,
      ],
    );
    return { ...record, hash };
  };
  // Inside the caller's transaction when there is one (the lock is released at its commit).
  if (manager.queryRunner?.isTransactionActive) return run(manager);
  return manager.transaction(run);
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
