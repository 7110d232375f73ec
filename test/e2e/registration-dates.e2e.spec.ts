/**
 * A date cannot corrupt the record: receipt dates before the regulation's time limits applied
 * (2005-05-01) or that are no calendar date are refused; a petition received more than a year ago
 * (RECEIVED_AT_MAX_AGE_DAYS) is registered only with a reason, which the case and the
 * accountability ledger keep as late registration.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

const REGISTRAR = staffBearer('x-registrar');
const DAY = 86_400_000;

describe('receipt dates at registration', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });
  const body = (receivedAt: string, extra: Record<string, unknown> = {}) => ({
    category: 'appeal',
    channel: 'letter',
    receivedAt,
    petitionerName: '赵某',
    summary: '历史遗留问题',
    ...extra,
  });
  const intakes = async () =>
    (await service.dataSource.query(`SELECT count(*)::int AS n FROM petition_intakes`))[0].n as number;
  const register = (payload: object) =>
    http
      .post('/petitions')
      .set('Authorization', REGISTRAR)
      .set('Idempotency-Key', `dates-${randomUUID()}`)
      .send(payload);

  it('refuses a receipt before 2005-05-01 or on no calendar day, naming receivedAt, and registers nothing', async () => {
    const before = await intakes();
    const ancient = await register(body('1900-01-01T09:00:00+08:00')).expect(400);
    expect(ancient.body).toMatchObject({ code: 'validation', field: 'receivedAt' });
    expect(ancient.body.detail).toMatch(/before 2005-05-01/);
    await register(body('2005-04-30T23:59:59+08:00')).expect(400);
    const impossible = await register(body('2025-02-30T10:00:00+08:00')).expect(400);
    expect(JSON.stringify(impossible.body)).toMatch(/receivedAt/);
    expect(await intakes()).toBe(before);
  });

  it('a petition received more than 365 days ago needs lateRegistrationReason; given, it is on the case and in the ledger', async () => {
    const receivedAt = new Date(Date.now() - 400 * DAY).toISOString();
    const before = await intakes();
    const refused = await register(body(receivedAt)).expect(400);
    expect(refused.body).toMatchObject({ code: 'validation', field: 'lateRegistrationReason' });
    expect(refused.body.detail).toMatch(/receivedAt is 400 days ago, more than 365/);
    expect(await intakes()).toBe(before);

    const reason = '信件在原址积压，搬迁后清点发现';
    const created = await register(body(receivedAt, { lateRegistrationReason: reason })).expect(201);
    const petitionId = created.body.petitionId;
    let ledger: { rule: string; detail: { reason?: string } }[] = [];
    for (let i = 0; i < 100 && ledger.length === 0; i++) {
      ledger = await service.dataSource.query(
        `SELECT rule, detail FROM accountability_records WHERE petition_id = $1 AND rule = 'lateRegistration'`,
        [petitionId],
      );
      if (ledger.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(ledger).toEqual([{ rule: 'lateRegistration', detail: expect.objectContaining({ reason }) }]);
    const timeline = (await http.get(`/petitions/${petitionId}/timeline`).set('Authorization', REGISTRAR).expect(200))
      .body as { type: string; data: Record<string, unknown> }[];
    expect(timeline.find((e) => e.type === 'registered')?.data).toMatchObject({
      lateRegistration: true,
      lateRegistrationReason: reason,
    });
  });

  it('a recent receipt needs no reason', async () => {
    await register(body(new Date(Date.now() - 30 * DAY).toISOString())).expect(201);
  });

  it("an action's instant before 2005-05-01 is refused too, naming the argument", async () => {
    const created = await register(body(new Date(Date.now() - DAY).toISOString())).expect(201);
    const refused = await http
      .post(`/petitions/${created.body.petitionId}/actions/correctRegistration`)
      .set('Authorization', REGISTRAR)
      .send({
        requestId: `c-${randomUUID()}`,
        args: { field: 'receivedAt', value: '1999-09-09T09:00:00+08:00', reason: '笔误' },
      })
      .expect(400);
    expect(refused.body).toMatchObject({ code: 'validation', field: 'args.value' });
  });
});
