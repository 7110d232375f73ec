/**
 * What makes a request id mean one request: the action, who sent it and its arguments. A request
 * id reused for anything else is a conflict, not a retry. Pure and deterministic (no node:crypto):
 * the workflow computes it on replay exactly as the API does before sending.
 */
import type { Actor } from './actors';
import type { RefusalKey } from './refusal';

/** The longest request id an action may carry (an Idempotency-Key or a client's own id). */
export const MAX_REQUEST_ID_LENGTH = 200;

/** Whether a request carries a usable request id: present, non-empty, at most MAX_REQUEST_ID_LENGTH characters. */
export function hasWellFormedRequestId(request: { requestId?: unknown } | null | undefined): boolean {
  const id = request?.requestId;
  return typeof id === 'string' && id.length > 0 && id.length <= MAX_REQUEST_ID_LENGTH;
}

/** JSON with object keys sorted at every depth, so equal arguments give equal text whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Two independent 32-bit FNV-1a passes: a 64-bit fingerprint, enough to tell one request from another. */
function fnv64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/** The fingerprint of one request: its action, its actor and its arguments. */
export function requestFingerprint(action: string, actor: Actor | null | undefined, args: unknown): string {
  return fnv64(
    canonicalJson({
      action,
      actor: actor ? { userId: actor.userId, role: actor.role, unitId: actor.unitId } : null,
      args: args ?? null,
    }),
  );
}

/** What a request id was first used for (absent for requests applied before fingerprints were kept). */
export interface AppliedRequestIdentity {
  action: string;
  fingerprint: string;
}

/**
 * null when `requestId` is unused, or used for this very request (a retry); otherwise the refusal's
 * message, naming the earlier action but not repeating anything the client sent.
 */
export function requestIdConflict(
  earlier: AppliedRequestIdentity | undefined,
  action: string,
  fingerprint: string,
): string | null {
  return requestIdRefusal(earlier, action, fingerprint)?.message ?? null;
}

/** The same conflict, with the key and params a catalogue renders it from. */
export function requestIdRefusal(
  earlier: AppliedRequestIdentity | undefined,
  action: string,
  fingerprint: string,
): ({ message: string } & RefusalKey) | null {
  if (!earlier) return null;
  if (earlier.action !== action)
    return {
      message: `requestId was already used on this case for the action "${earlier.action}"; use a new requestId for a new action`,
      messageKey: 'request.idUsedForOtherAction',
      params: { action: earlier.action },
    };
  if (earlier.fingerprint !== fingerprint) {
    return {
      message: `requestId was already used on this case for "${earlier.action}" with other arguments or by another user; use a new requestId for a new request`,
      messageKey: 'request.idUsedForOtherRequest',
      params: { action: earlier.action },
    };
  }
  return null;
}
