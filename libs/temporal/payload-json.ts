/**
 * Payloads in proto3 JSON (the Temporal UI's codec-server format and Temporal's history JSON):
 * `{ metadata: { key: base64 }, data: base64 }`. Used by the /codec endpoints and to decode a whole
 * exported history without knowing every event type that can carry a payload.
 */
import type { Payload } from '@temporalio/common';
import type { PetitionDataConverter } from './data-converter';
import { decodePayloads } from './data-converter';

export interface JsonPayload {
  metadata?: Record<string, string> | null;
  data?: string | null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class PayloadJsonError extends Error {}

export function payloadFromJson(json: unknown, where: string): Payload {
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new PayloadJsonError(`${where} must be an object { metadata, data }`);
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
    metadata: metadata ? Object.fromEntries(Object.entries(metadata).map(([k, v]) => [k, bytes(v, `metadata.${k}`)])) : {},
    data: data === undefined || data === null ? undefined : bytes(data, 'data'),
  };
}

export function payloadToJson(payload: Payload): JsonPayload {
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
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
 * Every payload in a history JSON (or any JSON tree), decoded through the codec in place of the
 * encrypted one. Plain payloads come back as they were.
 */
export async function decodeJsonTree<T>(converter: PetitionDataConverter, tree: T): Promise<T> {
  const found: { holder: Record<string, unknown> | unknown[]; key: string | number; payload: Payload }[] = [];
  const visit = (node: unknown, holder: Record<string, unknown> | unknown[] | null, key: string | number | null): void => {
    if (Array.isArray(node)) node.forEach((child, i) => visit(child, node, i));
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (holder !== null && key !== null && isJsonPayload(record)) {
        found.push({ holder, key, payload: payloadFromJson({ metadata: record.metadata, data: record.data }, 'payload') });
        return;
      }
      for (const [k, child] of Object.entries(record)) visit(child, record, k);
    }
  };
  const copy = JSON.parse(JSON.stringify(tree));
  visit(copy, null, null);
  const decoded = await decodePayloads(converter, found.map((f) => f.payload));
  found.forEach((f, i) => {
    (f.holder as Record<string | number, unknown>)[f.key] = payloadToJson(decoded[i]);
  });
  return copy;
}
