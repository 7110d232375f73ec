/**
 * What goes on the audit trail, through the real API, worker and PostgreSQL: every staff action,
 * accepted or refused with the reason (whether the workflow, the request validation or the role
 * check refused it); every read of a case by someone outside its handling unit; every read of an
 * accusation; every disposition. The chain verifies, and only auditors and admins verify it.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

interface TrailRow {
  seq: string;
  kind: string;
  action: string;
  outcome: string;
  actor_user_id: string | null;
  petition_id: string | null;
  detail: Record<string, unknown>;
}

describe('the audit trail records staff actions, reads and dispositions', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  beforeAll(() => {
    http = request(service.app.getHttpServer());
  });

  const trailSince = async (seq: number): Promise<TrailRow[]> =>
    service.dataSource.query(`SELECT * FROM audit_trail WHERE seq > $1 ORDER BY seq`, [seq]);
  const head = async (): Promise<number> =>
    Number((await service.dataSource.query(`SELECT coalesce(max(seq), 0) AS seq FROM audit_trail`))[0].seq);

  async function registered(body: Record<string, unknown> = {}): Promise<string> {
    const response = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `trail-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'visit',
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        petitionerName: '李某',
        summary: '道路积水',
        ...body,
      })
      .expect(201);
    const petitionId = response.body.petitionId as string;
    for (
      let i = 0;
      i < 100 && (await service.dataSource.query(`SELECT 1 FROM petitions WHERE id = $1`, [petitionId])).length === 0;
      i++
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    return petitionId;
  }

  it('records a registration and each action, accepted or refused with the reason; a retried action once', async () => {
    const before = await head();
    const petitionId = await registered();
    const route = { requestId: `route-${randomUUID()}`, args: { unitId: 'x-zjj' } };
    await http
      .post(`/petitions/${petitionId}/actions/accept`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: 'too-early', args: {} })
      .expect(409);
    await http
      .post(`/petitions/${petitionId}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send(route)
      .expect(200);
    await http
      .post(`/petitions/${petitionId}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send(route)
      .expect(200);
    await http
      .post(`/petitions/${petitionId}/actions/accept`)
      .set('Authorization', staffBearer('x-handler'))
      .send({ requestId: 'bad', args: {}, extra: 1 })
      .expect(400);

    const rows = (await trailSince(before)).filter((r) => r.petition_id === petitionId || r.action === 'register');
    const actions = rows.filter((r) => r.kind === 'staffAction').map((r) => [r.action, r.outcome, r.actor_user_id]);
    expect(actions).toEqual([
      ['register', 'accepted', 'x-registrar'],
      ['accept', 'refused', 'x-registrar'],
      ['route', 'accepted', 'x-registrar'],
      ['accept', 'refused', 'x-handler'],
    ]);
    const registration = rows.find((r) => r.action === 'register')!;
    expect(registration.petition_id).toBe(petitionId);
    expect(JSON.stringify(registration.detail)).not.toContain('李某');
    expect(JSON.stringify(registration.detail)).not.toContain('道路积水');
    const refusedAccept = rows.find((r) => r.action === 'accept')!;
    expect(refusedAccept.detail).toMatchObject({
      requestId: 'too-early',
      status: 409,
      reason: expect.stringContaining('cannot'),
    });
    expect(rows.find((r) => r.action === 'route')!.detail).toMatchObject({
      requestId: route.requestId,
      args: { unitId: 'x-zjj' },
    });
    expect(rows.filter((r) => r.action === 'accept')[1].detail).toMatchObject({
      status: 400,
      reason: expect.stringContaining('extra'),
    });
  });

  it('records a campaign action too, refused with its reason', async () => {
    const before = await head();
    const campaignId = randomUUID();
    await http
      .post(`/campaigns/${campaignId}/close`)
      .set('Authorization', staffBearer('c-supervisor'))
      .send({ requestId: 'close-1', note: '攻坚结束' });
    const rows = (await trailSince(before)).filter((r) => r.action === 'closeCampaign');
    expect(rows).toEqual([
      expect.objectContaining({
        kind: 'staffAction',
        outcome: 'refused',
        actor_user_id: 'c-supervisor',
        detail: expect.objectContaining({ campaignId, reason: expect.any(String) }),
      }),
    ]);
    expect(rows[0].detail.status).toBeGreaterThanOrEqual(400);
  });

  it('records a refusal by the role check (no interceptor runs there) once the response is sent', async () => {
    const before = await head();
    await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-handler'))
      .set('Idempotency-Key', `trail-${randomUUID()}`)
      .send({})
      .expect(403);
    let rows: TrailRow[] = [];
    for (let i = 0; i < 50 && rows.length === 0; i++) {
      rows = (await trailSince(before)).filter((r) => r.action === 'register' && r.actor_user_id === 'x-handler');
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows).toEqual([
      expect.objectContaining({
        kind: 'staffAction',
        outcome: 'refused',
        detail: expect.objectContaining({ status: 403, reason: expect.stringContaining('registrar') }),
      }),
    ]);
  });

  it('records reads by anyone outside the handling unit, and every read of an accusation, but not the handling unit reading its own case', async () => {
    const petitionId = await registered();
    await http
      .post(`/petitions/${petitionId}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: 'r', args: { unitId: 'x-zjj' } })
      .expect(200);
    const before = await head();
    await http.get(`/petitions/${petitionId}`).set('Authorization', staffBearer('x-handler')).expect(200);
    await http.get(`/petitions/${petitionId}/timeline`).set('Authorization', staffBearer('p-auditor')).expect(200);
    await http.get(`/petitions/${petitionId}`).set('Authorization', staffBearer('x-registrar')).expect(200);
    const reads = (await trailSince(before))
      .filter((r) => r.kind === 'caseRead')
      .map((r) => [r.action, r.actor_user_id, r.petition_id]);
    expect(reads).toEqual([
      ['readTimeline', 'p-auditor', petitionId],
      ['readCase', 'x-registrar', petitionId],
    ]);

    const accusation = await registered({ category: 'accusation', accusedUnitId: 'c-zjj' });
    await http
      .post(`/petitions/${accusation}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: 'r', args: { unitId: 'x-jw' } })
      .expect(200);
    const beforeAccusation = await head();
    await http.get(`/petitions/${accusation}`).set('Authorization', staffBearer('x-jw-handler')).expect(200);
    const accusationReads = (await trailSince(beforeAccusation)).filter((r) => r.kind === 'caseRead');
    expect(accusationReads).toEqual([
      expect.objectContaining({
        action: 'readCase',
        actor_user_id: 'x-jw-handler',
        petition_id: accusation,
        detail: expect.objectContaining({ accusation: true, outsideHandlingUnit: false }),
      }),
    ]);
  });

  it('records a disposition once, even when the request is retried', async () => {
    const [trigger] = await service.dataSource.query(
      `SELECT r.id FROM accountability_records r JOIN units u ON u.id = r.unit_id WHERE r.kind = 'trigger' AND u.region_path LIKE 'p.c.x%' ORDER BY r.id LIMIT 1`,
    );
    let recordId = trigger?.id as string | undefined;
    if (!recordId) {
      const late = await registered({ receivedAt: new Date(Date.now() - 10 * 86_400_000).toISOString() });
      for (let i = 0; i < 100 && !recordId; i++) {
        recordId = (
          await service.dataSource.query(
            `SELECT id FROM accountability_records WHERE petition_id = $1 AND kind = 'trigger'`,
            [late],
          )
        )[0]?.id;
        if (!recordId) await new Promise((r) => setTimeout(r, 100));
      }
    }
    const before = await head();
    const body = { requestId: `disp-${randomUUID()}`, disposition: 'confirmed', note: '已核实' };
    await http
      .post(`/accountability/${recordId}/dispositions`)
      .set('Authorization', staffBearer('x-supervisor'))
      .send(body)
      .expect(201);
    await http
      .post(`/accountability/${recordId}/dispositions`)
      .set('Authorization', staffBearer('x-supervisor'))
      .send(body)
      .expect(201);
    await http
      .post(`/accountability/${recordId}/dispositions`)
      .set('Authorization', staffBearer('p-auditor'))
      .send(body)
      .expect(403);
    // The role check's refusal is recorded when its response has been sent.
    let rows: TrailRow[] = [];
    for (let i = 0; i < 50 && rows.length < 2; i++) {
      rows = (await trailSince(before)).filter((r) => r.kind === 'disposition');
      if (rows.length < 2) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows.map((r) => [r.outcome, r.actor_user_id])).toEqual([
      ['accepted', 'x-supervisor'],
      ['refused', 'p-auditor'],
    ]);
    expect(rows[0].detail).toMatchObject({ recordId: String(recordId), disposition: 'confirmed', note: '已核实' });
  });

  it('records every sign-in, successful or failed, with the cause of a failure and never the password', async () => {
    const before = await head();
    await http.post('/auth/login').send({ userId: 'x-handler', password: 'x-handler-demo' }).expect(200);
    await http.post('/auth/login').send({ userId: 'x-handler', password: 'not-the-password' }).expect(401);
    await http.post('/auth/login').send({ userId: 'nobody-here', password: 'whatever-pass' }).expect(401);
    const logins = (await trailSince(before)).filter((r) => r.kind === 'login');
    expect(logins.map((r) => [r.outcome, r.actor_user_id, r.detail.reason ?? null])).toEqual([
      ['succeeded', 'x-handler', null],
      ['failed', 'x-handler', 'wrong password'],
      ['failed', null, 'unknown user'],
    ]);
    expect(logins[2].detail.attemptedUserId).toBe('nobody-here');
    expect(JSON.stringify(logins)).not.toContain('not-the-password');
  });

  it('verifies: the chain holds; only auditors and admins may ask, and a malformed anchor is a 400', async () => {
    const response = await http
      .get('/audit/trail/verification')
      .set('Authorization', staffBearer('p-auditor'))
      .expect(200);
    expect(response.body).toMatchObject({ ok: true, firstBrokenLink: null });
    expect(response.body.recordsChecked).toBeGreaterThan(5);
    expect(response.body.checkedAt).toMatch(/\+08:00$/);
    const anchored = await http
      .get('/audit/trail/verification')
      .query({ anchor: `${response.body.head.seq}:${response.body.head.hash}` })
      .set('Authorization', staffBearer('admin'))
      .expect(200);
    expect(anchored.body.ok).toBe(true);
    await http.get('/audit/trail/verification').set('Authorization', staffBearer('x-supervisor')).expect(403);
    const bad = await http
      .get('/audit/trail/verification')
      .query({ anchor: '12:nothex' })
      .set('Authorization', staffBearer('p-auditor'))
      .expect(400);
    expect(bad.body.detail).toContain('anchor');
  });
});
