/**
 * The upload checks every upload path shares (libs/storage/upload-checks.ts): the type is judged by
 * the content's signature, the declared type must be one the signature allows, and a refused stream
 * leaves nothing in the object store.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DirectoryObjectStore } from '../../libs/storage/directory-object-store';
import { ObjectTooLarge } from '../../libs/storage/object-store';
import { SignatureCheck, UploadRefused, asUploadRefusal, judgeContentType } from '../../libs/storage/upload-checks';

const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
const DOCX = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00]);

function refusal(run: () => unknown): { code: string; status: number } | null {
  try {
    run();
    return null;
  } catch (error) {
    if (error instanceof UploadRefused) return { code: error.code, status: error.status };
    throw error;
  }
}

describe('upload checks', () => {
  it('accepts a declared type its signature allows, office documents included', () => {
    expect(judgeContentType('application/pdf', PDF)).toBe('application/pdf');
    expect(judgeContentType('image/png; charset=binary', PNG)).toBe('image/png');
    expect(judgeContentType('application/vnd.openxmlformats-officedocument.wordprocessingml.document', DOCX)).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
  });

  it('judges application/octet-stream by the signature alone', () => {
    expect(judgeContentType('application/octet-stream', PDF)).toBe('application/pdf');
    expect(refusal(() => judgeContentType('application/octet-stream', Buffer.from('plain text')))).toEqual({
      code: 'unsupportedMediaType',
      status: 415,
    });
  });

  it('refuses content that is not what it was declared as (415 contentTypeMismatch), whatever the name', () => {
    expect(refusal(() => judgeContentType('image/png', PDF))).toEqual({ code: 'contentTypeMismatch', status: 415 });
    expect(refusal(() => judgeContentType('application/pdf', Buffer.from('<html>')))).toEqual({
      code: 'contentTypeMismatch',
      status: 415,
    });
  });

  it('refuses a type that may never be uploaded before reading a byte (415 unsupportedMediaType)', () => {
    expect(refusal(() => new SignatureCheck('text/html'))).toEqual({ code: 'unsupportedMediaType', status: 415 });
    expect(refusal(() => new SignatureCheck('application/x-msdownload'))).toEqual({
      code: 'unsupportedMediaType',
      status: 415,
    });
  });

  it('an object store over the limit says 413 fileTooLarge', () => {
    const refused = asUploadRefusal(new ObjectTooLarge(20 * 1024 * 1024));
    expect(refused).toBeInstanceOf(UploadRefused);
    expect(refused).toMatchObject({ code: 'fileTooLarge', status: 413, params: { maxMb: 20 } });
  });

  describe('streamed into the directory store', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'upload-checks-'));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    /** The body in small chunks, as a network delivers it: the signature spans chunks. */
    const chunked = (bytes: Buffer) =>
      Readable.from(Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7)));

    it('stores the whole file, judged, with its hash', async () => {
      const store = new DirectoryObjectStore(root);
      const body = Buffer.concat([PDF, Buffer.alloc(10_000, 1)]);
      const check = new SignatureCheck('application/pdf');
      const stored = await store.put('a/one', chunked(body).pipe(check), {
        contentType: 'application/pdf',
        maxBytes: 1e6,
      });
      expect(stored.size).toBe(body.length);
      expect(check.contentType).toBe('application/pdf');
    });

    it('a mismatch fails the put and leaves no file', async () => {
      const store = new DirectoryObjectStore(root);
      const check = new SignatureCheck('image/png');
      check.on('error', () => undefined);
      await expect(
        store.put('a/two', chunked(Buffer.concat([PDF, Buffer.alloc(5000)])).pipe(check), {
          contentType: 'image/png',
          maxBytes: 1e6,
        }),
      ).rejects.toMatchObject({ code: 'contentTypeMismatch' });
      expect(readdirSync(join(root, 'a'))).toEqual([]);
    });

    it('a file shorter than the signature window is judged at its end', async () => {
      const store = new DirectoryObjectStore(root);
      const check = new SignatureCheck('image/png');
      const stored = await store.put('a/three', chunked(PNG).pipe(check), { contentType: 'image/png', maxBytes: 1e6 });
      expect(stored.size).toBe(PNG.length);
    });
  });
});
