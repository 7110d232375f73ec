/**
 * 签发 in tests: on a case started since approvals, issueReply / issueReviewDecision /
 * issueReReviewDecision leave a draft that the head of the drafting unit approves. Tests that are
 * not about approval go through both steps with these helpers.
 */
import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { staffBearer } from './auth';

/** The test directory's head of a unit (libs/persistence/demo-seed.ts): x-zjj → x-head, x-xfj → x-xfj-head. */
export function headOf(unitId: string): string {
  return unitId.endsWith('-zjj') ? `${unitId.slice(0, -'-zjj'.length)}-head` : `${unitId}-head`;
}

/** The actions whose written result is drafted, then approved. */
export const DRAFTED_ACTIONS: readonly string[] = ['issueReply', 'issueReviewDecision', 'issueReReviewDecision'];

/**
 * When the response to a drafting action left a draft awaiting approval, the drafting unit's head
 * approves it over HTTP; returns the response that issued the document (the same one otherwise).
 */
export async function signOffOverHttp(
  http: ReturnType<typeof request>,
  petitionId: string,
  response: request.Response,
): Promise<request.Response> {
  const draft = response.status === 200 ? (response.body?.draft as { draftNo: number; unitId: string } | null) : null;
  if (!draft) return response;
  return http
    .post(`/petitions/${petitionId}/actions/approveDraft`)
    .set('Authorization', staffBearer(headOf(draft.unitId)))
    .send({ requestId: randomUUID(), args: { draftNo: draft.draftNo } });
}
