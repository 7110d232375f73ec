/**
 * Our own signed webhook, for an office's gateway (its own robot bridge, an OA system): the robots'
 * JSON shape plus the message's structured fields, and three headers
 *
 *   X-Petition-Timestamp: <unix seconds>
 *   X-Petition-Signature: sha256=<hex HMAC-SHA256(office's secret, `${timestamp}.${body}`)>
 *   Idempotency-Key: <the notification's key>
 *
 * The receiver checks the signature over the exact bytes it received (verifyWebhook below), refuses
 * a timestamp outside its tolerance (a replay), and drops a repeated Idempotency-Key (a retry after
 * it accepted but before we recorded it). It answers 2xx when it took the message; 4xx when it never
 * will (408, 425 and 429 mean "later", with Retry-After if it likes); 5xx when it may later.
 *
 * Never sent unsigned: an address without a secret is refused before any request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ChannelRefused, type ChannelReceipt, type NotificationChannel, type OutgoingMessage } from '../channel';
import { DEFAULT_TIMEOUT_MS, type SecretLookup, brief, checkStatus, post } from './http';
import { plainTitle, renderMarkdown } from './render';

export const WEBHOOK_TIMESTAMP_HEADER = 'X-Petition-Timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'X-Petition-Signature';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** How far a receiver accepts a timestamp from its own clock, by default. */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The one signing function: `sha256=` and the hex HMAC-SHA256 of `${timestamp}.${body}`. */
export function signWebhook(secret: string, timestamp: string | number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`, 'utf8');
  mac.update(body);
  return `sha256=${mac.digest('hex')}`;
}

export interface WebhookVerification {
  secret: string;
  /** The X-Petition-Timestamp header as received. */
  timestamp: string | undefined;
  /** The X-Petition-Signature header as received. */
  signature: string | undefined;
  /** The raw body, before any JSON parsing. */
  body: string | Buffer;
  nowSeconds?: number;
  toleranceSeconds?: number;
}

export type WebhookVerdict = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

/** For a receiver: whether a request is ours, recent, and unaltered (constant-time comparison). */
export function verifyWebhook(v: WebhookVerification): WebhookVerdict {
  if (!v.timestamp || !v.signature || !/^\d{1,12}$/.test(v.timestamp)) return { ok: false, reason: 'missing' };
  const now = v.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(v.timestamp)) > (v.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS))
    return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signWebhook(v.secret, v.timestamp, v.body), 'utf8');
  const given = Buffer.from(v.signature.trim(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}

/** What the gateway receives: a robot-ready markdown card and the message's own fields. */
export function webhookBody(message: OutgoingMessage): object {
  return {
    msgtype: 'markdown',
    markdown: {
      title: plainTitle(message),
      content: renderMarkdown(message, { maxBytes: 4096, lineBreak: '\n' }),
    },
    notification: {
      key: message.key,
      urgent: message.urgent,
      title: message.title,
      lines: message.lines,
      ...(message.link ? { link: message.link } : {}),
    },
  };
}

export interface WebhookOptions {
  secretFor: SecretLookup;
  timeoutMs?: number;
  now?: () => number;
}

export class WebhookChannel implements NotificationChannel {
  readonly name = 'webhook' as const;

  constructor(private readonly options: WebhookOptions) {}

  async send(message: OutgoingMessage, address: string): Promise<ChannelReceipt> {
    const secret = await this.options.secretFor(address);
    if (!secret) throw new ChannelRefused(this.name, 'no signing secret is configured for this address');
    const body = JSON.stringify(webhookBody(message));
    const timestamp = String(Math.floor((this.options.now ?? Date.now)() / 1000));
    const answer = await post(this.name, address, {
      body,
      contentType: 'application/json; charset=utf-8',
      idempotencyKey: message.key,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      headers: {
        [WEBHOOK_TIMESTAMP_HEADER]: timestamp,
        [WEBHOOK_SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
      },
    });
    checkStatus(this.name, answer, brief(answer.text));
    const id = answer.headers.get('x-request-id');
    return id ? { providerId: id } : {};
  }
}
