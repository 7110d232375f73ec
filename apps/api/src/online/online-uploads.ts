/**
 * The attachments of an online submission: a multipart request (one `submission` part of JSON, up
 * to a few `files`), read into memory with multer under the configured limits, each file's type
 * told by its first bytes (magic-bytes.js), never by the name or the type the browser claims.
 * Photos (JPEG, PNG, WebP, HEIF) and PDFs only: what a petitioner photographs or scans.
 */
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { filetypeinfo } from 'magic-bytes.js';
import multer from 'multer';
import { Observable, from, mergeMap } from 'rxjs';
import type { ServiceConfig } from '@/libs/config/config';
import { ApiError } from '../common/api-error';
import { SERVICE_CONFIG } from '../common/tokens';

export const ACCEPTED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heif', 'application/pdf'] as const;

export interface UploadedAttachment {
  fileName: string;
  contentType: (typeof ACCEPTED_TYPES)[number];
  bytes: Buffer;
}

/** Runs multer with the limits of the configuration (known only at run time, not at decoration). */
@Injectable()
export class OnlineUploadsInterceptor implements NestInterceptor {
  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const { maxFiles, maxBytes } = this.config.online.files;
    const parse = multer({
      storage: multer.memoryStorage(),
      limits: { files: maxFiles, fileSize: maxBytes, fields: 2, fieldSize: 64 * 1024, parts: maxFiles + 2 },
    }).fields([
      { name: 'files', maxCount: maxFiles },
      { name: 'submission', maxCount: 1 },
    ]);
    if (!request.is('multipart/form-data'))
      throw new ApiError('unsupportedMediaType', 'send the submission as multipart/form-data', undefined, undefined, {
        messageKey: 'online.multipartRequired',
      });
    const parsed = new Promise<void>((resolve, reject) =>
      parse(request, response, (error: unknown) =>
        error ? reject(uploadError(error, maxFiles, maxBytes)) : resolve(),
      ),
    );
    return from(parsed).pipe(mergeMap(() => next.handle()));
  }
}

function uploadError(error: unknown, maxFiles: number, maxBytes: number): ApiError {
  const code = error instanceof multer.MulterError ? (error as { code: string }).code : null;
  if (code === 'LIMIT_FILE_SIZE')
    return new ApiError('payloadTooLarge', `a file is larger than ${maxBytes} bytes`, 'files', undefined, {
      messageKey: 'online.fileTooLarge',
      params: { maxMegabytes: Math.floor(maxBytes / 1024 / 1024) },
    });
  if (code === 'LIMIT_FILE_COUNT' || code === 'LIMIT_UNEXPECTED_FILE' || code === 'LIMIT_PART_COUNT')
    return new ApiError('validation', `at most ${maxFiles} files, in the part "files"`, 'files', undefined, {
      messageKey: 'online.tooManyFiles',
      params: { maxFiles },
    });
  return new ApiError('validation', `the multipart body could not be read (${(error as Error).message})`, undefined);
}

/** The files multer read, each typed by its bytes; 415 for anything that is not a photo or a PDF. */
export function attachmentsOf(request: Request): UploadedAttachment[] {
  const files = (request as Request & { files?: Record<string, multer.File[]> }).files?.files ?? [];
  return files.map((file) => {
    const detected = filetypeinfo(file.buffer.subarray(0, 64)).find((t) =>
      (ACCEPTED_TYPES as readonly string[]).includes(t.mime ?? ''),
    );
    if (!detected)
      throw new ApiError(
        'unsupportedMediaType',
        `${file.originalname} is not a photo (JPEG, PNG, WebP, HEIF) or a PDF by its content`,
        'files',
        undefined,
        { messageKey: 'online.fileType', params: { fileName: safeName(file.originalname) } },
      );
    return {
      fileName: safeName(file.originalname),
      contentType: detected.mime as UploadedAttachment['contentType'],
      bytes: file.buffer,
    };
  });
}

/** The name as shown to the registrar: no path, no control characters, not too long. */
function safeName(raw: string): string {
  // Browsers send a file name's UTF-8 bytes; busboy (under multer) reads them as latin1.
  const utf8 = Buffer.from(raw, 'latin1').toString('utf8');
  const name = [...raw].some((c) => c.codePointAt(0)! > 0xff) || utf8.includes('\ufffd') ? raw : utf8;
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  return (base || '附件').slice(0, 120);
}
