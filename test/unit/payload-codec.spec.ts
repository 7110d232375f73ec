/**
 * The payload codec (DOMAIN §6): AES-256-GCM, the key id in each payload's metadata, keys rotate
 * (the newest encrypts, older ones still decrypt), and payloads from before the codec pass through.
 */
import { Payload } from '@temporalio/common';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, generatePayloadKeyEntry, parsePayloadKeys } from '../../libs/temporal/payload-codec';

const json = (value: unknown): Payload => ({ metadata: { encoding: Buffer.from('json/plain') }, data: Buffer.from(JSON.stringify(value)) });
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

  it('passes plain payloads (histories recorded before the codec) through decode unchanged', async () => {
    const codec = new AesGcmPayloadCodec(parsePayloadKeys(newer));
    const plain = json({ old: true });
    expect(await codec.decode([plain])).toEqual([plain]);
  });

  it('refuses a payload under a key it does not hold, naming the key', async () => {
    const [sealed] = await new AesGcmPayloadCodec(parsePayloadKeys(older)).encode([json(1)]);
    await expect(new AesGcmPayloadCodec(parsePayloadKeys(newer)).decode([sealed])).rejects.toThrow(`payload key "${older.split('=')[0]}" is not configured`);
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
