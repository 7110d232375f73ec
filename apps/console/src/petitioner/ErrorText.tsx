/** A refusal in place: the API's own Chinese message (wrong code, rate limit, window closed), announced to screen readers. */
import { ApiError } from '../api/errors';

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
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
