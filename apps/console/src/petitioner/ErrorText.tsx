/** A refusal in place: the API's own message (wrong code, rate limit, window closed), announced to screen readers. */
import { ApiError } from '../api/errors';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError)
    return error.statusCode === 429 ? `请求过于频繁，请稍后再试（${error.message}）` : error.message;
  return error instanceof Error ? `网络错误：${error.message}` : String(error);
}

export function ErrorText({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="pt-error">
      {errorMessage(error)}
    </p>
  );
}
