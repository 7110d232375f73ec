/**
 * Our signed webhook against a real HTTP receiver on 127.0.0.1 playing an office's gateway: it
 * checks the signature over the bytes it received, both with verifyWebhook (what a gateway would
 * use) and with its own HMAC written from the header's definition; the headers, the body, the
 * statuses (refused / later), and never an unsigned request.
 */
import { createHmac } from 'node:crypto';
import { ChannelRefused, type OutgoingMessage } from '../../libs/notify/channel';
import { ChannelUnavailable } from '../../libs/notify/channels/http';
import { WebhookChannel, signWebhook, verifyWebhook } from '../../libs/notify/channels/webhook';
import { type Answer, type ReceivedRequest, type Receiver, startReceiver } from '../support/http-receiver';

const secret = 'office-gateway-secret-0123456789abcdef0123456789';
const message: OutgoingMessage = {
  key: 'case-2026-000456:supervision:unit-3',
  urgent: false,
  title: '信访件 XF-2026-000456 收到督办',
  lines: ['信访件编号：XF-2026-000456', '督办意见：请于五日内报告办理情况'],
  link: 'https://petitions.example.gov.cn/console/cases/XF-2026-000456',
};

let receiver: Receiver;
let answer: (request: ReceivedRequest) => Answer;
beforeAll(async () => {
  receiver = await startReceiver((request) => answer(request));
});
afterAll(() => receiver.close());
beforeEach(() => {
  receiver.received.length = 0;
});

const gateway = () => `${receiver.origin}/petition-hook`;
const channel = (timeoutMs?: number) =>
  new WebhookChannel({ secretFor: (address) => (address === gateway() ? secret : undefined), timeoutMs });

/** A gateway that accepts only what verifyWebhook accepts. */
function gatewayAnswer(request: ReceivedRequest): Answer {
  const verdict = verifyWebhook({
    secret,
    timestamp: request.headers['x-petition-timestamp'] as string | undefined,
    signature: request.headers['x-petition-signature'] as string | undefined,
    body: request.body,
  });
  return verdict.ok ? { status: 202, headers: { 'x-request-id': 'gw-1' } } : { status: 401, body: verdict };
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the send was accepted');
}

describe('signed webhook', () => {
  it('signs timestamp.body with HMAC-SHA256; the gateway verifies it and recomputes it independently', async () => {
    answer = gatewayAnswer;
    await expect(channel().send(message, gateway())).resolves.toEqual({ providerId: 'gw-1' });
    const [request] = receiver.received;
    const timestamp = request.headers['x-petition-timestamp'] as string;
    expect(timestamp).toMatch(/^\d{10}$/);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    const own = createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex');
    expect(request.headers['x-petition-signature']).toBe(`sha256=${own}`);
    expect(request.headers['idempotency-key']).toBe(message.key);
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(request.body);
    expect(body.msgtype).toBe('markdown');
    expect(body.markdown.title).toBe(message.title);
    expect(body.markdown.content).toContain('督办意见：请于五日内报告办理情况');
    expect(body.notification).toEqual({
      key: message.key,
      urgent: false,
      title: message.title,
      lines: message.lines,
      link: message.link,
    });
  });

  it('verifyWebhook refuses a changed body, another secret, an old timestamp and a missing header', () => {
    const body = JSON.stringify({ a: 1 });
    const now = 1_800_000_000;
    const signature = signWebhook(secret, now, body);
    const base = { secret, timestamp: String(now), signature, body, nowSeconds: now };
    expect(verifyWebhook(base)).toEqual({ ok: true });
    expect(verifyWebhook({ ...base, body: JSON.stringify({ a: 2 }) })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhook({ ...base, secret: 'another-secret' })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhook({ ...base, signature: signature.replace('sha256=', 'sha1=') })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyWebhook({ ...base, nowSeconds: now + 301 })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhook({ ...base, timestamp: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(verifyWebhook({ ...base, signature: undefined })).toEqual({ ok: false, reason: 'missing' });
  });

  it('a gateway with another secret answers 401: refused for good', async () => {
    answer = gatewayAnswer;
    const wrong = new WebhookChannel({ secretFor: () => 'not-the-gateways-secret-0123456789abcdef' });
    const error = await failure(wrong.send(message, gateway()));
    expect(error).toBeInstanceOf(ChannelRefused);
    expect((error as ChannelRefused).reason).toContain('HTTP 401');
  });

  it('an address without a secret is refused before any request', async () => {
    answer = gatewayAnswer;
    const error = await failure(channel().send(message, `${receiver.origin}/other-gateway`));
    expect(error).toBeInstanceOf(ChannelRefused);
    expect(receiver.received).toHaveLength(0);
  });

  it('429 with Retry-After is retryable with the hint; 500 retryable; 422 refused', async () => {
    answer = () => ({ status: 429, headers: { 'retry-after': '30' } });
    const limited = await failure(channel().send(message, gateway()));
    expect(limited).toBeInstanceOf(ChannelUnavailable);
    expect((limited as ChannelUnavailable).retryAfterMs).toBe(30_000);
    answer = () => ({ status: 500 });
    expect(await failure(channel().send(message, gateway()))).toBeInstanceOf(ChannelUnavailable);
    answer = () => ({ status: 422, body: { error: 'unknown office' } });
    expect(await failure(channel().send(message, gateway()))).toBeInstanceOf(ChannelRefused);
  });

  it('a gateway slower than the deadline is retryable', async () => {
    answer = () => ({ delayMs: 5000, status: 202 });
    expect(await failure(channel(250).send(message, gateway()))).toBeInstanceOf(ChannelUnavailable);
  });

  it('a 5xx then 2xx: the retry is signed afresh and carries the same Idempotency-Key', async () => {
    let calls = 0;
    answer = (r) => (++calls === 1 ? { status: 503 } : gatewayAnswer(r));
    await expect(channel().send(message, gateway())).rejects.toBeInstanceOf(ChannelUnavailable);
    await expect(channel().send(message, gateway())).resolves.toEqual({ providerId: 'gw-1' });
    expect(receiver.received.map((r) => r.headers['idempotency-key'])).toEqual([message.key, message.key]);
  });
});
