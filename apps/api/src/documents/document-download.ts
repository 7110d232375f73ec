import { StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { DocumentInfo } from '@/libs/documents';
import { formatInstant } from '@/libs/process/wire-time';
import type { DocumentView } from './document-views';

export function documentView(d: DocumentInfo): DocumentView {
  return {
    documentId: d.documentId,
    kind: d.kind,
    number: d.number,
    title: d.title,
    unitId: d.unitId,
    sha256: d.sha256,
    byteLength: d.byteLength,
    mediaType: d.mediaType,
    issuedAt: formatInstant(new Date(d.issuedAt).getTime()),
  };
}

/** The PDF as a download named by its 文号, with its hash as the ETag and in X-Content-SHA256. */
export function documentDownload(d: DocumentInfo & { bytes: Buffer }, response: Response): StreamableFile {
  response.setHeader('ETag', `"${d.sha256}"`);
  response.setHeader('X-Content-SHA256', d.sha256);
  return new StreamableFile(d.bytes, {
    type: d.mediaType,
    length: d.bytes.length,
    disposition: `inline; filename="${d.documentId}.pdf"; filename*=UTF-8''${encodeURIComponent(`${d.title}（${d.number}）.pdf`)}`,
  });
}
