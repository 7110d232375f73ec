/**
 * 阳光信访: the petitioner follows the case with the 查询码 alone, rates the reply once, and asks for
 * review within the window; internal notes and staff names stay out of view.
 */
import { staffBearer } from '../support/auth';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { signOffOverHttp } from '../support/sign-off';
import { useRunningService } from '../support/harness';
import { SHANGHAI_INSTANT, calendarDaysBetween, shanghaiDateOfWire } from '../support/wire';

describe('the petitioner with a query code (查询码)', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  const staff = staffBearer;
  async function act(id: string, user: string, action: string, args: Record<string, unknown>) {
    return http
      .post(`/petitions/${id}/actions/${action}`)
      .set('Authorization', staff(user))
      .send({ requestId: randomUUID(), args });
  }

  async function repliedAndDelivered(): Promise<{ id: string; code: string }> {
    const created = await http
      .post('/petitions')
      .set('Authorization', staff('x-registrar'))
      .set('Idempotency-Key', randomUUID())
      .send({
        category: 'appeal',
        channel: 'online',
        receivedAt: new Date().toISOString(),
        petitionerName: '李某',
        summary: '供暖不达标',
      })
      .expect(201);
    const id = created.body.petitionId as string;
    expect((await act(id, 'x-registrar', 'route', { unitId: 'x-zjj' })).status).toBe(200);
    expect((await act(id, 'x-handler', 'accept', {})).status).toBe(200);
    const replied = await signOffOverHttp(
      http,
      id,
      await act(id, 'x-head', 'issueReply', {
        outcome: 'explained',
        facts: '供暖温度经检测为16℃',
        reasons: '已责成供热企业整改',
        legalBasis: '《城市供热管理条例》',
      }),
    );
    expect(replied.status).toBe(200);
    const documentId = replied.body.awaitingDelivery.documentId;
    const noOffset = await act(id, 'x-handler', 'recordDelivery', {
      method: 'direct',
      signedBy: 'petitioner',
      deliveredAt: new Date().toISOString().slice(0, 19),
      documentId,
    });
    expect(noOffset.status).toBe(400);
    expect(noOffset.body.detail).toContain('args.deliveredAt must be an ISO-8601 instant with an explicit offset');
    const delivered = await act(id, 'x-handler', 'recordDelivery', {
      method: 'direct',
      signedBy: 'petitioner',
      deliveredAt: new Date().toISOString(),
      documentId,
    });
    expect(delivered.body.step).toBe('reviewWindow');
    expect(delivered.body.milestones.at(-1)).toEqual({
      type: 'replyDelivered',
      at: expect.stringMatching(SHANGHAI_INSTANT),
    });
    return { id, code: created.body.queryCode };
  }

  it('sees milestones and the current deadline with the code, and nothing without it', async () => {
    const { id, code } = await repliedAndDelivered();
    const shown = await http.get(`/public/petitions/${id}`).set('X-Query-Code', code).expect(200);
    expect(shown.body.milestones.map((m: { type: string }) => m.type)).toEqual([
      'registered',
      'transferred',
      'accepted',
      'replied',
      'replyDelivered',
    ]);
    expect(shown.body.currentDeadline).toMatchObject({ clockId: 'reviewRequestWindow', suspended: false });
    for (const m of shown.body.milestones) expect(m.at).toMatch(SHANGHAI_INSTANT);
    // 30 days to ask for review, from the delivery today: the last day is 30 (or, rolled past a rest day, more) days away
    const { dueAt, lastDay, remainingDays } = shown.body.currentDeadline;
    expect(dueAt).toMatch(/T00:00:00\+08:00$/);
    expect(calendarDaysBetween(lastDay, shanghaiDateOfWire(dueAt))).toBe(1);
    expect(remainingDays).toBe(calendarDaysBetween(shanghaiDateOfWire(shown.body.milestones.at(-1).at), lastDay));
    expect(remainingDays).toBeGreaterThanOrEqual(30);
    expect(shown.body).toMatchObject({ step: 'reviewWindow', canRequestReview: true, canRate: true });
    expect(JSON.stringify(shown.body)).not.toMatch(/x-handler|x-head|actor|userId/);

    const wrong = await http.get(`/public/petitions/${id}`).set('X-Query-Code', 'AAAA-AAAA-AAAA').expect(404);
    const missing = await http.get(`/public/petitions/${randomUUID()}`).set('X-Query-Code', code).expect(404);
    expect(wrong.body.detail.replace(id, '<id>')).toBe(missing.body.detail.replace(/petition \S+ /, 'petition <id> '));
    await http.get(`/public/petitions/${id}`).expect(404);
  });

  it('rates the reply once; 不满意 opens a follow-up check at once', async () => {
    const { id, code } = await repliedAndDelivered();
    const rated = await http
      .post(`/public/petitions/${id}/rating`)
      .set('X-Query-Code', code)
      .send({ requestId: 'rate-1', rating: 'dissatisfied' })
      .expect(200);
    expect(rated.body.canRate).toBe(false);
    const again = await http
      .post(`/public/petitions/${id}/rating`)
      .set('X-Query-Code', code)
      .send({ requestId: 'rate-2', rating: 'satisfied' })
      .expect(400);
    expect(again.body.detail).toContain('already rated');
    await http
      .post(`/public/petitions/${id}/rating`)
      .set('X-Query-Code', code)
      .send({ requestId: 'rate-3', rating: 'great' })
      .expect(400);
    const staffView = await http.get(`/petitions/${id}`).set('Authorization', staff('x-handler')).expect(200);
    expect(staffView.body.live.followUps).toEqual([
      expect.objectContaining({ reason: 'dissatisfied', status: 'open' }),
    ]);
  });

  it('asks for review within the window; the case moves to the level above', async () => {
    const { id, code } = await repliedAndDelivered();
    const requested = await http
      .post(`/public/petitions/${id}/review-request`)
      .set('X-Query-Code', code)
      .send({ requestId: 'review-1' })
      .expect(200);
    expect(requested.body).toMatchObject({
      step: 'review',
      currentDeadline: { clockId: 'review' },
      canRequestReview: false,
    });
    const retried = await http
      .post(`/public/petitions/${id}/review-request`)
      .set('X-Query-Code', code)
      .send({ requestId: 'review-1' })
      .expect(200);
    expect(retried.body.step).toBe('review');
    const reviewer = await http.get(`/petitions/${id}`).set('Authorization', staff('c-handler')).expect(200);
    expect(reviewer.body.live.reviewUnitId).toBe('c-zjj');
  });
});
