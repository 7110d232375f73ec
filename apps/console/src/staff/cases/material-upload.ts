/**
 * One material's upload with progress: XMLHttpRequest, because fetch reports no upload progress.
 * The Idempotency-Key is the caller's, kept per file, so a retry after a failure (or a lost answer)
 * stores the file once.
 */
import { ApiError } from '../../api/errors';
import { session } from '../../api/session-store';
import type { Schemas } from '../../api/client';

export interface MaterialUploadRequest {
  petitionId: string;
  file: File;
  kind: string;
  caption: string;
  /** Replaces this material with a new version. */
  materialId?: string;
  idempotencyKey: string;
  onProgress: (percent: number) => void;
}

export async function uploadMaterial(request: MaterialUploadRequest): Promise<Schemas['MaterialView']> {
  const token = await session.accessToken();
  const form = new FormData();
  // The fields first: the API reads them before the file streams.
  form.append('kind', request.kind);
  form.append('caption', request.caption);
  if (request.materialId) form.append('materialId', request.materialId);
  form.append('file', request.file, request.file.name);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/petitions/${request.petitionId}/materials`);
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Idempotency-Key', request.idempotencyKey);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) request.onProgress(Math.round((event.loaded / event.total) * 100));
    };
    xhr.onerror = () => reject(new Error('网络错误，上传未完成，请重试。'));
    xhr.onload = () => {
      const body = (() => {
        try {
          return JSON.parse(xhr.responseText) as unknown;
        } catch {
          return undefined;
        }
      })();
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as Schemas['MaterialView']);
      void ApiError.fromResponse(new Response(null, { status: xhr.status }), body).then(reject, reject);
    };
    xhr.send(form);
  });
}
