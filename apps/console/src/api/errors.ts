import { renderMessage } from '@/libs/process/messages/zh-CN';

type Params = Record<string, string | number | boolean | null | readonly string[]>;

/**
 * The API's one error shape (`ApiErrorBody`), thrown by every call so screens show its message in
 * place: `message` is the API's Chinese sentence (from the same catalogue the console reads); an
 * answer without one (a proxy's 502) is said from its code's sentence, never in English.
 */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** The request field at fault (`args.days`, `receivedAt`), when there is one. */
    readonly field?: string,
    /** The rule that refused (`args.required`, `auth.signInFailed`), stable for code to switch on. */
    readonly messageKey?: string,
    readonly params: Params = {},
    /** The English for developers (shown nowhere on screen). */
    readonly detail?: string,
  ) {
    super(message);
  }

  static async fromResponse(response: Response, body?: unknown): Promise<ApiError> {
    let parsed = body as
      | {
          code?: string;
          message?: string | string[];
          detail?: string;
          field?: string;
          messageKey?: string;
          params?: Params;
        }
      | undefined;
    if (parsed === undefined) parsed = await response.json().catch(() => undefined);
    const message = Array.isArray(parsed?.message) ? parsed.message.join('; ') : parsed?.message;
    const code = parsed?.code ?? `http${response.status}`;
    const fallback =
      renderMessage(`error.${code}`) ??
      renderMessage(response.status >= 500 ? 'error.unavailable' : 'error.badRequest') ??
      `${response.status} ${response.statusText}`;
    return new ApiError(
      response.status,
      code,
      message ?? fallback,
      parsed?.field,
      parsed?.messageKey,
      parsed?.params ?? {},
      parsed?.detail,
    );
  }
}

/** The path of a refused field inside a form: `args.days` → `['days']`, `receivedAt` → `['receivedAt']`. */
export function formFieldOf(error: unknown, prefix = 'args.'): string[] | null {
  if (!(error instanceof ApiError) || !error.field) return null;
  const field = error.field.startsWith(prefix) ? error.field.slice(prefix.length) : error.field;
  return field
    .split('.')
    .map((part) => part.replace(/\[(\d+)\]/g, '.$1'))
    .flatMap((part) => part.split('.'));
}
