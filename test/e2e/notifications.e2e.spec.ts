/**
 * Issue 19 end to end: an escalation reaches people, once. A county case received 40 days ago is
 * past its routing clock at registration: its breach (超期督办) goes to the supervising office one
 * level up (the city's 信访局), in the console's notification centre and by mail through a real SMTP
 * server in this process; its 挂牌督办 (breach + 15 days) to the level above. The accused unit of an
 * accusation hears nothing of it.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { messageIdOf } from '../../libs/notify/channels/email';
import { deliveryMessageKey } from '../../libs/notify/dispatcher';
import { chineseDate } from '../../libs/notify/messages';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';
import { mailSettingsFor, startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const DAY = 86_400_000;
const X_REGISTRAR = staffBearer('x-registrar');
const X_HANDLER = staffBearer('x-handler');
const C_SUPERVISOR = staffBearer('c-supervisor');
const OFFICE_MAIL = `c-xfj-${randomUUID().slice(0, 8)}@example.test`;

interface NotificationView {
  id: string;
  key: string;
  kind: string;
  urgent: boolean;
  title: string;
  lines: string[];
  link?: string;
  petitionId: string | null;
  caseNumber: string | null;
  at: string;
  readAt: string | null;
}

describe('notifications: an escalation reaches the supervising office once, in the console and by mail', () => {
  let inbox: SmtpInbox;
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
      return {
        ...config,
        smtp: mailSettingsFor(inbox),
      };
    },
  });
  let http: ReturnType<typeof request>;
  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    await service.dataSource.query(
      `INSERT INTO notification_addresses (owner_kind, owner_id, channel, address) VALUES ('unit', 'c-xfj', 'email', $1)
       ON CONFLICT (owner_kind, owner_id, channel) DO UPDATE SET address = EXCLUDED.address`,
      [OFFICE_MAIL],
    );
  });

  const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

  async function register(body: Record<string, unknown>): Promise<string> {
    const response = await http
      .post('/petitions')
      .set('Authorization', X_REGISTRAR)
      .set('Idempotency-Key', `notify-e2e-${randomUUID()}`)
      .send({ category: 'appeal', channel: 'letter', petitionerName: '李某', summary: '小区供暖不达标', ...body });
    if (response.status !== 201) throw new Error(`register: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.petitionId;
  }

  async function waitFor<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    let last: T | undefined;
    for (let i = 0; i < 200; i++) {
      last = await probe();
      if (done(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
  }

  const outbox = (petitionId: string) =>
    service.dataSource.query(
      `SELECT key, kind, event_seq, audience_unit_id, audience_roles, audience_user_id, urgent, data
         FROM notifications WHERE petition_id = $1 ORDER BY key`,
      [petitionId],
    ) as Promise<
      {
        key: string;
        kind: string;
        event_seq: number;
        audience_unit_id: string | null;
        audience_roles: string[];
        urgent: boolean;
        data: { rung?: string; caseNumber?: string; lastDay?: string; feedbackLastDay?: string };
      }[]
    >;

  async function mine(token: string): Promise<{ unread: number; items: NotificationView[] }> {
    const response = await http.get('/me/notifications?limit=200').set('Authorization', token);
    expect(response.status).toBe(200);
    return response.body;
  }

  let caseId = '';
  let caseNumber = '';

  it('a routing breach at registration notifies the city petition office (超期督办) and the level above (挂牌督办), each once', async () => {
    caseId = await register({ receivedAt: daysAgo(40) });
    const rows = await waitFor(
      'the outbox',
      () => outbox(caseId),
      (r) => r.length >= 4,
    );
    // what the workflow fired, as projected: one notification per rung and recipient, no more
    const escalations: { rung: string; recipients: { kind: string; unitId?: string; userId?: string }[] }[] =
      await service.dataSource.query(`SELECT rung, recipients FROM escalations WHERE petition_id = $1 ORDER BY rung`, [
        caseId,
      ]);
    // caught up at registration: both warnings (to the office that lapsed), the breach and the 挂牌
    expect(escalations.map((e) => e.rung).sort()).toEqual(['breach', 'listedSupervision', 'warning70', 'warning90']);
    const expected = escalations.flatMap((e) => e.recipients.map((r) => `${e.rung}→${r.unitId ?? r.userId}`)).sort();
    expect(rows.map((r) => `${r.data.rung}→${r.audience_unit_id}`).sort()).toEqual(expected);
    expect(expected).toEqual(['breach→c-xfj', 'listedSupervision→p-xfj', 'warning70→x-xfj', 'warning90→x-xfj']);
    expect(rows.find((r) => r.data.rung === 'warning70')).toMatchObject({
      urgent: false,
      audience_roles: ['unitHead', 'handler', 'registrar'],
    });
    const breach = rows.find((r) => r.data.rung === 'breach')!;
    expect(breach).toMatchObject({ kind: 'escalation', urgent: true, audience_roles: ['supervisor'] });
    expect(breach.key).toBe(`${caseId}:${breach.event_seq}:unit:c-xfj`);
    caseNumber = breach.data.caseNumber!;
    expect(caseNumber).toMatch(/^示县信〔\d{4}〕第\d{5}号$/);
  });

  it("the city supervisor's bell counts it; the list shows the case number and the due date in Chinese; marking it read counts down", async () => {
    const before = await mine(C_SUPERVISOR);
    const item = before.items.find((n) => n.petitionId === caseId && n.kind === 'escalation')!;
    expect(item).toBeDefined();
    expect(item.readAt).toBeNull();
    expect(item.title).toBe(`超期督办：${caseNumber}（转送交办期限）`);
    expect(item.lines[0]).toContain(caseNumber);
    expect(item.lines).toContain(`信访件编号：${caseNumber}`);
    expect(item.lines.find((l) => l.startsWith('期限：'))).toMatch(/^期限：\d{4}年\d{1,2}月\d{1,2}日24时（北京时间）$/);
    expect(item.lines.find((l) => l.startsWith('书面反馈期限：'))).toMatch(
      /^书面反馈期限：\d{4}年\d{1,2}月\d{1,2}日24时/,
    );
    expect(item.at).toMatch(/\+08:00$/);
    expect(JSON.stringify(item)).not.toMatch(/李某|供暖/);

    const count = await http.get('/me/notifications/unread-count').set('Authorization', C_SUPERVISOR);
    expect(count.body).toEqual({ unread: before.unread });
    // someone else's notification is not there for them
    await http.post(`/me/notifications/${item.id}/read`).set('Authorization', X_HANDLER).expect(404);
    const read = await http.post(`/me/notifications/${item.id}/read`).set('Authorization', C_SUPERVISOR).expect(200);
    expect(read.body).toEqual({ unread: before.unread - 1 });
    // again: no change
    await http
      .post(`/me/notifications/${item.id}/read`)
      .set('Authorization', C_SUPERVISOR)
      .expect(200, { unread: before.unread - 1 });
    const after = await mine(C_SUPERVISOR);
    expect(after.items.find((n) => n.id === item.id)!.readAt).toMatch(/\+08:00$/);
    expect((await mine(X_HANDLER)).items.some((n) => n.petitionId === caseId)).toBe(false);
  });

  it("the 督办 reaches the office's mailbox once, with the case number, the due date and the notification's key as Message-ID", async () => {
    const mails = (await inbox.waitFor(OFFICE_MAIL)).filter((m) => m.subject?.includes(caseNumber));
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    const [breach] = (await outbox(caseId)).filter((r) => r.data.rung === 'breach');
    expect(mail.subject).toBe(`【紧急】超期督办：${caseNumber}（转送交办期限）`);
    expect(mail.messageId).toBe(messageIdOf(deliveryMessageKey(breach.key, 'email')));
    expect(mail.headers.get('x-notification-key')).toBe(deliveryMessageKey(breach.key, 'email'));
    expect(mail.text).toContain(`信访件编号：${caseNumber}`);
    expect(mail.text).toContain(`期限：${chineseDate(breach.data.lastDay!)}24时（北京时间）`);
    expect(mail.text).toContain(`书面反馈期限：${chineseDate(breach.data.feedbackLastDay!)}24时`);
    expect(mail.text).toContain(`办理入口：https://xf.example.test/console/cases/${caseId}`);
    expect(mail.text).not.toMatch(/李某|供暖/);
    const deliveries = await waitFor(
      'the delivery recorded',
      () =>
        service.dataSource.query(
          `SELECT channel, state, attempts FROM notification_deliveries WHERE notification_key = $1`,
          [breach.key],
        ) as Promise<{ channel: string; state: string; attempts: number }[]>,
      (rows) => rows[0]?.state === 'sent',
    );
    expect(deliveries).toEqual([{ channel: 'email', state: 'sent', attempts: 1 }]);
    // 挂牌督办 goes to the level above, which has no mailbox here: nothing queued for it
    const listed = (await outbox(caseId)).find((r) => r.data.rung === 'listedSupervision')!;
    expect(
      await service.dataSource.query(`SELECT 1 FROM notification_deliveries WHERE notification_key = $1`, [listed.key]),
    ).toEqual([]);
    const metrics = await http.get('/metrics').expect(200);
    expect(metrics.text).toMatch(/petitions_notification_deliveries_total\{channel="email",outcome="sent"\} [1-9]/);
  });

  it('an accusation naming the supervising office as accused: that office hears nothing of it, the level above does', async () => {
    const accusation = await register({
      category: 'accusation',
      receivedAt: daysAgo(40),
      accusedUnitId: 'c-xfj',
      summary: '检举市信访局压案不报',
    });
    const escalations: { rung: string; recipients: { unitId?: string }[] }[] = await waitFor(
      'escalations',
      () => service.dataSource.query(`SELECT rung, recipients FROM escalations WHERE petition_id = $1`, [accusation]),
      (r: unknown[]) => r.length >= 2,
    );
    // the workflow addressed the breach to the accused office; the outbox keeps it from that office
    expect(escalations.find((e) => e.rung === 'breach')!.recipients).toEqual([
      { kind: 'supervisingOffice', unitId: 'c-xfj' },
    ]);
    const rows = await waitFor(
      'the outbox',
      () => outbox(accusation),
      (r) => r.some((n) => n.data.rung === 'listedSupervision'),
    );
    expect(rows.map((r) => r.audience_unit_id)).not.toContain('c-xfj');
    expect((await mine(C_SUPERVISOR)).items.some((n) => n.petitionId === accusation)).toBe(false);
    await new Promise((r) => setTimeout(r, 1500));
    expect(inbox.mails.some((m) => m.text?.includes(rows[0].data.caseNumber!))).toBe(false);
  });
});
