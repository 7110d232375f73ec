/** The API's one error shape (`ApiErrorBody`), thrown by every call so screens show its message in place. */
export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    /** The request field at fault (`args.days`, `receivedAt`), when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }

  static async fromResponse(response: Response, body?: unknown): Promise<ApiError> {
    let parsed = body as { code?: string; message?: string | string[]; field?: string } | undefined;
    if (parsed === undefined) parsed = await response.json().catch(() => undefined);
    const message = Array.isArray(parsed?.message) ? parsed.message.join('; ') : parsed?.message;
    return new ApiError(
      response.status,
      parsed?.code ?? `http${response.status}`,
      message ?? `${response.status} ${response.statusText}`,
      parsed?.field,
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
