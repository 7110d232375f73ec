/**
 * One file from a multipart/form-data request, streamed (busboy, which multer is built on): the
 * text fields sent before the file, then the file as a stream handed to `onFile`, which stores it.
 * Nothing is buffered whole. Whatever `onFile` does not read (a refusal before the end) is drained,
 * so the client still gets its answer. Fields after the file, and further files, are ignored.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import type { Readable } from 'node:stream';
import { ApiError } from '../common/api-error';

export interface UploadedFileInfo {
  fileName: string;
  /** The type the client declared for the part (checked against the content by upload-checks). */
  declaredType: string;
}

export function readSingleUpload<T>(
  req: Request,
  onFile: (fields: Record<string, string>, file: Readable, info: UploadedFileInfo) => Promise<T>,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (!/^multipart\/form-data/i.test(req.headers['content-type'] ?? ''))
      return reject(
        new ApiError('unsupportedMediaType', 'send the file as multipart/form-data', undefined, undefined, {
          messageKey: 'material.fileMissing',
        }),
      );
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: 1, fields: 10, fieldSize: 4096, parts: 12 },
      });
    } catch (error) {
      return reject(new ApiError('validation', (error as Error).message));
    }
    const fields: Record<string, string> = {};
    let handled: Promise<T> | null = null;
    parser.on('field', (name, value) => {
      if (!handled) fields[name] = value;
    });
    parser.on('file', (_name, file, info) => {
      if (handled) return void file.resume();
      handled = onFile({ ...fields }, file, { fileName: info.filename ?? '', declaredType: info.mimeType ?? '' });
      handled.then(
        () => file.resume(),
        () => {
          file.unpipe();
          file.resume();
        },
      );
    });
    parser.on('error', (error) => reject(new ApiError('validation', (error as Error).message)));
    parser.on('close', () => {
      if (!handled)
        return reject(
          new ApiError('validation', 'the request carries no file', 'file', undefined, {
            messageKey: 'material.fileMissing',
          }),
        );
      handled.then(resolve, reject);
    });
    req.pipe(parser);
  });
}
