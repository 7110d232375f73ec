/**
 * Issue 19's fault test: the SMTP server is down for a minute while 200 breaches happen. Two
 * hundred cases of 乙县 (y: the other tests list 县 x's cases, which these would crowd) received
 * 40 days ago are registered (each past its routing clock at once:
 * a 超期督办 to the city's petition office, whose mailbox is a real SMTP server in this process).
 * The server is stopped before the burst and started again on the same port a minute later.
 * Afterwards every breach's mail has arrived once, none twice (each has its own Message-ID, the
 * notification's key), and the deliveries that met the outage were retried, not dropped.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { messageIdOf } from '../../libs/notify/channels/email';
import { deliveryMessageKey } from '../../libs/notify/dispatcher';
import { staffBearer } from '../support/auth';
import { eventually } from '../support/eventually';
import { useRunningService } from '../support/harness';
import { mailSettingsFor, startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const DAY = 86_400_000;
const BREACHES = 200;
const OUTAGE_MS = 60_000;
const OFFICE_MAIL = `c-xfj-outage-${randomUUID().slice(0, 8)}@example.test`;

describe('notifications: the SMTP server down for a minute during 200 breaches', () => {
  let inbox: SmtpInbox;
  let port = 0;
  // Declared before the service's own afterAll, so it runs while the database is still open.
  afterAll(async () => {
    await service.dataSource?.query(
      `DELETE FROM notification_addresses WHERE owner_kind = 'unit' AND owner_id = 'c-xfj' AND address = $1`,
      [OFFICE_MAIL],
    );
    await inbox?.close();
  });
  const service = useRunningService({
    configure: async (config) => {
      inbox = await startSmtpInbox();
      port = Number(new URL(inbox.url).port);
      return { ...config, smtp: mailSettingsFor(inbox) };
    },
  });

  it('delivers every mail once after the outage, none twice', async () => {
    await service.dataSource.query(
      `INSERT INTO notification_addresses (owner_kind, owner_id, channel, address) VALUES ('unit', 'c-xfj', 'email', $1)
       ON CONFLICT (owner_kind, owner_id, channel) DO UPDATE SET address = EXCLUDED.address`,
      [OFFICE_MAIL],
    );
    const http = request(service.app.getHttpServer());
    const kept = { mails: inbox.mails, envelopes: inbox.envelopes };
    await inbox.close();
    const downSince = Date.now();

    // The burst: 200 breaches, ten registrations at a time.
    const petitionIds: string[] = [];
    const receivedAt = new Date(Date.now() - 40 * DAY).toISOString();
    for (let start = 0; start < BREACHES; start += 10) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(10, BREACHES - start) }, async (_, i) => {
          // A 503 (Temporal slow to answer on a loaded machine) is sent again under the same key, as
          // a client does: the registration happens once either way.
          const key = `smtp-outage-${randomUUID()}`;
          for (let attempt = 1; ; attempt++) {
            const response = await http
              .post('/petitions')
              .set('Authorization', staffBearer('y-registrar'))
              .set('Idempotency-Key', key)
              .send({
                category: 'appeal',
                channel: 'letter',
                petitionerName: '赵某',
                summary: `供水管网改造拖延 ${start + i}`,
                receivedAt,
                lateRegistrationReason: '信件积压，补登记',
              });
            if (response.status === 503 && attempt < 5) {
              await new Promise((resolve) => setTimeout(resolve, 2_000));
              continue;
            }
            expect(response.status).toBe(201);
            return response.body.petitionId as string;
          }
        }),
      );
      petitionIds.push(...batch);
    }

    // A minute down, then the same server again on the same port.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, downSince + OUTAGE_MS - Date.now())));
    const breachKeys = async (): Promise<string[]> =>
      (
        (await service.dataSource.query(
          `SELECT key FROM notifications WHERE petition_id = ANY($1) AND data->>'rung' = 'breach' AND audience_unit_id = 'c-xfj'`,
          [petitionIds],
        )) as { key: string }[]
      ).map((r) => r.key);
    const metOutage = (
      (await service.dataSource.query(
        `SELECT count(*)::int AS n FROM notification_deliveries
          WHERE notification_key = ANY($1) AND channel = 'email' AND state = 'retrying' AND attempts >= 1`,
        [await breachKeys()],
      )) as { n: number }[]
    )[0].n;
    expect(metOutage).toBeGreaterThan(0); // the outage was felt: those deliveries wait to be retried
    inbox = await startSmtpInbox(port, kept);

    // Every case breaches at once, but on a loaded machine the last projections may still be coming:
    // the test waits for all 200 notifications (mails of the late ones go out at once, SMTP being up).
    const keys = await eventually(
      `all ${BREACHES} breach notifications`,
      async () => {
        const found = await breachKeys();
        return found.length >= BREACHES && found;
      },
      300_000,
      1_000,
    );
    expect(keys).toHaveLength(BREACHES);
    const toOffice = await inbox.waitFor(OFFICE_MAIL, BREACHES, 300_000);
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // a repeat, were there one, would arrive by now
    const ids = inbox.mails
      .filter((_, i) => inbox.envelopes[i].includes(OFFICE_MAIL))
      .map((mail) => mail.messageId ?? '');
    expect(toOffice.length).toBe(BREACHES);
    expect(new Set(ids).size).toBe(ids.length); // none twice
    expect(new Set(ids)).toEqual(new Set(keys.map((key) => messageIdOf(deliveryMessageKey(key, 'email')))));
    const states = (await service.dataSource.query(
      `SELECT state, count(*)::int AS n FROM notification_deliveries
        WHERE notification_key = ANY($1) AND channel = 'email' GROUP BY state`,
      [keys],
    )) as { state: string; n: number }[];
    expect(states).toEqual([{ state: 'sent', n: BREACHES }]);
  }, 900_000);
});
