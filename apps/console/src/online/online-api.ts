/** The 网上信访 page's calls: public, no session. The submission goes as multipart (JSON part + files). */
import { api, call, type Schemas } from '../api/client';
import { ApiError } from '../api/errors';

export type OnlineForm = Schemas['OnlineFormView'];
export type Submission = Schemas['SubmitOnlinePetitionDto'];
export type Receipt = Schemas['OnlineReceiptView'];
export type SubmissionStatus = Schemas['OnlineStatusView'];

export const CHALLENGE_URL = '/public/online-petitions/challenge';

export function loadForm(): Promise<OnlineForm> {
  return call(api.GET('/public/online-petitions/form'));
}

export async function submit(submission: Submission, files: File[], idempotencyKey: string): Promise<Receipt> {
  const body = new FormData();
  body.append('submission', JSON.stringify(submission));
  for (const file of files) body.append('files', file, file.name);
  const response = await fetch('/public/online-petitions', {
    method: 'POST',
    headers: { 'Idempotency-Key': idempotencyKey },
    body,
  });
  if (!response.ok) throw await ApiError.fromResponse(response);
  return (await response.json()) as Receipt;
}

export function submissionStatus(number: string, code: string): Promise<SubmissionStatus> {
  return call(
    api.GET('/public/online-petitions/{id}', { params: { path: { id: number }, header: { 'x-query-code': code } } }),
  );
}
