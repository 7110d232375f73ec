/**
 * The payload codec every Temporal client and worker of the service uses (DOMAIN §6: personal data
 * and free text never in clear in Temporal). Each payload is serialised and sealed with AES-256-GCM
 * under the current key; the key id travels in the payload's metadata, so keys rotate: a new key
 * goes first in the list, older keys stay in it (decrypt only) for as long as histories sealed with
 * them must be read, which for archived histories is for ever.
 *
 * Nobody acts around the API (issue 20): a payload is sealed *for one workflow* (the id of the
 * workflow it belongs to, from the SDK's serialization context, travels in its metadata and is
 * authenticated with the data), and a decode *for a workflow* (the worker opening a task's inputs,
 * a client reading a result) accepts only payloads sealed for that workflow. Anything else —
 * a payload nobody sealed (a client without the key: `temporal workflow update execute --input …`),
 * one sealed for another case, one sealed by the codec endpoint — comes out as a refused payload
 * that no converter reads, so an update carrying it fails its validator and changes nothing.
 * Payloads sealed before the binding existed (no binding in their metadata) were sealed by the
 * service's own key holders and still open everywhere, so histories recorded before replay.
 * A decode with no workflow (the /codec endpoint, a whole exported history, a replay, which
 * accepts no new input) opens everything and passes plain payloads through.
 */
import { type KeyObject, createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, Payload, PayloadCodec, SerializationContext, ValueError } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
/** The workflow a payload was sealed for; authenticated with the data. */
export const SEALED_FOR_METADATA = 'sealed-for-workflow';
/**
 * What a refused payload decodes to: an encoding no payload converter reads, so whatever would
 * read it (an update's validator, a query, a workflow's start) fails with this name in the error.
 */
export const REFUSED_ENCODING = 'binary/refused-not-sealed-for-this-workflow';
/** The binding of payloads the /codec/encode endpoint seals: no workflow accepts them. */
export const CODEC_ENDPOINT_BINDING_PREFIX = 'codec-endpoint:';
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
  const entries = spec
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (entries.length === 0) throw new Error(`${source} holds no key; expected keyId=base64key[,olderId=base64key…]`);
  const keys: PayloadKey[] = [];
  for (const entry of entries) {
    const at = entry.indexOf('=');
    const id = at < 0 ? '' : entry.slice(0, at);
    if (!KEY_ID_PATTERN.test(id))
      throw new Error(
        `${source}: each entry is keyId=base64key with a key id of letters, digits, . _ - (got "${entry.slice(0, 20)}…")`,
      );
    const key = Buffer.from(entry.slice(at + 1), 'base64');
    if (key.length !== 32)
      throw new Error(`${source}: key "${id}" must be 32 bytes (base64 of 32 random bytes), got ${key.length}`);
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
  // Key objects made once: a raw key given to every cipher would be imported again for each payload.
  private readonly byId: Map<string, KeyObject>;
  private readonly current: { id: string; key: KeyObject };

  constructor(keys: PayloadKey[]) {
    if (keys.length === 0) throw new Error('the payload codec needs at least one key');
    this.byId = new Map(keys.map((k) => [k.id, createSecretKey(k.key)]));
    this.current = { id: keys[0].id, key: this.byId.get(keys[0].id)! };
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  /** Seals each payload for the context's workflow (none: for no workflow, which no worker accepts). */
  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const binding = context?.workflowId ?? '';
    return payloads.map((payload) => this.seal(payload, binding));
  }

  /**
   * With a context (the SDK, for a workflow's or activity's payloads): what was not sealed for
   * that workflow comes out refused. Without one: everything opens, plain passes through.
   */
  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    if (!context) return payloads.map((payload) => this.open(payload).payload);
    const expected = context.workflowId ?? '';
    return payloads.map((payload) => {
      if (!isSealed(payload)) return refused('it is not sealed by the service');
      let opened;
      try {
        opened = this.open(payload);
      } catch (error) {
        // Refused, not thrown: a thrown decode fails the workflow task again and again, and a forged
        // payload must not be able to stall the case it was sent to.
        return refused((error as Error).message);
      }
      if (opened.sealedFor !== null && opened.sealedFor !== expected)
        return refused('it is sealed for another workflow');
      return opened.payload;
    });
  }

  /** Opens one payload and says which workflow it was sealed for (null: sealed before bindings, or plain). */
  openWithBinding(payload: Payload): { payload: Payload; sealed: boolean; sealedFor: string | null } {
    return { ...this.open(payload), sealed: isSealed(payload) };
  }

  /** Seals for a binding of the caller's choosing (the /codec/encode endpoint). */
  sealFor(payloads: Payload[], binding: string): Payload[] {
    return payloads.map((payload) => this.seal(payload, binding));
  }

  private seal(payload: Payload, binding: string): Payload {
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    // The key id and the workflow are authenticated with the data: moving a payload under another
    // key id, or relabelling it for another workflow, fails.
    cipher.setAAD(additionalData(this.current.id, binding));
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: Buffer.from(this.current.id),
        [SEALED_FOR_METADATA]: Buffer.from(binding),
      },
      data: sealed,
    };
  }

  private open(payload: Payload): { payload: Payload; sealedFor: string | null } {
    if (!isSealed(payload)) return { payload, sealedFor: null };
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!keyIdBytes) throw new ValueError(`an encrypted payload carries no ${KEY_ID_METADATA}`);
    const keyId = Buffer.from(keyIdBytes).toString();
    const key = this.byId.get(keyId);
    if (!key)
      throw new ValueError(
        `payload key "${keyId}" is not configured (PAYLOAD_CODEC_KEYS keeps every key still in use)`,
      );
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new ValueError('an encrypted payload is too short');
    const bindingBytes = payload.metadata?.[SEALED_FOR_METADATA];
    const sealedFor = bindingBytes ? Buffer.from(bindingBytes).toString() : null;
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(sealedFor === null ? Buffer.from(keyId) : additionalData(keyId, sealedFor));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new ValueError(
        `an encrypted payload failed authentication under key "${keyId}" (altered, or the wrong key)`,
      );
    }
    return { payload: temporal.api.common.v1.Payload.decode(plain), sealedFor };
  }
}

function isSealed(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return !!encoding && Buffer.from(encoding).toString() === ENCRYPTED_ENCODING;
}

/** Key id and binding, unambiguously joined (a key id has no NUL). Payloads without a binding (sealed before it existed) authenticate the key id alone. */
function additionalData(keyId: string, binding: string): Buffer {
  return Buffer.concat([Buffer.from(keyId), Buffer.from([0]), Buffer.from(binding)]);
}

function refused(why: string): Payload {
  return {
    metadata: { [METADATA_ENCODING_KEY]: Buffer.from(REFUSED_ENCODING) },
    data: Buffer.from(`payload refused: ${why}`),
  };
}

/** The keys back in PAYLOAD_CODEC_KEYS form (for a child process of the same service). */
export function payloadKeysSpec(keys: PayloadKey[]): string {
  return keys.map((k) => `${k.id}=${k.key.toString('base64')}`).join(',');
}
