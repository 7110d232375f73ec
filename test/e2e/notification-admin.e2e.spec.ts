/**
 * Issue 19 over HTTP: an admin sets an office's notification addresses and quiet hours, and sees
 * the delivery state of the region. In a county of its own (created here, counted by no other
 * test): a mail to the office reaches the new address on the real SMTP server in this process, a
 * robot that cannot be reached shows as retrying in the operators' view (without its key, without
 * addresses), quiet hours hold a non-urgent notification back; every change is in the change log,
 * every refusal writes nothing, another county's admin is refused (403).
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { messageIdOf } from '../../libs/notify/channels/email';
import type { NotificationDraft } from '../../libs/notify/derive';
import { deliveryMessageKey } from '../../libs/notify/dispatcher';
import { writeNotificationDrafts } from '../../libs/persistence/notification-outbox';
import { renderMessage } from '../../libs/process/messages/zh-CN';
import { createTestUser } from '../support/accounts';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { mailSettingsFor, startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const PROVINCE_ADMIN = staffBearer('admin');
const t = randomUUID().slice(0, 6);
const UNIT = `y${t}-xfj`;
const MAILBOX = `${UNIT}@example.test`;
/** Port 1 refuses: the robot's deliveries retry. Its key must never be shown. */
const ROBOT = `https://127.0.0.1:1/cgi-bin/webhook/send?key=robot-secret-${t}`;
const CASE_NUMBER = `示访〔2026〕${t}号`;

describe('notification settings and delivery state over the admin API', () => {
  let inbox: SmtpInbox;
  afterAll(async () => {
    await inbox?.close();
  });
  const service = useRunningService({
    configure: async (config) => {
      inbox = await startSmtpInbox();
      return {
        ...config,
        smtp: mailSettingsFor(inbox),
      };
    },
  });
  let http: ReturnType<typeof request>;
  let countyAdmin: string;
  let otherCountyAdmin: string;
  const keys: string[] = [];

  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    await http
      .post('/admin/units')
      .set('Authorization', PROVINCE_ADMIN)
      .send({
        id: UNIT,
        name: '示范乙县信访局',
        kind: 'petitionOffice',
        level: 'county',
        parentId: 'c-xfj',
        region: `y${t}`,
      })
      .expect(201);
    const signIn = async (account: { id: string; password: string }) =>
      `Bearer ${(await http.post('/auth/login').send({ userId: account.id, password: account.password }).expect(200)).body.accessToken}`;
    countyAdmin = await signIn(await createTestUser(service.dataSource, 'admin', UNIT));
    otherCountyAdmin = await signIn(await createTestUser(service.dataSource, 'admin', 'x-xfj'));
  }, 60_000);

  afterAll(async () => {
    const db = service.dataSource;
    if (!db?.isInitialized) return;
    await db.query(`DELETE FROM notification_deliveries WHERE notification_key = ANY($1)`, [keys]);
    await db.query(`DELETE FROM notification_reads WHERE notification_key = ANY($1)`, [keys]);
    await db.query(`DELETE FROM notifications WHERE key = ANY($1)`, [keys]);
    await db.query(`DELETE FROM notification_addresses WHERE owner_kind = 'unit' AND owner_id = $1`, [UNIT]);
    await db.query(`DELETE FROM notification_quiet_hours WHERE unit_id = $1`, [UNIT]);
  });

  const changesOf = async (unitId: string) =>
    (
      (await http.get('/admin/changes?limit=500').set('Authorization', PROVINCE_ADMIN).expect(200)).body as {
        action: string;
        targetId: string;
        actorUserId: string;
        before: Record<string, unknown> | null;
        after: Record<string, unknown> | null;
      }[]
    ).filter((c) => c.targetId === unitId);
  const addressRows = (unitId: string) =>
    service.dataSource.query(
      `SELECT channel, address FROM notification_addresses WHERE owner_kind = 'unit' AND owner_id = $1 ORDER BY channel`,
      [unitId],
    );
  const changeRows = async (unitId: string) =>
    (await service.dataSource.query(`SELECT count(*)::int AS n FROM admin_changes WHERE target_id = $1`, [unitId]))[0]
      .n as number;

  /** A notification to the office, written through the outbox as a projection writes it. */
  async function notifyOffice(seq: number): Promise<string> {
    const key = `notify-admin:${t}:${seq}:unit:${UNIT}`;
    keys.push(key);
    const draft: NotificationDraft = {
      key,
      petitionId: null,
      eventSeq: seq,
      kind: 'caseRouted',
      audience: { unitId: UNIT, roles: ['unitHead', 'handler', 'registrar'] },
      urgent: false,
      data: { caseNumber: CASE_NUMBER, how: 'routed', at: Date.now() },
    };
    await service.dataSource.transaction((tx) => writeNotificationDrafts(tx, [draft]));
    return key;
  }

  it('a new unit has no addresses and no quiet hours', async () => {
    const res = await http.get(`/admin/units/${UNIT}/notifications`).set('Authorization', countyAdmin).expect(200);
    expect(res.body).toEqual({ unitId: UNIT, addresses: [], quietHours: null });
  });

  it('the admin sets the addresses; a notification to the unit is mailed there; the change is logged without the robot key', async () => {
    const res = await http
      .put(`/admin/units/${UNIT}/notifications/addresses`)
      .set('Authorization', countyAdmin)
      .send({
        addresses: [
          { channel: 'sms', address: '+86 138 0013 8000' },
          { channel: 'wecom', address: ROBOT },
          { channel: 'email', address: MAILBOX },
        ],
      })
      .expect(200);
    expect(res.body).toEqual({
      unitId: UNIT,
      addresses: [
        { channel: 'email', address: MAILBOX },
        { channel: 'wecom', address: ROBOT },
        { channel: 'sms', address: '13800138000' },
      ],
      quietHours: null,
    });
    expect(
      (await http.get(`/admin/units/${UNIT}/notifications`).set('Authorization', countyAdmin).expect(200)).body,
    ).toEqual(res.body);

    const [change] = await changesOf(UNIT);
    expect(change).toMatchObject({
      action: 'unitNotificationAddressesSet',
      before: { email: null, wecom: null, dingtalk: null, webhook: null, sms: null },
      after: {
        email: MAILBOX,
        wecom: 'https://127.0.0.1:1/cgi-bin/webhook/send?…',
        sms: '13800138000',
        dingtalk: null,
      },
    });
    expect(JSON.stringify(change)).not.toContain('robot-secret');

    const key = await notifyOffice(1);
    const [mail] = await inbox.waitFor(MAILBOX, 1, 30_000);
    expect(mail.subject).toBeTruthy();
    expect(mail.text).toContain(CASE_NUMBER);
    expect(mail.messageId).toBe(messageIdOf(deliveryMessageKey(key, 'email')));
  });

  it("the operators' view counts the unreachable robot as retrying, in its region only, with no address or key", async () => {
    const key = keys[0];
    type View = {
      counts: { channel: string; state: string; count: number }[];
      problems: Record<string, unknown>[];
    };
    let view: View | undefined;
    for (let i = 0; i < 60; i++) {
      view = (await http.get('/admin/notifications/deliveries').set('Authorization', countyAdmin).expect(200)).body;
      if (view!.problems.some((p) => p.notificationKey === key && p.channel === 'wecom')) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const count = (channel: string, state: string) =>
      view!.counts.find((c) => c.channel === channel && c.state === state)?.count;
    // The county is this test's own: its counts are exact.
    expect(count('email', 'sent')).toBe(1);
    expect(count('wecom', 'retrying')).toBe(1);
    expect(count('sms', 'pending')).toBe(1);
    expect(count('dingtalk', 'failed')).toBe(0);
    expect(view!.counts).toHaveLength(20);
    const problem = view!.problems.find((p) => p.notificationKey === key && p.channel === 'wecom');
    expect(problem).toMatchObject({ state: 'retrying', kind: 'caseRouted', caseNumber: CASE_NUMBER });
    expect(problem!.attempts).toBeGreaterThanOrEqual(1);
    expect(problem!.lastError).toEqual(expect.any(String));
    expect(problem!.nextAttemptAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+08:00$/);
    const text = JSON.stringify(view);
    for (const secret of ['robot-secret', MAILBOX, '13800138000']) expect(text).not.toContain(secret);

    const other = (await http.get('/admin/notifications/deliveries').set('Authorization', otherCountyAdmin).expect(200))
      .body as View;
    expect(other.problems.some((p) => p.notificationKey === key)).toBe(false);
    const province = (
      await http.get('/admin/notifications/deliveries').set('Authorization', PROVINCE_ADMIN).expect(200)
    ).body as View;
    expect(province.counts.find((c) => c.channel === 'wecom' && c.state === 'retrying')!.count).toBeGreaterThanOrEqual(
      1,
    );
    await http.get('/admin/notifications/deliveries').set('Authorization', staffBearer('x-registrar')).expect(403);
  }, 60_000);

  it('bad input is refused with a stable code and Chinese, and writes nothing', async () => {
    const before = [await addressRows(UNIT), await changeRows(UNIT)];
    const put = (body: unknown) =>
      http
        .put(`/admin/units/${UNIT}/notifications/addresses`)
        .set('Authorization', countyAdmin)
        .send(body as object);
    const refusals: [unknown, string, string][] = [
      [{ addresses: [{ channel: 'email', address: 'not-a-mailbox' }] }, 'invalid', 'admin.notificationEmailInvalid'],
      [
        { addresses: [{ channel: 'wecom', address: 'http://robot.example.test/send?key=1' }] },
        'invalid',
        'admin.notificationUrlInvalid',
      ],
      [
        { addresses: [{ channel: 'webhook', address: 'gateway.example.test' }] },
        'invalid',
        'admin.notificationUrlInvalid',
      ],
      [{ addresses: [{ channel: 'sms', address: '12345678901' }] }, 'invalid', 'admin.notificationPhoneInvalid'],
      [
        {
          addresses: [
            { channel: 'email', address: 'a@example.test' },
            { channel: 'email', address: 'b@example.test' },
          ],
        },
        'invalid',
        'admin.notificationChannelRepeated',
      ],
      [{ addresses: [{ channel: 'fax', address: '010-1234' }] }, 'validation', 'validation.oneOf'],
      [
        { addresses: [{ channel: 'email', address: 'a@example.test', secret: 'x' }] },
        'validation',
        'validation.unknownField',
      ],
      [{ addresses: [], secret: 'SECabc' }, 'validation', 'validation.unknownField'],
      [{}, 'validation', 'validation.required'],
      [{ addresses: 'x@example.test' }, 'validation', 'validation.notList'],
    ];
    for (const [body, code, messageKey] of refusals) {
      const res = await put(body);
      expect({ body, status: res.status, code: res.body.code, messageKey: res.body.messageKey }).toEqual({
        body,
        status: 400,
        code,
        messageKey,
      });
      expect(res.body.message).toBe(renderMessage(res.body.messageKey, res.body.params));
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    const quiet = (body: unknown) =>
      http
        .put(`/admin/units/${UNIT}/notifications/quiet-hours`)
        .set('Authorization', countyAdmin)
        .send(body as object);
    for (const [body, messageKey] of [
      [{ startsAt: '24:00', endsAt: '07:00' }, 'validation.badFormat'],
      [{ startsAt: '22:00', endsAt: '22:00' }, 'admin.quietHoursEmpty'],
      [{ startsAt: '22:00' }, 'admin.quietHoursIncomplete'],
      [{ startsAt: '22:00', endsAt: '07:00', urgentToo: true }, 'validation.unknownField'],
    ] as const) {
      const res = await quiet(body).expect(400);
      expect(res.body.messageKey).toBe(messageKey);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect([await addressRows(UNIT), await changeRows(UNIT)]).toEqual(before);
    expect(
      (
        await service.dataSource.query(`SELECT count(*)::int AS n FROM notification_quiet_hours WHERE unit_id = $1`, [
          UNIT,
        ])
      )[0].n,
    ).toBe(0);
  });

  it("another region's unit is refused (403) and untouched; an unknown unit is 404", async () => {
    const before = [await addressRows('c-xfj'), await changeRows('c-xfj')];
    const outside = await http.get('/admin/units/c-xfj/notifications').set('Authorization', countyAdmin).expect(403);
    expect(outside.body.code).toBe('outsideRegion');
    await http
      .put('/admin/units/c-xfj/notifications/addresses')
      .set('Authorization', countyAdmin)
      .send({ addresses: [{ channel: 'email', address: 'takeover@example.test' }] })
      .expect(403);
    await http
      .put('/admin/units/c-xfj/notifications/quiet-hours')
      .set('Authorization', countyAdmin)
      .send({ startsAt: '00:00', endsAt: '23:59' })
      .expect(403);
    await http.get(`/admin/units/${UNIT}/notifications`).set('Authorization', otherCountyAdmin).expect(403);
    expect([await addressRows('c-xfj'), await changeRows('c-xfj')]).toEqual(before);
    const unknown = await http
      .put(`/admin/units/nowhere-${t}/notifications/quiet-hours`)
      .set('Authorization', PROVINCE_ADMIN)
      .send({ startsAt: '22:00', endsAt: '07:00' })
      .expect(404);
    expect(unknown.body).toMatchObject({ code: 'notFound', messageKey: 'admin.unitNotFound' });
  });

  it('quiet hours hold a non-urgent notification back until their end; clearing them is logged too', async () => {
    // A window around now, Beijing time (it may span midnight).
    const hhmm = (ms: number) =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: 'Asia/Shanghai',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }).format(new Date(ms));
    const window = { startsAt: hhmm(Date.now() - 3_600_000), endsAt: hhmm(Date.now() + 3_600_000) };
    const set = await http
      .put(`/admin/units/${UNIT}/notifications/quiet-hours`)
      .set('Authorization', countyAdmin)
      .send(window)
      .expect(200);
    expect(set.body.quietHours).toEqual(window);
    expect((await changesOf(UNIT))[0]).toMatchObject({
      action: 'unitQuietHoursSet',
      before: { startsAt: null, endsAt: null },
      after: window,
    });

    const key = await notifyOffice(2);
    // Several dispatcher rounds (one a second) pass; the mail waits for the window's end, unattempted.
    await new Promise((r) => setTimeout(r, 4_000));
    const [row] = await service.dataSource.query(
      `SELECT state, attempts, next_attempt_at > now() + interval '50 minutes' AS deferred
         FROM notification_deliveries WHERE notification_key = $1 AND channel = 'email'`,
      [key],
    );
    expect(row).toEqual({ state: 'pending', attempts: 0, deferred: true });
    expect(inbox.mails.filter((m) => m.messageId === messageIdOf(deliveryMessageKey(key, 'email')))).toHaveLength(0);

    const cleared = await http
      .put(`/admin/units/${UNIT}/notifications/quiet-hours`)
      .set('Authorization', countyAdmin)
      .send({ startsAt: null, endsAt: null })
      .expect(200);
    expect(cleared.body.quietHours).toBeNull();
    expect((await changesOf(UNIT))[0]).toMatchObject({
      action: 'unitQuietHoursSet',
      before: window,
      after: { startsAt: null, endsAt: null },
    });
  }, 60_000);
});
