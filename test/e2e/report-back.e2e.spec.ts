/**
 * 交办 report-backs go to the office that handed the case down, which accepts them or returns them
 * with comments (DOMAIN §2a): over HTTP with the real worker. A returned report is owed again within
 * the days first given, on a clock of its own; only the handing-down office's registrar or
 * supervisor decides, and a report nobody filed, or one accepted already, cannot be decided.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { useRunningService } from '../support/harness';

interface WireClock {
  key: string;
  id: string;
  status: string;
  lengthDays: number;
}

describe('a 交办 report-back, accepted or returned by the office that handed the case down', () => {
  const service = useRunningService();
  let http: ReturnType<typeof request>;
  let id = '';

  async function act(user: string, action: string, args: Record<string, unknown>, status = 200) {
    const response = await http
      .post(`/petitions/${id}/actions/${action}`)
      .set('Authorization', staffBearer(user))
      .send({ requestId: randomUUID(), args });
    if (response.status !== status)
      throw new Error(`${action}: expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }
  /** An appeal registered at the county office an hour after it was received; its petition id. */
  async function registerAppeal(petitionerName: string, summary: string): Promise<string> {
    const registered = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', randomUUID())
      .send({
        category: 'appeal',
        channel: 'visit',
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        petitionerName,
        summary,
      })
      .expect(201);
    return registered.body.petitionId as string;
  }
  const reportClocks = (view: { clocks: WireClock[] }) => view.clocks.filter((c) => c.id === 'assignedReport');

  beforeAll(async () => {
    http = request(service.app.getHttpServer());
    id = await registerAppeal('孙九', '小区供暖不达标，物业拒不整改');
    const assigned = await act('x-registrar', 'assign', { unitId: 'x-zjj', reportBackDays: 10 });
    expect(assigned.reportBack).toMatchObject({ reportBackDays: 10, reportedBackAt: null, accepted: false });
    await act('x-handler', 'accept', {});
  });

  it('nothing to decide before the unit reports; the report then waits for the office that handed it down', async () => {
    const early = await act('x-registrar', 'decideReportBack', { decision: 'accepted' }, 400);
    expect(early).toMatchObject({ messageKey: 'case.noReportBackToDecide', message: '本案没有待审核的交办结果报告。' });
    const reported = await act('x-handler', 'reportBack', { summary: '已约谈物业公司，限期整改' });
    expect(reported.reportBack.reportedBackAt).toEqual(expect.any(String));
    expect(reportClocks(reported).map((c) => c.status)).toEqual(['stopped']);
  });

  it('the unit that reported cannot decide on its own report', async () => {
    for (const user of ['x-handler', 'x-head']) {
      const refused = await act(user, 'decideReportBack', { decision: 'accepted' }, 403);
      expect(refused.code).toBe('wrongRole');
    }
  });

  it('returned without comments is refused on the field; returned with them, a new report is owed within the same days', async () => {
    const bare = await act('x-registrar', 'decideReportBack', { decision: 'returned' }, 400);
    expect(bare).toMatchObject({ field: 'args.comments' });
    const returned = await act('x-registrar', 'decideReportBack', {
      decision: 'returned',
      comments: '报告未说明整改结果，请补充',
    });
    expect(returned.reportBack).toMatchObject({ reportedBackAt: null, accepted: false });
    const clocks = reportClocks(returned);
    expect(clocks.map((c) => [c.key, c.status])).toEqual([
      ['assignedReport#1', 'stopped'],
      ['assignedReport#2', 'running'],
    ]);
    expect(clocks[1].lengthDays).toBe(10);
    // The timeline is projected after the answer: wait for the decision to reach it.
    let decided: { type: string; data: Record<string, unknown> } | undefined;
    for (let i = 0; i < 100 && !decided; i++) {
      const timeline = (
        await http.get(`/petitions/${id}/timeline`).set('Authorization', staffBearer('x-registrar')).expect(200)
      ).body as { type: string; data: Record<string, unknown> }[];
      decided = timeline.find((e) => e.type === 'reportBackDecided');
      if (!decided) await new Promise((r) => setTimeout(r, 100));
    }
    expect(decided?.data).toMatchObject({
      decision: 'returned',
      comments: '报告未说明整改结果，请补充',
      byUnitId: 'x-xfj',
    });
  });

  it('the new report, accepted, ends the report-back: it cannot be decided or filed again', async () => {
    const again = await act('x-handler', 'reportBack', { summary: '物业已完成整改，供暖温度达标' });
    expect(reportClocks(again).map((c) => c.status)).toEqual(['stopped', 'stopped']);
    const accepted = await act('x-registrar', 'decideReportBack', { decision: 'accepted' });
    expect(accepted.reportBack).toMatchObject({ accepted: true, reportedBackAt: expect.any(String) });
    const twice = await act('x-registrar', 'decideReportBack', { decision: 'accepted' }, 400);
    expect(twice.messageKey).toBe('case.noReportBackToDecide');
    const refiled = await act('x-handler', 'reportBack', { summary: '补充' }, 400);
    expect(refiled.messageKey).toBe('case.reportedBack');
  });

  it('a case only routed (转送, not 交办) owes no report and offers no decision', async () => {
    id = await registerAppeal('周十', '道路破损');
    const routed = await act('x-registrar', 'route', { unitId: 'x-zjj' });
    expect(routed.reportBack).toBeNull();
    const offered = (
      await http.get(`/petitions/${id}/actions`).set('Authorization', staffBearer('x-registrar')).expect(200)
    ).body as { actions: { action: string }[] };
    expect(offered.actions.map((a) => a.action)).not.toContain('decideReportBack');
  });
});
