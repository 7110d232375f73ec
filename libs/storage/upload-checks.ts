/**
 * What an uploaded file must be, checked as it streams, for every upload path (a case's materials,
 * an online petition's attachments): one of the allowed types, judged by the content's signature
 * (magic-bytes.js), never by the name; the type the client declared must be one the signature
 * allows (a PDF sent as image/png is refused); and within a size limit. Refusals are UploadRefused
 * with a stable code and the HTTP status to answer (413 or 415).
 *
 *   const check = new SignatureCheck(declaredType); // throws UploadRefused (415) for a type not allowed
 *   await store.put(key, file.pipe(check), { contentType: check.contentType, maxBytes });
 *   // the put rejects with UploadRefused (415) when the content does not match, ObjectTooLarge (413) past maxBytes
 */
import { filetypeinfo } from 'magic-bytes.js';
import { Transform, type TransformCallback } from 'node:stream';
import { ObjectTooLarge } from './object-store';

/** The types a file may have (scans, photos, PDFs, office documents), by MIME type. */
export const ALLOWED_UPLOAD_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/tiff': 'tif',
  'application/msword': 'doc',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
  'application/vnd.oasis.opendocument.text': 'odt',
  'application/vnd.oasis.opendocument.spreadsheet': 'ods',
  'application/vnd.oasis.opendocument.presentation': 'odp',
};

/** Types a browser shows itself (the download answers these inline; everything else as an attachment). */
export const INLINE_TYPES: readonly string[] = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
];

export type UploadRefusalCode = 'fileTooLarge' | 'caseQuotaExceeded' | 'unsupportedMediaType' | 'contentTypeMismatch';

export class UploadRefused extends Error {
  readonly status: 413 | 415;
  constructor(
    readonly code: UploadRefusalCode,
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
    this.name = 'UploadRefused';
    this.status = code === 'fileTooLarge' || code === 'caseQuotaExceeded' ? 413 : 415;
  }
}

/** Bytes read before judging: every allowed signature is within the first few dozen. */
const SNIFF_BYTES = 64;

function normalType(declared: string | undefined): string {
  return (declared ?? '').split(';')[0].trim().toLowerCase();
}

/** The MIME types the signature of these first bytes allows (empty: no known signature). */
export function sniffTypes(head: Uint8Array): string[] {
  return filetypeinfo(head)
    .map((guess) => guess.mime)
    .filter((mime): mime is string => !!mime);
}

/**
 * The type a file is stored as: the declared one when allowed and the signature allows it; for a
 * declared application/octet-stream (or none), the first allowed type the signature names.
 * Throws UploadRefused (415) otherwise.
 */
export function judgeContentType(declared: string | undefined, head: Uint8Array): string {
  const type = normalType(declared);
  const sniffed = sniffTypes(head);
  if (type === '' || type === 'application/octet-stream') {
    const found = sniffed.find((mime) => ALLOWED_UPLOAD_TYPES[mime]);
    if (!found) throw new UploadRefused('unsupportedMediaType', 'the content is not a type that may be uploaded');
    return found;
  }
  if (!ALLOWED_UPLOAD_TYPES[type])
    throw new UploadRefused('unsupportedMediaType', `${type} may not be uploaded`, { type });
  if (!sniffed.includes(type)) throw new UploadRefused('contentTypeMismatch', `the content is not ${type}`, { type });
  return type;
}

/** Refuses at once a declared type that may never be uploaded (before any byte is read). */
export function requireAllowedDeclaredType(declared: string | undefined): void {
  const type = normalType(declared);
  if (type !== '' && type !== 'application/octet-stream' && !ALLOWED_UPLOAD_TYPES[type])
    throw new UploadRefused('unsupportedMediaType', `${type} may not be uploaded`, { type });
}

/**
 * A pass-through stream that holds the first bytes until it has judged them (judgeContentType),
 * then lets everything through; a refusal fails the stream with UploadRefused, so whatever it feeds
 * (an object store's put) fails and keeps nothing. `contentType` is the judged type once judged.
 */
export class SignatureCheck extends Transform {
  private head: Buffer[] = [];
  private headLength = 0;
  private judged: string | null = null;

  constructor(private readonly declared: string | undefined) {
    super();
    requireAllowedDeclaredType(declared);
  }

  /** The type judged from the content (valid once the stream has ended). */
  get contentType(): string {
    if (this.judged === null) throw new Error('the content has not been judged yet');
    return this.judged;
  }

  private judge(): Error | null {
    try {
      this.judged = judgeContentType(this.declared, Buffer.concat(this.head));
      return null;
    } catch (error) {
      return error as Error;
    }
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.judged !== null) return done(null, chunk);
    this.head.push(chunk);
    this.headLength += chunk.length;
    if (this.headLength < SNIFF_BYTES) return done();
    const refusal = this.judge();
    if (refusal) return done(refusal);
    const held = Buffer.concat(this.head);
    this.head = [];
    done(null, held);
  }

  override _flush(done: TransformCallback): void {
    if (this.judged !== null) return done();
    const refusal = this.judge();
    if (refusal) return done(refusal);
    done(null, Buffer.concat(this.head));
  }
}

/** An object store's ObjectTooLarge as the upload refusal the API answers (413 fileTooLarge). */
export function asUploadRefusal(error: unknown): unknown {
  if (error instanceof ObjectTooLarge)
    return new UploadRefused('fileTooLarge', `the file is larger than ${error.maxBytes} bytes`, {
      maxMb: Math.round((error.maxBytes / 1024 / 1024) * 10) / 10,
    });
  return error;
}
