/**
 * Issue 19, the offices' group robots: the province's petition office has a 企业微信 robot and a
 * signed webhook to its own gateway (notification_addresses). A county case received 40 days ago
 * is past its routing clock at registration; its 挂牌督办 goes to the province, and each of the
 * office's two addresses receives it once, through the real dispatcher, at local receivers: the
 * robot a 企业微信 markdown message, the gateway the same card with an HMAC-SHA256 signature it can
 * verify; both carry the delivery's key as Idempotency-Key.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { verifyWebhook } from '../../libs/notify/channels/webhook';
import { deliveryMessageKey } from '../../libs/notify/dispatcher';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { type Receiver, startReceiver } from '../support/http-receiver';

const DAY = 86_400_000;
const GATEWAY_SECRET = `gateway-secret-${randomUUID()}`;

describe("notifications: the level above's 企业微信 robot and signed gateway each hear of a 挂牌督办 once", () => {
  let receiver: Receiver;
  // Declared before the service's own afterAll, so it runs while the database is still open.
  afterAll(async () => {
    await service.dataSource?.query(
      `DELETE FROM notification_addresses WHERE owner_kind = 'unit' AND owner_id = 'p-xfj' AND channel IN ('wecom', 'webhook')`,
    );
    await receiver?.close();
  });

  const service = useRunningService({
    configure: async (config) => {
      receiver = await startReceiver(() => ({ status: 200, body: { errcode: 0, errmsg: 'ok' } }));
      return {
        ...config,
        notifyChannels: {
          timeoutMs: 5_000,
          wecom: null,
          dingtalk: null,
          webhook: { url: `${receiver.origin}/gateway`, secret: GATEWAY_SECRET },
          sms: null,
        },
      };
    },
  });
  const addresses = () => [
    ['wecom', `${receiver.origin}/cgi-bin/webhook/send?key=robot-${randomUUID().slice(0, 8)}`],
    ['webhook', `${receiver.origin}/gateway`],
  ];
  beforeAll(async () => {
    for (const [channel, address] of addresses())
      await service.dataSource.query(
        `INSERT INTO notification_addresses (owner_kind, owner_id, channel, address) VALUES ('unit', 'p-xfj', $1, $2)
         ON CONFLICT (owner_kind, owner_id, channel) DO UPDATE SET address = EXCLUDED.address`,
        [channel, address],
      );
  });
  it('the robot gets a 企业微信 markdown message and the gateway a signed one, each once, keyed by the delivery', async () => {
    const registered = await request(service.app.getHttpServer())
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `robots-e2e-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        petitionerName: '王某',
        summary: '农村道路硬化工程质量问题',
        receivedAt: new Date(Date.now() - 40 * DAY).toISOString(),
        lateRegistrationReason: '信件积压，补登记',
      });
    expect(registered.status).toBe(201);
    const petitionId: string = registered.body.petitionId;

    const listed = await waitFor(
      'the 挂牌督办 notification',
      async () =>
        (
          (await service.dataSource.query(
            `SELECT key, data FROM notifications WHERE petition_id = $1 AND data->>'rung' = 'listedSupervision'`,
            [petitionId],
          )) as { key: string; data: { caseNumber: string } }[]
        )[0],
    );
    const forCase = () => receiver.received.filter((r) => r.body.includes(listed.data.caseNumber));
    await waitFor('both deliveries', async () => forCase().length >= 2 || undefined);
    await waitFor(
      'both recorded as sent',
      async () =>
        (
          (await service.dataSource.query(
            `SELECT count(*)::int AS n FROM notification_deliveries WHERE notification_key = $1 AND state = 'sent'`,
            [listed.key],
          )) as { n: number }[]
        )[0].n === 2 || undefined,
    );

    const [robot, gateway] = [
      forCase().filter((r) => r.path === '/cgi-bin/webhook/send'),
      forCase().filter((r) => r.path === '/gateway'),
    ];
    expect(robot).toHaveLength(1);
    expect(gateway).toHaveLength(1);

    const robotBody = JSON.parse(robot[0].body) as { msgtype: string; markdown: { content: string } };
    expect(robotBody.msgtype).toBe('markdown');
    expect(robotBody.markdown.content).toContain(listed.data.caseNumber);
    expect(robotBody.markdown.content).toContain('挂牌督办');
    expect(robotBody.markdown.content).not.toMatch(/王某|道路硬化/); // the matter and the person stay in the console
    expect(robot[0].headers['idempotency-key']).toBe(deliveryMessageKey(listed.key, 'wecom'));

    expect(gateway[0].headers['idempotency-key']).toBe(deliveryMessageKey(listed.key, 'webhook'));
    const verdict = verifyWebhook({
      secret: GATEWAY_SECRET,
      timestamp: String(gateway[0].headers['x-petition-timestamp']),
      signature: String(gateway[0].headers['x-petition-signature']),
      body: gateway[0].body,
    });
    expect(verdict).toEqual({ ok: true });
    expect(verifyWebhook({ ...verdictInput(gateway[0]), secret: 'another-secret-another-secret-32' })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
  });
});

function verdictInput(r: { headers: Record<string, unknown>; body: string }) {
  return {
    secret: GATEWAY_SECRET,
    timestamp: String(r.headers['x-petition-timestamp']),
    signature: String(r.headers['x-petition-signature']),
    body: r.body,
  };
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}
