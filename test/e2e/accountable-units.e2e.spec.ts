/**
 * Accountability that names the right unit and person (DOMAIN §4, §5), over HTTP through the
 * production API and worker: a receipt registered long after it came in at the county petition
 * office, its ledger rows (unit, person, rule) read back by value, its timeline with nothing dated
 * before the case existed; the county office's own lapse supervised by the city office, its feedback
 * owed by the county office and returned, then accepted, by the city; 分办 with a reason; and the
 * admin naming a unit's person in charge.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

const DAY = 86_400_000;
const X_REGISTRAR = staffBearer('x-registrar');
const X_SUPERVISOR = staffBearer('x-supervisor');
const X_XFJ_HEAD = staffBearer('x-xfj-head');
const X_HEAD = staffBearer('x-head');
const X_LEADER = staffBearer('x-leader');
const C_SUPERVISOR = staffBearer('c-supervisor');
const ADMIN = staffBearer('admin');

interface LedgerRow {
  rule: string;
  unitId: string;
  responsibleUserId: string | null;
  responsibleBy: string | null;
  occurredAt: string;
  detail: Record<string, unknown>;
}
interface TimelineRow {
  seq: number;
  type: string;
  at: string;
  refersTo: string | null;
  data: Record<string, unknown>;
}

describe('accountable units over HTTP', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  function expectStatus(response: request.Response, status: number): request.Response {
    if (response.status !== status)
      throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  }
  async function register(receivedDaysAgo: number): Promise<string> {
    const response = await http
      .post('/petitions')
      .set('Authorization', X_REGISTRAR)
      .set('Idempotency-Key', `accountable-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        petitionerName: '赵某',
        summary: '老旧小区改造资金使用不透明',
        receivedAt: new Date(Date.now() - receivedDaysAgo * DAY).toISOString(),
      });
    return expectStatus(response, 201).body.petitionId;
  }
  async function act(token: string, id: string, action: string, args: object, status = 200) {
    return expectStatus(
      await http
        .post(`/petitions/${id}/actions/${action}`)
        .set('Authorization', token)
        .send({ requestId: randomUUID(), args }),
      status,
    );
  }
  async function get(token: string, path: string, status = 200) {
    return expectStatus(await http.get(path).set('Authorization', token), status);
  }
  /** The case's ledger once the rules asked for are projected, oldest first. */
  async function ledgerOf(id: string, rules: number): Promise<LedgerRow[]> {
    for (let i = 0; i < 150; i++) {
      const records: LedgerRow[] = (await get(X_SUPERVISOR, `/petitions/${id}/accountability`)).body.records;
      if (records.length >= rules) return [...records].reverse();
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the ledger of ${id} did not reach ${rules} records`);
  }
  /** The actions the caller may take now (the one rule of libs/process/who-may-act.ts, as the API applies it). */
  const availableTo = async (token: string, id: string): Promise<string[]> =>
    ((await get(token, `/petitions/${id}/actions`)).body.actions as { action: string }[]).map((a) => a.action);

  it('a backdated receipt at the county office: each ledger row names the unit, the person and the rule; nothing is dated before registration', async () => {
    // Received 60 days ago: routing was due ~45 days ago; its breach, 挂牌 (+15) and 提级 (+30) are all past.
    const id = await register(60);
    const rows = await ledgerOf(id, 4);
    expect(rows.map((r) => [r.rule, r.unitId, r.responsibleUserId, r.responsibleBy])).toEqual([
      ['lateRegistration', 'x-xfj', 'x-registrar', 'actor'],
      ['routingOverdue', 'x-xfj', 'x-xfj-head', 'personInCharge'],
      ['listedForSupervision', 'x-xfj', 'x-xfj-head', 'personInCharge'],
      ['takeoverAvailable', 'x-xfj', 'x-xfj-head', 'personInCharge'],
    ]);
    const registeredAt = Date.parse((await get(X_SUPERVISOR, `/petitions/${id}`)).body.readModel.view.registeredAt);
    for (const row of rows) expect(Date.parse(row.occurredAt)).toBeGreaterThanOrEqual(registeredAt);
    // What the lapses refer to is a field of its own: instants before the case existed.
    for (const row of rows.slice(1)) expect(Date.parse(row.detail.refersTo as string)).toBeLessThan(registeredAt);

    const timeline: TimelineRow[] = (await get(X_SUPERVISOR, `/petitions/${id}/timeline`)).body;
    for (const event of timeline) expect(Date.parse(event.at)).toBeGreaterThanOrEqual(registeredAt);
    const rungs = timeline.filter((e) => e.type === 'escalationRungFired');
    expect(rungs.map((e) => e.data.rung)).toEqual([
      'warning70',
      'warning90',
      'breach',
      'listedSupervision',
      'takeoverAvailable',
    ]);
    for (const rung of rungs) expect(Date.parse(rung.refersTo!)).toBeLessThan(registeredAt);
    expect(timeline.find((e) => e.type === 'registered')!.refersTo).toBeNull();
  });

  it("the county office's own lapse: 督办 from the city office, feedback owed by the county office, returned and accepted by the city", async () => {
    const id = await register(20);
    await ledgerOf(id, 2); // lateRegistration, routingOverdue
    const view = (await get(X_SUPERVISOR, `/petitions/${id}`)).body.readModel.view;
    expect(view.supervisionTasks).toEqual([
      expect.objectContaining({ kind: 'supervision', supervisingUnitId: 'c-xfj', supervisedUnitId: 'x-xfj' }),
    ]);
    await act(X_REGISTRAR, id, 'route', { unitId: 'x-zjj' });
    // A case leader of 县住建局 cannot answer for the county office's lapse; its head can.
    expect(await availableTo(X_LEADER, id)).not.toContain('recordSupervisionFeedback');
    expect((await act(X_LEADER, id, 'recordSupervisionFeedback', { feedback: '已转办' }, 403)).body.code).toBe(
      'wrongUnit',
    );
    expect(await availableTo(X_XFJ_HEAD, id)).toContain('recordSupervisionFeedback');
    await act(X_XFJ_HEAD, id, 'recordSupervisionFeedback', { feedback: '已转送县住建局' });
    // The office that asked decides: not the county office itself.
    expect(await availableTo(X_SUPERVISOR, id)).not.toContain('decideSupervisionFeedback');
    expect(await availableTo(C_SUPERVISOR, id)).toContain('decideSupervisionFeedback');
    await act(X_SUPERVISOR, id, 'decideSupervisionFeedback', { decision: 'accepted' }, 403);
    const returned = await act(C_SUPERVISOR, id, 'decideSupervisionFeedback', {
      decision: 'returned',
      comments: '未说明逾期原因',
    });
    expect(returned.body.supervisionTasks[0]).toMatchObject({ status: 'open', supervisedUnitId: 'x-xfj' });
    await act(X_XFJ_HEAD, id, 'recordSupervisionFeedback', { feedback: '逾期系登记积压，已整改' });
    const accepted = await act(C_SUPERVISOR, id, 'decideSupervisionFeedback', { decision: 'accepted' });
    expect(accepted.body.supervisionTasks[0]).toMatchObject({ status: 'closed' });
  });

  it('分办 over HTTP: the unit head names the 承办人; a reassignment without a reason is refused, with one is in the timeline', async () => {
    const id = await register(1);
    await act(X_REGISTRAR, id, 'route', { unitId: 'x-zjj' });
    expect(await availableTo(X_HEAD, id)).toContain('assignHandler');
    // The 承办人 is one of the unit's own staff.
    const stranger = await act(X_HEAD, id, 'assignHandler', { handlerUserId: 'c-handler' }, 400);
    expect(stranger.body).toMatchObject({ field: 'args.handlerUserId' });
    await act(X_HEAD, id, 'assignHandler', { handlerUserId: 'x-handler' });
    const refused = await act(X_HEAD, id, 'assignHandler', { handlerUserId: 'x-leader' }, 400);
    expect(refused.body).toMatchObject({ field: 'args.reason' });
    const reassigned = await act(X_HEAD, id, 'assignHandler', { handlerUserId: 'x-leader', reason: '原承办人休假' });
    expect(reassigned.body.handlers).toEqual([
      expect.objectContaining({ unitId: 'x-zjj', userId: 'x-leader', assignedBy: 'x-head', reason: '原承办人休假' }),
    ]);
    const timeline: TimelineRow[] = (await get(X_HEAD, `/petitions/${id}/timeline`)).body;
    expect(timeline.filter((e) => e.type === 'handlerAssigned').map((e) => e.data)).toEqual([
      { unitId: 'x-zjj', handlerUserId: 'x-handler', previousHandlerUserId: null, reason: null },
      { unitId: 'x-zjj', handlerUserId: 'x-leader', previousHandlerUserId: 'x-handler', reason: '原承办人休假' },
    ]);
  });

  it("the admin names a unit's person in charge: a later lapse there names them", async () => {
    const before = (await get(ADMIN, '/admin/units/x-xfj/person-in-charge')).body;
    expect(before).toEqual({ unitId: 'x-xfj', designatedUserId: null, personInChargeUserId: 'x-xfj-head' });
    expectStatus(
      await http.put('/admin/units/x-xfj/person-in-charge').set('Authorization', ADMIN).send({ userId: 'x-head' }),
      400,
    ); // not a user of x-xfj
    try {
      const set = await http
        .put('/admin/units/x-xfj/person-in-charge')
        .set('Authorization', ADMIN)
        .send({ userId: 'x-supervisor' });
      expect(expectStatus(set, 200).body).toEqual({
        unitId: 'x-xfj',
        designatedUserId: 'x-supervisor',
        personInChargeUserId: 'x-supervisor',
      });
      const id = await register(20);
      const rows = await ledgerOf(id, 2);
      expect(rows.find((r) => r.rule === 'routingOverdue')).toMatchObject({
        unitId: 'x-xfj',
        responsibleUserId: 'x-supervisor',
        responsibleBy: 'personInCharge',
      });
    } finally {
      await http.put('/admin/units/x-xfj/person-in-charge').set('Authorization', ADMIN).send({ userId: null });
    }
  });
});
