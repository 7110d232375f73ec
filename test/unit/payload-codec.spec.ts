/**
 * The payload codec (DOMAIN §6): AES-256-GCM, the key id in each payload's metadata, keys rotate
 * (the newest encrypts, older ones still decrypt), and payloads from before the codec pass through.
 */
import { Payload } from '@temporalio/common';
import { defaultPayloadConverter } from '@temporalio/common';
import {
  AesGcmPayloadCodec,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  REFUSED_ENCODING,
  SEALED_FOR_METADATA,
  generatePayloadKeyEntry,
  parsePayloadKeys,
} from '../../libs/temporal/payload-codec';
import { petitionDataConverter, replayDataConverter } from '../../libs/temporal/data-converter';

const json = (value: unknown): Payload => ({
  metadata: { encoding: Buffer.from('json/plain') },
  data: Buffer.from(JSON.stringify(value)),
});
const text = (p: Payload) => Buffer.from(p.data ?? []).toString();
const meta = (p: Payload, key: string) => Buffer.from(p.metadata?.[key] ?? []).toString();

describe('the AES-256-GCM payload codec', () => {
  const older = generatePayloadKeyEntry(new Date('2025-01-01'));
  const newer = generatePayloadKeyEntry(new Date('2026-06-01'));

  it('seals a payload so that neither its data nor its encoding is readable, and opens it again', async () => {
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(newer));
    const [sealed] = await codec.encode([json({ reason: '举报人称其遭到打击报复' })]);
    expect(meta(sealed, 'encoding')).toBe(ENCRYPTED_ENCODING);
    expect(meta(sealed, KEY_ID_METADATA)).toBe(newer.split('=')[0]);
    expect(Buffer.from(sealed.data!).toString('latin1')).not.toContain('reason');
    const [opened] = await codec.decode([sealed]);
    expect(meta(opened, 'encoding')).toBe('json/plain');
    expect(JSON.parse(text(opened))).toEqual({ reason: '举报人称其遭到打击报复' });
  });

  it('encrypts the same value differently each time (a fresh IV per payload)', async () => {
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(newer));
    const [a, b] = await codec.encode([json('x'), json('x')]);
    expect(Buffer.from(a.data!).equals(Buffer.from(b.data!))).toBe(false);
  });

  it('after a rotation the new key encrypts and payloads sealed with the old key still open', async () => {
    const before = new AesGcmPayloadCodec(parsePayloadKeys(older));
    const [oldSealed] = await before.encode([json({ n: 1 })]);
    const after = new AesGcmPayloadCodec(parsePayloadKeys(`${newer},${older}`));
    const [newSealed] = await after.encode([json({ n: 2 })]);
    expect(meta(newSealed, KEY_ID_METADATA)).toBe(newer.split('=')[0]);
    expect((await after.decode([oldSealed, newSealed])).map((p) => JSON.parse(text(p)))).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('without a workflow (an exported history, the codec endpoint) passes plain payloads through decode unchanged', async () => {
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(newer));
    const plain = json({ old: true });
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  describe('nobody acts around the API: a workflow accepts only payloads sealed for it', () => {
    const forCase = (workflowId: string) => ({ type: 'workflow' as const, namespace: 'default', workflowId });
    const forged = json({
      requestId: 'forged-1',
      actor: { userId: 'ghost-outside-the-api', role: 'supervisor', unitId: 'x-xfj' },
      args: {},
    });

    it('a payload is sealed for the workflow it belongs to, and opens for that workflow', async () => {
      const codec = new AesGcmPayloadCodec(parsePayloadKeys(newer));
      const [sealed] = await codec.encode([json({ n: 1 })], forCase('petition-a'));
      expect(meta(sealed, SEALED_FOR_METADATA)).toBe('petition-a');
      const [opened] = await codec.decode([sealed], forCase('petition-a'));
      expect(JSON.parse(text(opened))).toEqual({ n: 1 });
    });

    it('an unsealed input (a client without the key) is refused: no converter reads it, so an update carrying it fails', async () => {
      const codec = new AesGcmPayloadCodec(parsePayloadKeys(newer));
      const [out] = await codec.decode([forged], forCase('petition-a'));
      expect(meta(out, 'encoding')).toBe(REFUSED_ENCODING);
      expect(text(out)).not.toContain('ghost-outside-the-api');
      expect(() => defaultPayloadConverter.fromPayload(out)).toThrow(REFUSED_ENCODING);
    });

    it('a payload sealed for another case is refused, and relabelling it for this case fails authentication', async () => {
      const codec = new AesGcmPayloadCodec(parsePayloadKeys(newer));
      const [sealedForB] = await codec.encode([json({ n: 1 })], forCase('petition-b'));
      expect(meta((await codec.decode([sealedForB], forCase('petition-a')))[0], 'encoding')).toBe(REFUSED_ENCODING);
      const relabelled = {
        ...sealedForB,
        metadata: { ...sealedForB.metadata, [SEALED_FOR_METADATA]: Buffer.from('petition-a') },
      };
      const [out] = await codec.decode([relabelled], forCase('petition-a'));
      expect(meta(out, 'encoding')).toBe(REFUSED_ENCODING);
      expect(text(out)).toMatch(/failed authentication/);
    });

    it('a payload sealed for no workflow (the codec endpoint seals so) is refused by every workflow', async () => {
      const codec = new AesGcmPayloadCodec(parsePayloadKeys(newer));
      const [unbound] = await codec.encode([json({ n: 1 })]);
      expect(meta((await codec.decode([unbound], forCase('petition-a')))[0], 'encoding')).toBe(REFUSED_ENCODING);
      expect(JSON.parse(text((await codec.decode([unbound]))[0]))).toEqual({ n: 1 });
    });

    it('a garbled "sealed" payload is refused, not thrown (a thrown decode would stall the case it was sent to)', async () => {
      const codec = new AesGcmPayloadCodec(parsePayloadKeys(newer));
      const garbled = {
        metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from('nokey') },
        data: Buffer.alloc(40),
      };
      expect(meta((await codec.decode([garbled], forCase('petition-a')))[0], 'encoding')).toBe(REFUSED_ENCODING);
    });

    it('payloads sealed before the binding existed (key id only) still open for their workflow, so older histories replay', async () => {
      const keys = parsePayloadKeys(newer);
      const codec = new AesGcmPayloadCodec(keys);
      const [sealed] = await codec.encode([json({ legacy: true })], forCase('petition-a'));
      // The format of the codec before the binding: no binding metadata, the key id alone authenticated.
      const { createCipheriv, randomBytes } = await import('node:crypto');
      const { temporal } = await import('@temporalio/proto');
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys[0].key, iv);
      cipher.setAAD(Buffer.from(keys[0].id));
      const plain = temporal.api.common.v1.Payload.encode(json({ legacy: true })).finish();
      const legacy = {
        metadata: { encoding: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(keys[0].id) },
        data: Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]),
      };
      expect(JSON.parse(text((await codec.decode([legacy], forCase('petition-a')))[0]))).toEqual({ legacy: true });
      expect(JSON.parse(text((await codec.decode([sealed], forCase('petition-a')))[0]))).toEqual({ legacy: true });
    });

    it('a replay (no new input) opens the plain payloads of recorded histories', async () => {
      const [codec] = replayDataConverter(petitionDataConverter(parsePayloadKeys(newer))).payloadCodecs;
      expect(await codec.decode([json({ recorded: true })], forCase('petition-a'))).toEqual([json({ recorded: true })]);
    });
  });

  it('refuses a payload under a key it does not hold, naming the key', async () => {
    const [sealed] = await new AesGcmPayloadCodec(parsePayloadKeys(older)).encode([json(1)]);
    await expect(new AesGcmPayloadCodec(parsePayloadKeys(newer)).decode([sealed])).rejects.toThrow(
      `payload key "${older.split('=')[0]}" is not configured`,
    );
  });

  it('detects an altered payload, and one moved under another key id', async () => {
    const keys = parsePayloadKeys(`${newer},${older}`);
    const codec = new AesGcmPayloadCodec(keys);
    const [sealed] = await codec.encode([json('intact')]);
    const flipped = Buffer.from(sealed.data!);
    flipped[20] ^= 1;
    await expect(codec.decode([{ ...sealed, data: flipped }])).rejects.toThrow(/failed authentication/);
    const relabelled = { ...sealed, metadata: { ...sealed.metadata, [KEY_ID_METADATA]: Buffer.from(keys[1].id) } };
    await expect(codec.decode([relabelled])).rejects.toThrow(/failed authentication/);
  });

  it('reads PAYLOAD_CODEC_KEYS strictly: id=base64 of 32 bytes, ids unique', () => {
    expect(parsePayloadKeys(`${newer}, ${older}`).map((k) => k.key.length)).toEqual([32, 32]);
    expect(() => parsePayloadKeys('')).toThrow(/holds no key/);
    expect(() => parsePayloadKeys('nokey')).toThrow(/keyId=base64key/);
    expect(() => parsePayloadKeys('k1=c2hvcnQ=')).toThrow(/must be 32 bytes/);
    expect(() => parsePayloadKeys(`${newer},${newer}`)).toThrow(/appears twice/);
  });
});
