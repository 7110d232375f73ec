/**
 * A refusal as data: the failure details a workflow attaches to a refused action, and what the API
 * reads back, so neither side parses the other's English. `message` stays for developers and logs;
 * `messageKey` names the rule (a stable dotted key a catalogue renders for people) and `params`
 * holds what the rendering needs. Keys are never renamed once shipped: a catalogue and old clients
 * key on them.
 */
import type { RejectionCode } from './action-args';

/** What a message may be filled in with: plain values, and lists (the allowed values of a choice). */
export type RefusalParam = string | number | boolean | null | readonly string[];
export type RefusalParams = Readonly<Record<string, RefusalParam>>;

/** The rule a refusal names, and what a catalogue needs to say it. */
export interface RefusalKey {
  messageKey: string;
  params: RefusalParams;
}

/** The first (and only) entry of a refused action's ApplicationFailure details. */
export interface RefusalDetails extends RefusalKey {
  code: RejectionCode;
  /** The argument at fault (`args.reason`), or null when the refusal is about the case's state. */
  field: string | null;
}

function isParam(value: unknown): value is RefusalParam {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * The details of a refusal as the client received them, or null: a refusal recorded before
 * refusals carried details (a replayed history, an older worker) has none, and is read without them.
 */
export function refusalDetailsOf(details: readonly unknown[] | undefined): Partial<RefusalDetails> | null {
  const first = details?.[0];
  if (typeof first !== 'object' || first === null) return null;
  const raw = first as Record<string, unknown>;
  const out: { field?: string | null; messageKey?: string; params?: RefusalParams } = {};
  if (typeof raw.field === 'string' || raw.field === null) out.field = raw.field;
  if (typeof raw.messageKey === 'string') out.messageKey = raw.messageKey;
  if (typeof raw.params === 'object' && raw.params !== null && !Array.isArray(raw.params)) {
    const params = Object.entries(raw.params as Record<string, unknown>).filter(([, v]) => isParam(v));
    out.params = Object.fromEntries(params) as RefusalParams;
  }
  return out;
}
