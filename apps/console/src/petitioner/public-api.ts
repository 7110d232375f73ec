/**
 * The petitioner's calls: every one carries the 查询码 in the X-Query-Code header (never in the
 * URL, so it stays out of histories and logs). No session, no staff token.
 */
import { api, call, fetchBlob, type Schemas } from '../api/client';

export type PetitionerView = Schemas['PetitionerView'];
export type NoticeDocument = Schemas['DocumentView'];
export type Rating = Schemas['RatingDto']['rating'];

function withCode(id: string, code: string) {
  return { path: { id }, header: { 'x-query-code': code } };
}

export function lookUp(id: string, code: string): Promise<PetitionerView> {
  return call(api.GET('/public/petitions/{id}', { params: withCode(id, code) }));
}

export function listNotices(id: string, code: string): Promise<NoticeDocument[]> {
  return call(api.GET('/public/petitions/{id}/documents', { params: withCode(id, code) }));
}

export function rate(id: string, code: string, requestId: string, rating: Rating): Promise<PetitionerView> {
  return call(api.POST('/public/petitions/{id}/rating', { params: withCode(id, code), body: { requestId, rating } }));
}

export function requestReview(id: string, code: string, requestId: string): Promise<PetitionerView> {
  return call(api.POST('/public/petitions/{id}/review-request', { params: withCode(id, code), body: { requestId } }));
}

/** A notice's PDF, fetched with the code in the header (a plain link could not carry it). */
export function noticePdf(id: string, code: string, documentId: string): Promise<Blob> {
  return fetchBlob(`/public/petitions/${encodeURIComponent(id)}/documents/${encodeURIComponent(documentId)}`, {
    'X-Query-Code': code,
  });
}
