/**
 * The payload codec every Temporal client and worker of the service uses (DOMAIN §6: personal data
 * and free text never in clear in Temporal). Each payload is serialised and sealed with AES-256-GCM
 * under the current key; the key id travels in the payload's metadata, so keys rotate: a new key
 * goes first in the list, older keys stay in it (decrypt only) for as long as histories sealed with
 * them must be read, which for archived histories is for ever. Payloads that were never encrypted
 * (histories older than the codec) pass through decode unchanged.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, Payload, PayloadCodec, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export interface PayloadKey {
  id: string;
  /** 32 bytes. */
  key: Buffer;
}

/**
 * Reads `PAYLOAD_CODEC_KEYS`: comma-separated `keyId=base64key` (a key is 32 random bytes, base64);
 * the first encrypts, all decrypt.
 */
export function parsePayloadKeys(spec: string, source = 'PAYLOAD_CODEC_KEYS'): PayloadKey[] {
  const entries = spec.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (entries.length === 0) throw new Error(`${source} holds no key; expected keyId=base64key[,olderId=base64key…]`);
  const keys: PayloadKey[] = [];
  for (const entry of entries) {
    const at = entry.indexOf('=');
    const id = at < 0 ? '' : entry.slice(0, at);
    if (!KEY_ID_PATTERN.test(id)) throw new Error(`${source}: each entry is keyId=base64key with a key id of letters, digits, . _ - (got "${entry.slice(0, 20)}…")`);
    const key = Buffer.from(entry.slice(at + 1), 'base64');
    if (key.length !== 32) throw new Error(`${source}: key "${id}" must be 32 bytes (base64 of 32 random bytes), got ${key.length}`);
    if (keys.some((k) => k.id === id)) throw new Error(`${source}: key id "${id}" appears twice`);
    keys.push({ id, key });
  }
  return keys;
}

/** A fresh `keyId=base64key` entry; the id names the day it was made, so rotations read in order. */
export function generatePayloadKeyEntry(now = new Date()): string {
  const id = `k${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
  return `${id}=${randomBytes(32).toString('base64')}`;
}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly current: PayloadKey;

  constructor(keys: PayloadKey[]) {
    if (keys.length === 0) throw new Error('the payload codec needs at least one key');
    this.current = keys[0];
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.seal(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.open(payload));
  }

  private seal(payload: Payload): Payload {
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    // The key id is authenticated with the data: moving a payload under another key id fails.
    cipher.setAAD(Buffer.from(this.current.id));
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(this.current.id) },
      data: sealed,
    };
  }

  private open(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || Buffer.from(encoding).toString() !== ENCRYPTED_ENCODING) return payload;
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!keyIdBytes) throw new ValueError(`an encrypted payload carries no ${KEY_ID_METADATA}`);
    const keyId = Buffer.from(keyIdBytes).toString();
    const key = this.byId.get(keyId);
    if (!key) throw new ValueError(`payload key "${keyId}" is not configured (PAYLOAD_CODEC_KEYS keeps every key still in use)`);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('an encrypted payload is too short');
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new ValueError(`an encrypted payload failed authentication under key "${keyId}" (altered, or the wrong key)`);
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

/** The keys back in PAYLOAD_CODEC_KEYS form (for a child process of the same service). */
export function payloadKeysSpec(keys: PayloadKey[]): string {
  return keys.map((k) => `${k.id}=${k.key.toString('base64')}`).join(',');
}
