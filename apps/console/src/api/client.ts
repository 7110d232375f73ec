/**
 * The typed API client: `paths` and `components` are generated from the API's OpenAPI document
 * (`openapi.d.ts`; `npm run console:api-types` regenerates it, a test keeps it equal), so a request
 * or response the API does not have does not compile. Every call goes through `call()`, which
 * returns the data or throws the API's error shape as an `ApiError`.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { components, paths } from './openapi';
import { ApiError } from './errors';
import { session } from './session-store';

export type Schemas = components['schemas'];
export type { paths };

const PUBLIC_PATHS = ['/auth/login', '/auth/refresh', '/public/'];

const bearer: Middleware = {
  async onRequest({ request }) {
    const path = new URL(request.url).pathname;
    if (PUBLIC_PATHS.some((p) => path.startsWith(p))) return request;
    const token = await session.accessToken();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
  async onResponse({ response, request }) {
    // An expired or revoked session: forget it, so the app shows the sign-in page.
    if (response.status === 401 && !PUBLIC_PATHS.some((p) => new URL(request.url).pathname.startsWith(p)))
      session.clear();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin });
api.use(bearer);

/** The data of a typed call, or the API's refusal thrown as an ApiError. */
export async function call<T>(pending: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await pending;
  if (!response.ok) throw await ApiError.fromResponse(response, error);
  return data as T;
}

/** A binary the API serves (PDF notices, CSV tables), fetched with the session's token. */
export async function fetchBlob(path: string, headers: Record<string, string> = {}): Promise<Blob> {
  const token = PUBLIC_PATHS.some((p) => path.startsWith(p)) ? null : await session.accessToken();
  const response = await fetch(path, {
    headers: { ...headers, ...(token ? { Authorization: `Bearer ${token}` } : {}) },
  });
  if (!response.ok) throw await ApiError.fromResponse(response);
  return response.blob();
}

/** Saves a binary from the API under a file name (a notice's PDF, a report's CSV). */
export async function downloadFile(
  path: string,
  fileName: string,
  headers: Record<string, string> = {},
): Promise<void> {
  const url = URL.createObjectURL(await fetchBlob(path, headers));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Opens a PDF from the API in a new tab (the browser's own viewer). */
export async function openPdf(path: string, headers: Record<string, string> = {}): Promise<void> {
  const url = URL.createObjectURL(await fetchBlob(path, headers));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 300_000);
}
