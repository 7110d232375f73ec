/**
 * Issue 19's last two parts end to end, over HTTP, with a real SMTP server in this process:
 *  - the warning digest (预警汇总): a handler who chose it sees each 70 %/90 % warning in the bell at
 *    once but gets no mail for it; the morning's digest (driven here by calling it with that morning,
 *    from two "processes" at once) is one mail listing the warnings by case number with their last
 *    days in Chinese, keyed `digest:<user>:<date>`.
 *  - petitioners who opted in at registration (staff form) or online submission (public form) get a
 *    mail at each milestone naming only the case number, the milestone and the public page: no
 *    summary, no category, no name, no 查询码.
 *
 * The warnings are written by the projection's own writer (writeNotifications) from a batch shaped
 * as the workflow's: a warning addressed to a person by name (a 包案 leader or a named 承办人) only
 * fires days into a clock, which an end-to-end test cannot wait for.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { ProjectionBatch } from '../../libs/process/projection';
import { messageIdOf } from '../../libs/notify/channels/email';
import { deliveryMessageKey } from '../../libs/notify/dispatcher';
import { assembleWarningDigests, digestDue, digestKey } from '../../libs/notify/digest';
import { writeNotifications } from '../../libs/persistence/notification-outbox';
import { NotificationDigestService } from '../../apps/api/src/notifications/notification-digest.service';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { solvedAltcha } from '../support/altcha-solver';
import { mailSettingsFor, startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const DAY = 86_400_000;
const X_REGISTRAR = staffBearer('x-registrar');
const X_HANDLER = staffBearer('x-handler');
const tag = randomUUID().slice(0, 8);
const HANDLER_MAIL = `x-handler-${tag}@example.test`;
const HEAD_MAIL = `x-head-${tag}@example.test`;

describe('notifications: the warning digest and the petitioner milestones', () => {
  let inbox: SmtpInbox;
  afterAll(async () => {
    await service.dataSource?.query(`DELETE FROM notification_addresses WHERE address = ANY($1)`, [
      [HANDLER_MAIL, HEAD_MAIL],
    ]);
    await service.dataSource?.query(`DELETE FROM notification_digest_settings WHERE user_id = 'x-handler'`);
    await inbox?.close();
  });
  const service = useRunningService({
    configure: async (config) => {
      inbox = await startSmtpInbox();
      return {
        ...config,
        http: { ...config.http, trustProxy: '1' },
        online: { ...config.online, altcha: { ...config.online.altcha, cost: 1, maxCounter: 20 } },
        smtp: mailSettingsFor(inbox),
      };
    },
  });
  let http: ReturnType<typeof request>;
  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    for (const [user, address] of [
      ['x-handler', HANDLER_MAIL],
      ['x-head', HEAD_MAIL],
    ])
      await service.dataSource.query(
        `INSERT INTO notification_addresses (owner_kind, owner_id, channel, address) VALUES ('user', $1, 'email', $2)
         ON CONFLICT (owner_kind, owner_id, channel) DO UPDATE SET address = EXCLUDED.address`,
        [user, address],
      );
  });

  async function register(body: Record<string, unknown> = {}) {
    const response = await http
      .post('/petitions')
      .set('Authorization', X_REGISTRAR)
      .set('Idempotency-Key', `digest-e2e-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        petitionerName: '王某',
        summary: '小区电梯长期停运',
        ...body,
      });
    if (response.status !== 201) throw new Error(`register: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as { petitionId: string; caseNumber: string; queryCode: string };
  }

  async function waitFor<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    let last: T | undefined;
    for (let i = 0; i < 300; i++) {
      last = await probe();
      if (done(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
  }

  /** A warning of the case's routing clock to one person by name, as the projection writes it. */
  async function warn(
    petitionId: string,
    caseNumber: string,
    seq: number,
    rung: string,
    userId: string,
    lastDay: string,
  ) {
    const clockKey = `routing:${seq}`;
    const batch = {
      petitionId,
      workflowId: `petition-${petitionId}`,
      revision: seq,
      view: {
        caseNumber,
        urgent: false,
        clocks: [{ key: clockKey, id: 'routing', unitId: 'x-xfj', status: 'running', lastDay }],
        supervisionTasks: [],
        handlers: [],
      },
      events: [
        { seq, type: 'escalationRungFired', at: Date.now(), actor: null, requestId: null, clockKey, data: { rung } },
      ],
      ledger: [],
      escalations: [
        {
          key: `${clockKey}:${rung}`,
          clockKey,
          clockId: 'routing',
          rung,
          at: Date.now(),
          dueAt: Date.now() + DAY,
          unitId: 'x-xfj',
          recipients: [{ kind: 'caseLeader', userId }],
        },
      ],
    } as unknown as ProjectionBatch;
    await service.dataSource.transaction((tx) => writeNotifications(tx, batch));
    return `${petitionId}:${seq}:user:${userId}`;
  }

  describe('the warning digest (预警汇总)', () => {
    it('is a preference of each user: off by default, on with PUT, unknown fields refused', async () => {
      const before = await http.get('/me/notifications/preferences/digest').set('Authorization', X_HANDLER).expect(200);
      expect(before.body).toEqual({ warnings: false, at: '08:00' });
      await http
        .put('/me/notifications/preferences/digest')
        .set('Authorization', X_HANDLER)
        .send({ warnings: true, hour: 7 })
        .expect(400);
      await http
        .put('/me/notifications/preferences/digest')
        .set('Authorization', X_HANDLER)
        .send({ warnings: 'yes' })
        .expect(400);
      const set = await http
        .put('/me/notifications/preferences/digest')
        .set('Authorization', X_HANDLER)
        .send({ warnings: true })
        .expect(200);
      expect(set.body).toEqual({ warnings: true, at: '08:00' });
      // another user's choice is their own
      const head = await http
        .get('/me/notifications/preferences/digest')
        .set('Authorization', staffBearer('x-head'))
        .expect(200);
      expect(head.body.warnings).toBe(false);
    });

    it('warnings reach the bell at once, the mailbox only in the morning: one mail listing them, once, from two processes', async () => {
      const a = await register();
      const b = await register();
      const keys = [
        await warn(a.petitionId, a.caseNumber, 9001, 'warning70', 'x-handler', '2026-12-20'),
        await warn(b.petitionId, b.caseNumber, 9001, 'warning90', 'x-handler', '2026-12-18'),
      ];
      // the control: x-head did not choose the digest and is mailed at once
      const headKey = await warn(a.petitionId, a.caseNumber, 9002, 'warning70', 'x-head', '2026-12-20');

      const bell = await http.get('/me/notifications?limit=200').set('Authorization', X_HANDLER).expect(200);
      const mine = bell.body.items.filter((n: { key: string }) => keys.includes(n.key));
      expect(mine.map((n: { title: string }) => n.title).sort()).toEqual(
        [`预警（70%）：${a.caseNumber}（转送交办期限）`, `预警（90%）：${b.caseNumber}（转送交办期限）`].sort(),
      );
      expect(
        await service.dataSource.query(
          `SELECT notification_key, channel FROM notification_deliveries WHERE notification_key = ANY($1)`,
          [keys],
        ),
      ).toEqual([]);
      const headMails = await inbox.waitFor(HEAD_MAIL);
      expect(headMails.map((m) => m.messageId)).toEqual([messageIdOf(deliveryMessageKey(headKey, 'email'))]);
      expect(inbox.mails.filter((_, i) => inbox.envelopes[i].includes(HANDLER_MAIL))).toHaveLength(0);

      // the morning after: 07:59 is not yet; at 08:00 the API's digest and a second process's race
      const now = Date.now();
      const today = digestDue(now, '00:00')!.date;
      const morning = digestDue(now + DAY, '00:00')!.cutoff + 8 * 3_600_000;
      const date = digestDue(morning)!.date;
      expect(date > today).toBe(true);
      const digests = service.app.get(NotificationDigestService);
      expect(await digests.runAt(morning - 60_000)).toEqual([]);
      const made = (
        await Promise.all([
          digests.runAt(morning),
          assembleWarningDigests(service.dataSource, morning),
          digests.runAt(morning + 60_000),
        ])
      ).flat();
      const key = digestKey('x-handler', date);
      expect(made).toEqual([key]);

      const mails = await inbox.waitFor(HANDLER_MAIL);
      expect(mails).toHaveLength(1);
      const [mail] = mails;
      const [, m, d] = date.split('-').map(Number);
      expect(mail.subject).toBe(`预警汇总：${date.slice(0, 4)}年${m}月${d}日（2件）`);
      expect(mail.messageId).toBe(messageIdOf(deliveryMessageKey(key, 'email')));
      expect(mail.text).toContain(`${b.caseNumber}：转送交办期限预警（90%），期限2026年12月18日24时（北京时间）`);
      expect(mail.text).toContain(`${a.caseNumber}：转送交办期限预警（70%），期限2026年12月20日24时（北京时间）`);
      // the earlier last day first
      expect(mail.text!.indexOf(b.caseNumber)).toBeLessThan(mail.text!.indexOf(a.caseNumber));
      expect(mail.text).not.toMatch(/王某|电梯/);

      // again, later that morning and the next: nothing new
      expect(await digests.runAt(morning + 3_600_000)).toEqual([]);
      expect(await assembleWarningDigests(service.dataSource, morning + DAY)).toEqual([]);
      await new Promise((r) => setTimeout(r, 1500));
      expect(inbox.mails.filter((_, i) => inbox.envelopes[i].includes(HANDLER_MAIL))).toHaveLength(1);
      // the digest is not a second notification in the bell
      const after = await http.get('/me/notifications?limit=200').set('Authorization', X_HANDLER).expect(200);
      expect(after.body.items.some((n: { key: string }) => n.key === key)).toBe(false);
    });
  });

  describe('petitioners hear of each milestone when they opted in', () => {
    const act = (user: string, id: string, action: string, args: Record<string, unknown> = {}) =>
      http
        .post(`/petitions/${id}/actions/${action}`)
        .set('Authorization', staffBearer(user))
        .send({ requestId: randomUUID(), args })
        .expect(200);

    it('refuses an unknown field and an address that is not one', async () => {
      const base = {
        category: 'appeal',
        channel: 'letter',
        receivedAt: new Date().toISOString(),
        petitionerName: '王某',
        summary: '小区电梯长期停运',
      };
      for (const extra of [
        { milestoneMail: 'a@example.test' },
        { milestoneEmail: 'not an address' },
        { milestonePhone: '12345' },
      ])
        await http
          .post('/petitions')
          .set('Authorization', X_REGISTRAR)
          .set('Idempotency-Key', `digest-e2e-${randomUUID()}`)
          .send({ ...base, ...extra })
          .expect(400);
    });

    it('registered at the desk with an e-mail: 登记, 转送, 受理 each reach it once, naming only the case number, the milestone and the public page', async () => {
      const mailbox = `petitioner-${tag}@example.test`;
      const c = await register({ milestoneEmail: mailbox, milestonePhone: '13800138000' });
      const [intake] = await service.dataSource.query(
        `SELECT milestone_email, milestone_phone FROM petition_intakes WHERE petition_id = $1`,
        [c.petitionId],
      );
      expect(intake).toEqual({ milestone_email: mailbox, milestone_phone: '13800138000' });
      await act('x-registrar', c.petitionId, 'route', { unitId: 'x-zjj' });
      await act('x-handler', c.petitionId, 'accept');

      const mails = await inbox.waitFor(mailbox, 3);
      await new Promise((r) => setTimeout(r, 1500));
      const all = inbox.mails.filter((_, i) => inbox.envelopes[i].includes(mailbox));
      expect(all).toHaveLength(3);
      const rows: { key: string; event_seq: number; data: { milestone: string } }[] = await service.dataSource.query(
        `SELECT key, event_seq, data FROM notifications WHERE petition_id = $1 AND audience_petitioner ORDER BY event_seq`,
        [c.petitionId],
      );
      expect(rows.map((r) => r.data.milestone)).toEqual(['registered', 'routed', 'accepted']);
      expect(rows.map((r) => r.key)).toEqual(rows.map((r) => `${c.petitionId}:${r.event_seq}:petitioner`));
      expect(mails.map((m) => m.messageId).sort()).toEqual(
        rows.map((r) => messageIdOf(deliveryMessageKey(r.key, 'email'))).sort(),
      );
      const accepted = all.find((m) => m.messageId === messageIdOf(deliveryMessageKey(rows[2].key, 'email')))!;
      expect(accepted.subject).toBe(`信访事项进展：${c.caseNumber}`);
      expect(accepted.text).toContain(`您的信访事项（信访件编号 ${c.caseNumber}）已受理。`);
      expect(accepted.text).toContain('查询页面：https://xf.example.test/console/petitioner');
      for (const mail of all) {
        const text = `${mail.subject}\n${mail.text}`;
        expect(text).toContain(c.caseNumber);
        // never the 查询码 with the case; nothing of the matter, the category, the person or the units
        expect(text).not.toContain(c.queryCode);
        expect(text).not.toContain(c.queryCode.replace(/-/g, ''));
        expect(text).not.toMatch(/王某|电梯|申诉|求决|专业局|信访局|办理入口|\/console\/cases/);
      }
      // SMS is off by default here: its deliveries wait for a process with the channel, none is lost
      const sms = await service.dataSource.query(
        `SELECT d.state FROM notification_deliveries d JOIN notifications n ON n.key = d.notification_key
          WHERE n.petition_id = $1 AND d.channel = 'sms'`,
        [c.petitionId],
      );
      expect(sms).toEqual([{ state: 'pending' }, { state: 'pending' }, { state: 'pending' }]);
      // staff bells do not carry the petitioner's messages
      const bell = await http.get('/me/notifications?limit=200').set('Authorization', X_REGISTRAR).expect(200);
      expect(bell.body.items.some((n: { key: string }) => n.key.endsWith(':petitioner'))).toBe(false);
    });

    it('without the opt-in, nothing is written for the petitioner', async () => {
      const c = await register();
      await waitFor(
        'the registration projected',
        () => service.dataSource.query(`SELECT 1 FROM petition_events WHERE petition_id = $1`, [c.petitionId]),
        (r: unknown[]) => r.length > 0,
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(
        await service.dataSource.query(`SELECT key FROM notifications WHERE petition_id = $1 AND audience_petitioner`, [
          c.petitionId,
        ]),
      ).toEqual([]);
    });

    it('submitted online with an e-mail: kept with the submission, carried to the case, 登记 reaches it', async () => {
      const mailbox = `online-${tag}@example.test`;
      const challenge = (await http.get('/public/online-petitions/challenge').expect(200)).body;
      const submission = {
        officeUnitId: 'x-xfj',
        petitionerName: '网上李四',
        phone: '13900009999',
        address: '示县城关镇幸福路 2 号',
        category: 'appeal',
        request: '请求维修小区电梯',
        facts: '电梯停运三个月。',
        consent: true,
        milestoneEmail: mailbox,
        altcha: await solvedAltcha(challenge),
      };
      const refused = await http
        .post('/public/online-petitions')
        .set('X-Forwarded-For', '198.51.100.201')
        .set('Idempotency-Key', randomUUID())
        .field('submission', JSON.stringify({ ...submission, notifyMe: true }));
      expect(refused.status).toBe(400);
      const ack = await http
        .post('/public/online-petitions')
        .set('X-Forwarded-For', '198.51.100.202')
        .set('Idempotency-Key', randomUUID())
        .field(
          'submission',
          JSON.stringify({
            ...submission,
            altcha: await solvedAltcha((await http.get('/public/online-petitions/challenge').expect(200)).body),
          }),
        )
        .expect(201);
      const [{ id }] = await service.dataSource.query(
        `SELECT id FROM online_submissions WHERE submission_number = $1 AND milestone_email = $2`,
        [ack.body.submissionNumber, mailbox],
      );
      const detail = await http.get(`/online-intake/${id}`).set('Authorization', X_REGISTRAR).expect(200);
      expect(detail.body).toMatchObject({ milestoneEmail: mailbox, milestonePhone: null });
      const registered = await http
        .post(`/online-intake/${id}/register`)
        .set('Authorization', X_REGISTRAR)
        .send({ category: 'appeal', petitionerName: '网上李四', summary: '请求维修小区电梯' })
        .expect(200);
      const [mail] = await inbox.waitFor(mailbox);
      expect(mail.subject).toBe(`信访事项进展：${registered.body.caseNumber}`);
      expect(mail.text).toContain('已登记');
      expect(mail.text).not.toContain(ack.body.queryCode);
      expect(mail.text).not.toMatch(/李四|电梯/);
    });
  });
});
