/**
 * What the HTTP channels (robots, our signed webhook, the SMS provider) share: one POST under a
 * deadline, and the reading of the answer into accepted, refused for good, or worth a retry.
 *
 * Node's global fetch, no client library: the requests are one JSON or form POST each, and the
 * tests point every adapter at a real local HTTP receiver.
 */
import { ChannelRefused, type ChannelName } from '../channel';

/** A robot answers within a second or two; past this the outbox retries rather than waits. */
export const DEFAULT_TIMEOUT_MS = 5000;

/**
 * The receiver could not take the message now (network, timeout, 5xx, a rate limit): retrying the
 * same message later may succeed. `retryAfterMs` is the receiver's own hint, when it gave one.
 */
export class ChannelUnavailable extends Error {
  constructor(
    readonly channel: ChannelName,
    readonly reason: string,
    readonly retryAfterMs?: number,
  ) {
    super(`${channel} is unavailable: ${reason}`);
    this.name = 'ChannelUnavailable';
  }
}

/** The secret of the receiver at an address (a per-office table, the deployment default), if any. */
export type SecretLookup = (address: string) => string | undefined | Promise<string | undefined>;

export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
}

export interface PostOptions {
  body: string;
  contentType: string;
  /** The notification's key, sent as `Idempotency-Key` for the receiver to drop a repeat. */
  idempotencyKey: string;
  timeoutMs: number;
  headers?: Record<string, string>;
}

/**
 * POSTs once. Throws ChannelUnavailable when no answer came (refused connection, reset, the
 * deadline); any answer, whatever its status, is returned for the adapter to read. The deadline
 * covers the body too. Redirects are not followed: a robot's URL carries its key, and a signed
 * request must reach the address it was signed for.
 */
export async function post(channel: ChannelName, url: string, options: PostOptions): Promise<HttpAnswer> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      body: options.body,
      redirect: 'manual',
      headers: {
        'content-type': options.contentType,
        'idempotency-key': options.idempotencyKey,
        ...options.headers,
      },
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    throw new ChannelUnavailable(channel, describeFailure(error, options.timeoutMs));
  }
}

/** Why no answer came, without the URL (a robot's URL is its secret). */
function describeFailure(error: unknown, timeoutMs: number): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = e?.cause?.code ?? e?.cause?.message ?? e?.message ?? String(error);
  return `no answer (${cause})`;
}

/**
 * The HTTP status alone: nothing for 2xx; ChannelRefused for a redirect or a 4xx other than the
 * "later" ones (408, 425, 429); ChannelUnavailable for those and 5xx.
 */
export function checkStatus(channel: ChannelName, answer: HttpAnswer, detail = ''): void {
  const { status } = answer;
  if (status >= 200 && status < 300) return;
  const suffix = detail ? `: ${detail}` : '';
  if (status === 408 || status === 425 || status === 429)
    throw new ChannelUnavailable(channel, `HTTP ${status}${suffix}`, retryAfterMs(answer.headers.get('retry-after')));
  if (status >= 300 && status < 500)
    throw new ChannelRefused(
      channel,
      status < 400 ? `HTTP ${status} (a redirect: configure the final address)` : `HTTP ${status}${suffix}`,
    );
  throw new ChannelUnavailable(channel, `HTTP ${status}${suffix}`, retryAfterMs(answer.headers.get('retry-after')));
}

/** `Retry-After` in seconds or as an HTTP date, in milliseconds from now. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The answer's JSON object, or null when it is not one (an HTML error page from a proxy). */
export function jsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A receiver's message, cut short for a log line or a refusal's reason. */
export function brief(text: unknown, max = 200): string {
  const s = typeof text === 'string' ? text : JSON.stringify(text ?? '');
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/**
 * The robots' common answer `{"errcode":0,"errmsg":"ok"}` on HTTP 200: accepted on 0, retryable
 * on the codes the robot documents as "busy" or "too fast", refused on any other code (a wrong
 * key, a stopped robot, a bad body: the same message would fail again).
 */
export interface RetryableCode {
  reason: string;
  /** How long the robot documents it stays closed (its per-minute limit, its penalty period). */
  retryAfterMs?: number;
}

export function checkRobotAnswer(
  channel: ChannelName,
  answer: HttpAnswer,
  retryableCodes: Readonly<Record<number, RetryableCode>>,
): void {
  const body = jsonObject(answer.text);
  checkStatus(channel, answer, brief(body?.errmsg ?? answer.text));
  const errcode = body?.errcode;
  if (typeof errcode !== 'number')
    throw new ChannelUnavailable(channel, `HTTP ${answer.status} without an errcode: ${brief(answer.text)}`);
  if (errcode === 0) return;
  const what = `errcode ${errcode} (${brief(body?.errmsg)})`;
  if (Object.prototype.hasOwnProperty.call(retryableCodes, errcode)) {
    const later = retryableCodes[errcode];
    throw new ChannelUnavailable(channel, `${what}: ${later.reason}`, later.retryAfterMs);
  }
  throw new ChannelRefused(channel, what);
}
