/**
 * Payloads in proto3 JSON (the Temporal UI's codec-server format and Temporal's history JSON):
 * `{ metadata: { key: base64 }, data: base64 }`. Used by the /codec endpoints and to decode a whole
 * exported history without knowing every event type that can carry a payload.
 */
import type { Payload } from '@temporalio/common';
import type { PetitionDataConverter } from './data-converter';
import { decodePayloads, encodePayloads } from './data-converter';

export interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class PayloadJsonError extends Error {}

export function payloadFromJson(json: unknown, where: string): Payload {
  if (!json || typeof json !== 'object' || Array.isArray(json))
    throw new PayloadJsonError(`${where} must be an object { metadata, data }`);
  const { metadata, data, ...rest } = json as JsonPayload & Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) throw new PayloadJsonError(`${where} has unknown field "${unknown[0]}"`);
  const bytes = (value: unknown, name: string): Buffer => {
    if (typeof value !== 'string' || !BASE64.test(value)) throw new PayloadJsonError(`${where}.${name} must be base64`);
    return Buffer.from(value, 'base64');
  };
  if (metadata !== undefined && metadata !== null && (typeof metadata !== 'object' || Array.isArray(metadata))) {
    throw new PayloadJsonError(`${where}.metadata must be an object of base64 values`);
  }
  return {
    metadata: metadata
      ? Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, bytes(v, `metadata.${k}`)]))
      : {},
    data: data === undefined || data === null ? undefined : bytes(data, 'data'),
  };
}

export function payloadToJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
    ),
    data: payload.data ? Buffer.from(payload.data).toString('base64') : undefined,
  };
}

/** A JSON object that is a payload: metadata with an encoding, and nothing but metadata/data. */
function isJsonPayload(node: Record<string, unknown>): boolean {
  const metadata = node.metadata as Record<string, unknown> | undefined;
  if (!metadata || typeof metadata !== 'object' || typeof metadata.encoding !== 'string') return false;
  return Object.keys(node).every((k) => k === 'metadata' || k === 'data' || k === 'externalPayloads');
}

/**
 * What the SDK never puts through the codec, and Temporal's core must read as it is: search
 * attributes (e.g. TemporalChangeVersion), a patch marker's details, and a local-activity marker's
 * bookkeeping (its `data` detail; the `result` detail is the activity's own payload).
 */
function sdkPlainChildren(key: string | number | null, record: Record<string, unknown>): Set<string> | 'all' | null {
  if (key === 'searchAttributes') return 'all';
  if (key !== 'markerRecordedEventAttributes') return null;
  if (record.markerName === 'core_patch') return 'all';
  if (record.markerName === 'core_local_activity') return new Set(['data']);
  return null;
}

/** Every payload of a JSON tree, run through `transform` in one batch and put back in place (a copy). */
async function transformJsonTree<T>(
  tree: T,
  transform: (payloads: Payload[]) => Promise<Payload[]>,
  options: { leaveSdkPlain?: boolean } = {},
): Promise<T> {
  const found: { holder: Record<string | number, unknown>; key: string | number; payload: Payload }[] = [];
  const visit = (node: unknown, holder: Record<string | number, unknown> | null, key: string | number | null): void => {
    if (Array.isArray(node)) node.forEach((child, i) => visit(child, node as unknown as Record<number, unknown>, i));
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (holder !== null && key !== null && isJsonPayload(record)) {
        found.push({
          holder,
          key,
          payload: payloadFromJson({ metadata: record.metadata, data: record.data }, 'payload'),
        });
        return;
      }
      const plain = options.leaveSdkPlain ? sdkPlainChildren(key, record) : null;
      if (plain === 'all') return;
      const details = plain ? (record.details as Record<string, unknown> | undefined) : undefined;
      for (const [k, child] of Object.entries(record)) {
        if (details && child === details) {
          for (const [d, payloads] of Object.entries(details)) if (!plain!.has(d)) visit(payloads, details, d);
        } else visit(child, record, k);
      }
    }
  };
  const copy = JSON.parse(JSON.stringify(tree));
  visit(copy, null, null);
  const out = await transform(found.map((f) => f.payload));
  found.forEach((f, i) => {
    f.holder[f.key] = payloadToJson(out[i]);
  });
  return copy;
}

/**
 * Every payload in a history JSON (or any JSON tree), decoded through the codec in place of the
 * encrypted one. Plain payloads come back as they were.
 */
export function decodeJsonTree<T>(converter: PetitionDataConverter, tree: T): Promise<T> {
  return transformJsonTree(tree, (payloads) => decodePayloads(converter, payloads));
}

/**
 * Every payload of a decoded tree sealed again with the current key, as the SDK would have sealed
 * it (e.g. a history rewritten for a benchmark): what the SDK leaves plain stays plain.
 */
export function encodeJsonTree<T>(converter: PetitionDataConverter, tree: T): Promise<T> {
  return transformJsonTree(tree, (payloads) => encodePayloads(converter, payloads), { leaveSdkPlain: true });
}

/** Rewrites the text of every json/plain payload of a decoded tree (a copy); others are left alone. */
export function mapJsonPayloadTexts<T>(tree: T, rewrite: (text: string) => string): T {
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (
        isJsonPayload(record) &&
        typeof record.data === 'string' &&
        Buffer.from(String((record.metadata as Record<string, string>).encoding), 'base64').toString() === 'json/plain'
      ) {
        return {
          ...record,
          data: Buffer.from(rewrite(Buffer.from(record.data, 'base64').toString('utf8'))).toString('base64'),
        };
      }
      return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, visit(v)]));
    }
    return node;
  };
  return visit(tree) as T;
}
