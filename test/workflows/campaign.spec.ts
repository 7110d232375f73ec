/**
 * A backlog campaign (专项攻坚, DOMAIN §9) over 90 days, through the real worker on the time-skipping
 * server with real PostgreSQL: a city petition office launches it over a dozen long-open cases in
 * three counties, leaders at three levels own a case (三级领导包案), a plan step (一案一策) goes
 * overdue and climbs them, weekly bulletins (调度/通报) name a laggard for 约谈 and praise the unit
 * ahead, a case is struck off (销号) only with evidence after its 回头看 and later relapses, and a new
 * repeat petition joins by rule (动态交办).
 *
 * The calendar (2029–2030): the dozen petitions were received on Monday 2029-09-03, accepted by
 * their county housing bureaus and left unresolved. The campaign is launched on Monday 2030-03-04
 * 10:00 for 90 days (target Sunday 06-02), weekly: bulletins at 09:00 on 03-11, 03-18, … 05-27.
 * The campaign runs from 00:00 on 03-04 to 24:00 on 06-02 (91 days), so bulletin n, on day
 * 7n + 9 hours, has elapsed share (7n + 0.375) / 91 — the rate a unit on schedule would have.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { CampaignView } from '../../workflows/campaign/campaign.contract';
import { CampaignDriver, CampaignRegion, County, createCampaignRegion } from '../support/campaign-fixture';
import { CaseDriver, GROUNDS, at, endOf } from '../support/case-driver';
import { RunningWorker, openDataSource, startWorker, timeSkippingEnvironment } from '../support/harness';

const DAY = 86_400_000;
const bulletinAt = (n: number) => at('2030-03-11 09:00') + (n - 1) * 7 * DAY;
/** An instant set by an update: the server's clock has moved on by the time the update runs, by milliseconds. */
const near = (instant: number) => ({
  asymmetricMatch: (x: unknown) => typeof x === 'number' && x >= instant && x < instant + 60_000,
  toAsymmetricMatcher: () => `an instant within a minute after ${new Date(instant).toISOString()}`,
});
const share = (n: number) => Math.round(((7 * n + 0.375) / 91) * 10_000) / 10_000;

interface BulletinRow {
  bulletin_no: number;
  kind: string;
  as_of: Date;
  elapsed_share: string;
  expected_rate: string;
  days_to_target: number;
}
interface LineRow {
  line_kind: string;
  subject_id: string;
  in_scope: number;
  resolved: number;
  struck_off: number;
  rate: string;
  overdue_steps: number;
  verdict: string | null;
}

describe('a 90-day backlog campaign (专项攻坚) across three counties', () => {
  let env: TestWorkflowEnvironment;
  let dataSource: DataSource;
  let worker: RunningWorker;
  const taskQueue = `campaign-${randomUUID()}`;
  let region: CampaignRegion;
  let campaign: CampaignDriver;
  /** The dozen cases by name: a1…a5 in county a, b1…b4 in county b, d1…d3 in county d. */
  const cases: Record<string, CaseDriver> = {};
  let a: County, b: County, d: County;
  const leaders = { county: 'ka-leader', city: 'k-city-leader', province: 'p-leader' };

  beforeAll(async () => {
    dataSource = await openDataSource();
    env = await timeSkippingEnvironment();
    worker = await startWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      dataSource,
    });
    region = await createCampaignRegion(dataSource);
    [a, b, d] = region.counties;
    campaign = new CampaignDriver(env, taskQueue);
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await env?.teardown();
    await dataSource?.destroy();
  });

  /** Moves the server's clock (timers due on the way fire), then waits for the campaign's projection. */
  const advanceTo = async (instant: number) => {
    const now = await env.currentTimeMs();
    if (instant < now) throw new Error(`cannot go back to ${new Date(instant).toISOString()}`);
    await env.sleep(instant - now);
    if (campaign.handle) await campaign.projected(dataSource);
  };
  const caseOf = (view: CampaignView, name: string) => view.cases.find((c) => c.petitionId === cases[name].petitionId)!;
  /**
   * A resolution is reported once the petition itself is settled (campaign policy v2): its reply is
   * issued and delivered first, now, then the unit reports.
   */
  const progress = async (
    name: string,
    county: County,
    status: 'resolved' | 'petitionerStopped' | 'terminated',
    note: string,
  ) => {
    const petition = cases[name];
    if ((await petition.view()).step === 'handling') {
      await petition.act('issueReply', county.handler, { outcome: 'explained', ...GROUNDS });
      await petition.deliver(county.handler, await env.currentTimeMs());
      await petition.projected(dataSource);
    }
    return campaign.act('recordProgress', county.handler, { petitionId: petition.petitionId, status, note });
  };
  const bulletins = (): Promise<BulletinRow[]> =>
    dataSource.query(`SELECT * FROM campaign_bulletins WHERE campaign_id = $1 ORDER BY bulletin_no`, [
      campaign.campaignId,
    ]);
  const lines = (n: number): Promise<LineRow[]> =>
    dataSource.query(
      `SELECT * FROM campaign_bulletin_lines WHERE campaign_id = $1 AND bulletin_no = $2 ORDER BY line_kind, subject_id`,
      [campaign.campaignId, n],
    );
  const unitLine = async (n: number, county: County) =>
    (await lines(n)).find((l) => l.line_kind === 'unit' && l.subject_id === county.zjj.id)!;
  const totals = async (n: number) => (await lines(n)).find((l) => l.line_kind === 'total')!;
  const figures = (l: LineRow) => [l.in_scope, l.resolved, l.struck_off, Number(l.rate), l.overdue_steps, l.verdict];

  async function openCase(name: string, county: County): Promise<void> {
    const c = new CaseDriver(env, taskQueue);
    await c.register({
      registeredBy: county.registrar,
      registeringUnit: county.office,
      receivedAt: at('2029-09-03 09:00'),
    });
    await c.act('route', county.registrar, { unitId: county.zjj.id });
    await c.act('accept', county.handler, {});
    cases[name] = c;
  }

  it('at launch the rules select the dozen cases open longer than 180 days, each saying when and why it joined', async () => {
    await advanceTo(at('2029-09-03 10:00'));
    for (const [county, names] of [
      [a, ['a1', 'a2', 'a3', 'a4', 'a5']],
      [b, ['b1', 'b2', 'b3', 'b4']],
      [d, ['d1', 'd2', 'd3']],
    ] as const) {
      for (const name of names) await openCase(name, county);
    }
    await advanceTo(at('2030-03-04 10:00'));
    const view = await campaign.launch(region.citySupervisor, {
      name: '全市信访积案化解专项攻坚行动',
      planRef: '市信访联席办〔2030〕3号',
      startDate: '2030-03-04',
      targetDate: '2030-06-02',
      cadenceDays: 7,
      rules: {
        openLongerThanDays: 180,
        repeatPetitions: true,
        reopenedAfterRelapse: true,
        listedForSupervision: false,
        importedBacklog: false,
      },
      office: { unitId: region.cityOffice.id, level: 'city', regionPath: region.regionPath },
    });
    expect(view).toMatchObject({
      status: 'active',
      office: { unitId: region.cityOffice.id },
      nextBulletinAt: bulletinAt(1),
      bulletinsIssued: 0,
    });
    expect(view.cases).toHaveLength(12);
    for (const c of view.cases) {
      expect(c).toMatchObject({
        joinedAt: near(at('2030-03-04 10:00')),
        joined: { by: 'rule', reasons: ['openLongerThan'] },
        status: 'inProgress',
        leaders: [],
        plan: [],
      });
    }
    expect(caseOf(view, 'a1').unitId).toBe(a.zjj.id);
    expect(caseOf(view, 'd3').unitId).toBe(d.zjj.id);
    const [row] = await dataSource.query(`SELECT status, office_unit_id, region_path FROM campaigns WHERE id = $1`, [
      campaign.campaignId,
    ]);
    expect(row).toEqual({ status: 'active', office_unit_id: region.cityOffice.id, region_path: region.regionPath });
    const joined = await dataSource.query(
      `SELECT count(*)::int AS n FROM campaign_cases WHERE campaign_id = $1 AND joined->>'by' = 'rule'`,
      [campaign.campaignId],
    );
    expect(joined[0].n).toBe(12);
  });

  it('三级领导包案: each leader is assigned by a petition office of their own level over the case, and listed closest to the case first', async () => {
    const a1 = cases.a1.petitionId;
    await campaign.expectRejected(
      'assignLeader',
      b.supervisor,
      { petitionId: a1, level: 'county', leaderUserId: leaders.county },
      'wrongUnit',
      /county-level case leader is assigned by a petition office of that level over the case/,
    );
    await campaign.expectRejected(
      'assignLeader',
      region.citySupervisor,
      { petitionId: a1, level: 'county', leaderUserId: leaders.county },
      'wrongUnit',
      new RegExp(a.office.id),
    );
    await campaign.act('assignLeader', region.provinceSupervisor, {
      petitionId: a1,
      level: 'province',
      leaderUserId: leaders.province,
    });
    await campaign.act('assignLeader', region.citySupervisor, {
      petitionId: a1,
      level: 'city',
      leaderUserId: leaders.city,
    });
    const view = await campaign.act('assignLeader', a.supervisor, {
      petitionId: a1,
      level: 'county',
      leaderUserId: leaders.county,
    });
    expect(caseOf(view, 'a1').leaders.map((l) => [l.level, l.userId, l.assignedByUnitId])).toEqual([
      ['county', leaders.county, a.office.id],
      ['city', leaders.city, region.cityOffice.id],
      ['province', leaders.province, 'p-xfj'],
    ]);
  });

  it('一案一策: the unit plans the case in dated steps; a refused plan changes nothing', async () => {
    const a1 = cases.a1.petitionId;
    await advanceTo(at('2030-03-05 10:00'));
    await campaign.expectRejected(
      'editPlan',
      a.handler,
      {
        petitionId: a1,
        note: '初定方案',
        steps: [{ title: '约谈信访人', dueDate: '2030-03-01', ownerUserId: a.handler.userId }],
      },
      'badArgument',
      /dueDate 2030-03-01 is in the past/,
    );
    await campaign.expectRejected(
      'editPlan',
      b.handler,
      {
        petitionId: a1,
        note: '初定方案',
        steps: [{ title: '约谈信访人', dueDate: '2030-03-12', ownerUserId: b.handler.userId }],
      },
      'wrongUnit',
      /responsible unit/,
    );
    const view = await campaign.act('editPlan', a.handler, {
      petitionId: a1,
      note: '一案一策：明确责任、明确时限、明确措施',
      steps: [
        { title: '约谈信访人，摸清诉求', dueDate: '2030-03-12', ownerUserId: a.handler.userId },
        { title: '形成化解方案并报包案领导', dueDate: '2030-03-20', ownerUserId: a.handler.userId },
      ],
    });
    expect(caseOf(view, 'a1').plan.map((s) => [s.stepId, s.dueDate, s.dueAt, s.doneAt])).toEqual([
      ['s1', '2030-03-12', endOf('2030-03-12'), null],
      ['s2', '2030-03-20', endOf('2030-03-20'), null],
    ]);
    await advanceTo(at('2030-03-12 15:00'));
    const done = await campaign.act('recordProgress', a.handler, {
      petitionId: a1,
      status: 'inProgress',
      note: '已约谈信访人',
      stepsDone: ['s1'],
    });
    expect(caseOf(done, 'a1').plan[0]).toMatchObject({ doneAt: near(at('2030-03-12 15:00')), overdue: false });
    await expect(
      campaign.act('recordProgress', a.handler, { petitionId: a1, status: 'inProgress', note: '' }),
    ).rejects.toThrow();
  });

  it('bulletins 1–2: weekly at 09:00, the first with nothing resolved; by the second county b resolved half its cases and is praised', async () => {
    await advanceTo(at('2030-03-15 10:00'));
    await progress('b1', b, 'resolved', '补偿款已兑现，签订化解协议');
    await progress('b2', b, 'petitionerStopped', '信访人书面承诺息诉罢访');
    await advanceTo(bulletinAt(2) + 1000);
    const rows = await bulletins();
    expect(
      rows.map((r) => [r.bulletin_no, r.kind, new Date(r.as_of).getTime(), Number(r.elapsed_share), r.days_to_target]),
    ).toEqual([
      [1, 'scheduled', bulletinAt(1), share(1), 83],
      [2, 'scheduled', bulletinAt(2), share(2), 76],
    ]);
    expect(figures(await totals(1))).toEqual([12, 0, 0, 0, 0, null]);
    expect(figures(await unitLine(1, a))).toEqual([5, 0, 0, 0, 0, null]);
    expect(figures(await unitLine(2, b))).toEqual([4, 2, 0, 0.5, 0, 'praise']);
    expect(figures(await unitLine(2, d))).toEqual([3, 0, 0, 0, 0, null]);
    expect(figures(await totals(2))).toEqual([12, 2, 0, 0.1667, 0, null]);
  });

  it("an overdue plan step climbs the case's leaders in order, county, city, province, a week apart; the first rung is a ledger record", async () => {
    const a1 = cases.a1.petitionId;
    await advanceTo(at('2030-03-28 10:00'));
    await progress('a2', a, 'resolved', '已落实安置房');
    await advanceTo(endOf('2030-04-03') + 1000);
    const escalations = await dataSource.query(
      `SELECT rung, recipients, fired_at, due_at, unit_id FROM escalations WHERE petition_id = $1 AND clock_id = 'campaignPlanStep' ORDER BY fired_at`,
      [a1],
    );
    expect(
      escalations.map((e: { rung: string; recipients: { userId: string }[]; fired_at: Date }) => [
        e.rung,
        e.recipients[0].userId,
        new Date(e.fired_at).getTime(),
      ]),
    ).toEqual([
      ['leader1', leaders.county, endOf('2030-03-20')],
      ['leader2', leaders.city, endOf('2030-03-27')],
      ['leader3', leaders.province, endOf('2030-04-03')],
    ]);
    expect(
      escalations.every(
        (e: { unit_id: string; due_at: Date }) =>
          e.unit_id === a.zjj.id && new Date(e.due_at).getTime() === endOf('2030-03-20'),
      ),
    ).toBe(true);
    const records = await dataSource.query(
      `SELECT rule, unit_id, responsible_user_id, occurred_at, campaign_id, detail FROM accountability_records WHERE petition_id = $1 AND campaign_id IS NOT NULL`,
      [a1],
    );
    expect(records).toEqual([
      expect.objectContaining({
        rule: 'campaignPlanStepOverdue',
        unit_id: a.zjj.id,
        responsible_user_id: a.handler.userId,
        campaign_id: campaign.campaignId,
        detail: expect.objectContaining({ stepId: 's2', dueDate: '2030-03-20' }),
      }),
    ]);
    expect(new Date(records[0].occurred_at).getTime()).toBe(endOf('2030-03-20'));
    // A case leader reads the escalations addressed to them (the supervision API's filter).
    const mine = await dataSource.query(`SELECT count(*)::int AS n FROM escalations WHERE recipients @> $1::jsonb`, [
      JSON.stringify([{ kind: 'caseLeader', userId: leaders.city }]),
    ]);
    expect(mine[0].n).toBe(1);
  });

  it('bulletin 4: once a quarter of the time is gone, county d (nothing resolved) is a laggard with an 约谈 suggestion in the ledger; b is praised', async () => {
    // a2 was resolved before bulletin 4 (03-28); bulletin 3 fell before a quarter of the campaign had passed.
    expect(Number((await bulletins())[2].elapsed_share)).toBeLessThan(0.25);
    expect((await lines(3)).filter((l) => l.verdict === 'laggard')).toEqual([]);
    expect(figures(await unitLine(3, a))).toEqual([5, 0, 0, 0, 1, null]);
    const rows = await bulletins();
    expect(rows.map((r) => new Date(r.as_of).getTime())).toEqual([1, 2, 3, 4].map(bulletinAt));
    // Expected rate at bulletin 4: share(4) ≈ 0.3118; a laggard is below half of it.
    expect(Number(rows[3].expected_rate)).toBe(share(4));
    expect(figures(await unitLine(4, a))).toEqual([5, 1, 0, 0.2, 1, null]);
    expect(figures(await unitLine(4, b))).toEqual([4, 2, 0, 0.5, 0, 'praise']);
    expect(figures(await unitLine(4, d))).toEqual([3, 0, 0, 0, 0, 'laggard']);
    expect(figures(await totals(4))).toEqual([12, 3, 0, 0.25, 1, null]);
    const talks = await dataSource.query(
      `SELECT rule, unit_id, petition_id, suggested_action, occurred_at, detail FROM accountability_records WHERE campaign_id = $1 AND rule = 'campaignLaggard' ORDER BY id`,
      [campaign.campaignId],
    );
    expect(talks).toHaveLength(1);
    expect(talks[0]).toMatchObject({
      unit_id: d.zjj.id,
      petition_id: null,
      suggested_action: 'admonitoryTalk',
      detail: expect.objectContaining({ bulletinNo: 4, rate: 0, inScope: 3 }),
    });
    expect(new Date(talks[0].occurred_at).getTime()).toBe(bulletinAt(4));
    // Leader lines: the three leaders of a1 each have one case, with its overdue step.
    const leaderLines = (await lines(4)).filter((l) => l.line_kind === 'leader');
    expect(leaderLines.map((l) => [l.subject_id, l.in_scope, l.overdue_steps]).sort()).toEqual(
      [
        [leaders.city, 1, 1],
        [leaders.county, 1, 1],
        [leaders.province, 1, 1],
      ].sort(),
    );
  });
  it('动态交办: a new repeat petition joins by rule at the next bulletin, saying when and why; county a resolves more', async () => {
    await advanceTo(at('2030-04-09 10:00'));
    const repeat = new CaseDriver(env, taskQueue);
    await repeat.register({
      registeredBy: a.registrar,
      registeringUnit: a.office,
      receivedAt: at('2030-04-09 09:00'),
      repeatOf: [cases.a4.petitionId],
    });
    await repeat.act('route', a.registrar, { unitId: a.zjj.id });
    await repeat.act('accept', a.handler, {});
    cases.a6 = repeat;
    await advanceTo(at('2030-04-10 10:00'));
    await campaign.act('recordProgress', a.handler, {
      petitionId: cases.a1.petitionId,
      status: 'inProgress',
      note: '化解方案已报县、市、省三级包案领导',
      stepsDone: ['s2'],
    });
    await progress('b3', b, 'resolved', '已办结并兑现');
    await advanceTo(at('2030-04-12 10:00'));
    await progress('a3', a, 'terminated', '依法终结备案');
    // b1 was reported resolved on 03-15: its 回头看 check before 销号 falls due 30 days later, on 04-14.
    expect(caseOf(await campaign.view(), 'b1').followUp).toMatchObject({
      status: 'scheduled',
      dueAt: near(at('2030-04-14 10:00')),
    });
    await campaign.expectRejected(
      'recordFollowUpCheck',
      b.handler,
      { petitionId: cases.b1.petitionId, result: 'stable', note: '已回访' },
      'badArgument',
      /falls due on 2030-04-14/,
    );
    expect(caseOf(await campaign.view(), 'a6')).toBeUndefined();
    await advanceTo(bulletinAt(6) + 1000);
    const view = await campaign.view();
    expect(caseOf(view, 'a6')).toMatchObject({
      joinedAt: near(bulletinAt(6)),
      joined: { by: 'rule', reasons: ['repeatPetition'] },
      unitId: a.zjj.id,
    });
    expect(caseOf(view, 'a4').relapses).toBe(0); // a4 is still being handled: a repeat of it is a new case, not a relapse
    // Resolved: b1, b2, a2, b3, a3. Expected share(6) ≈ 0.4657: b (3 of 4) is ahead, d still behind.
    expect(figures(await totals(6))).toEqual([13, 5, 0, 0.3846, 0, null]);
    expect(figures(await unitLine(6, a))).toEqual([6, 2, 0, 0.3333, 0, null]);
    expect(figures(await unitLine(6, b))).toEqual([4, 3, 0, 0.75, 0, 'praise']);
    expect(figures(await unitLine(6, d))).toEqual([3, 0, 0, 0, 0, 'laggard']);
  });

  it("销号 is refused before the 回头看 check and without evidence, and accepted from the campaign office with a document and the petitioner's word", async () => {
    const b1 = cases.b1.petitionId;
    await advanceTo(at('2030-04-16 10:00'));
    const evidence = {
      petitionId: b1,
      documentRef: '化解协议 B-2030-011',
      rating: 'satisfied' as const,
      note: '案结事了',
    };
    await campaign.expectRejected('strikeOff', b.supervisor, evidence, 'wrongUnit', /only the campaign office/);
    await campaign.expectRejected(
      'strikeOff',
      region.citySupervisor,
      evidence,
      'badArgument',
      /回头看 check must pass first/,
    );
    expect(
      (
        await campaign.act('recordFollowUpCheck', b.handler, {
          petitionId: b1,
          result: 'stable',
          note: '回访：补偿到位，未再信访',
        })
      ).cases.find((c) => c.petitionId === b1)!.followUp,
    ).toMatchObject({ status: 'passed' });
    await campaign.expectRejected(
      'strikeOff',
      region.citySupervisor,
      { ...evidence, documentRef: '' },
      'badArgument',
      /documentRef .* is required/,
    );
    await campaign.expectRejected(
      'strikeOff',
      region.citySupervisor,
      { petitionId: b1, documentRef: '化解协议 B-2030-011', note: '案结事了' },
      'badArgument',
      /petitioner's word/,
    );
    await campaign.expectRejected(
      'strikeOff',
      region.citySupervisor,
      { ...evidence, rating: 'dissatisfied' },
      'badArgument',
      /petitioner's word/,
    );
    // 销号佐证 named by id and hash (the API resolved them from the case's materials); a forged
    // reference that is no id and hash is refused by the workflow itself.
    const evidenceFile = {
      materialId: '7d1f3c2a-5b6e-4f80-9a1b-2c3d4e5f6a7b',
      fileId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      sha256: 'ab'.repeat(32),
    };
    await campaign.expectRejected(
      'strikeOff',
      region.citySupervisor,
      { ...evidence, evidenceFiles: [{ ...evidenceFile, sha256: '../secret.pdf' }] },
      'badArgument',
      /materialId, a fileId and a lower-case hex SHA-256/,
    );
    const view = await campaign.act('strikeOff', region.citySupervisor, { ...evidence, evidenceFiles: [evidenceFile] });
    expect(caseOf(view, 'b1').strikeOff).toEqual({
      at: near(at('2030-04-16 10:00')),
      byUserId: region.citySupervisor.userId,
      documentRef: '化解协议 B-2030-011',
      petitionerStatementRef: null,
      rating: 'satisfied',
      note: '案结事了',
      evidenceFiles: [evidenceFile],
    });
    await advanceTo(at('2030-04-20 10:00'));
    await progress('b4', b, 'resolved', '已解决');
    await advanceTo(bulletinAt(7) + 1000);
    expect(figures(await unitLine(7, b))).toEqual([4, 4, 1, 1, 0, 'praise']);
  });

  it('a relapse (反弹) puts the struck-off case back in the campaign and records "resolution not real" against the unit', async () => {
    await advanceTo(at('2030-05-01 10:00'));
    await progress('a4', a, 'resolved', '已解决');
    await advanceTo(at('2030-05-08 10:00'));
    const b1 = cases.b1.petitionId;
    // a4 was repeated by a6 before it was resolved: that petition is no relapse of the resolution.
    expect(caseOf(await campaign.view(), 'a4')).toMatchObject({ status: 'resolved', relapses: 0 });
    const view = await campaign.act('reportRelapse', region.citySupervisor, {
      petitionId: b1,
      note: '信访人再次到市上访，补偿款未足额发放',
    });
    expect(caseOf(view, 'b1')).toMatchObject({ status: 'inProgress', strikeOff: null, followUp: null, relapses: 1 });
    const records = await dataSource.query(
      `SELECT rule, unit_id, suggested_action, detail FROM accountability_records WHERE petition_id = $1 AND campaign_id = $2`,
      [b1, campaign.campaignId],
    );
    expect(records).toEqual([
      expect.objectContaining({
        rule: 'resolutionNotReal',
        unit_id: b.zjj.id,
        suggested_action: 'responsibilityTracing',
        detail: expect.objectContaining({ source: 'reported', wasStruckOff: true }),
      }),
    ]);
    await advanceTo(at('2030-05-15 10:00'));
    await progress('a5', a, 'resolved', '已解决');
    // Bulletin 10 (05-13): b1 counts as unresolved again and nothing is struck off.
    expect(figures(await unitLine(10, b))).toEqual([4, 3, 0, 0.75, 0, null]);
  });

  it('closing the campaign issues the final bulletin; every bulletin came at its instant, and d was called in for 约谈 from the fourth on', async () => {
    await advanceTo(at('2030-06-02 10:00'));
    await campaign.expectRejected(
      'closeCampaign',
      a.supervisor,
      { reason: '攻坚期满' },
      'wrongUnit',
      /only the campaign office/,
    );
    const closed = await campaign.act('closeCampaign', region.citySupervisor, { reason: '攻坚期满，转入常态化化解' });
    expect(closed).toMatchObject({
      status: 'closed',
      closedAt: near(at('2030-06-02 10:00')),
      nextBulletinAt: null,
      bulletinsIssued: 13,
    });
    expect(await campaign.handle.result()).toMatchObject({ status: 'closed' });
    const rows = await bulletins();
    expect(rows.map((r) => [r.bulletin_no, r.kind])).toEqual([
      ...Array.from({ length: 12 }, (_, i) => [i + 1, 'scheduled']),
      [13, 'final'],
    ]);
    expect(rows.slice(0, 12).map((r) => new Date(r.as_of).getTime())).toEqual(
      Array.from({ length: 12 }, (_, i) => bulletinAt(i + 1)),
    );
    expect(new Date(rows[12].as_of).getTime()).toEqual(near(at('2030-06-02 10:00')));
    // Bulletin 12 (05-27): a 4 of 6, b 3 of 4, d none; expected share(12) ≈ 0.9272.
    expect(figures(await totals(12))).toEqual([13, 7, 0, 0.5385, 0, null]);
    expect(figures(await unitLine(12, a))).toEqual([6, 4, 0, 0.6667, 0, null]);
    expect(figures(await unitLine(12, d))).toEqual([3, 0, 0, 0, 0, 'laggard']);
    const talks = await dataSource.query(
      `SELECT unit_id, detail->>'bulletinNo' AS n FROM accountability_records WHERE campaign_id = $1 AND rule = 'campaignLaggard' ORDER BY id`,
      [campaign.campaignId],
    );
    expect(talks.map((t: { unit_id: string; n: string }) => [t.unit_id, Number(t.n)])).toEqual(
      [4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((n) => [d.zjj.id, n]),
    );
    // Bulletins are never changed once issued: the runtime role may not, and the table refuses anyone.
    await expect(
      dataSource.query(`UPDATE campaign_bulletin_lines SET resolved = 3 WHERE campaign_id = $1`, [campaign.campaignId]),
    ).rejects.toThrow(/permission denied/);
    await expect(
      dataSource.query(`DELETE FROM campaign_bulletins WHERE campaign_id = $1`, [campaign.campaignId]),
    ).rejects.toThrow(/permission denied/);
    const owner = new Client({ connectionString: process.env.DATABASE_OWNER_URL });
    await owner.connect();
    try {
      await expect(
        owner.query(`UPDATE campaign_bulletin_lines SET resolved = 3 WHERE campaign_id = $1`, [campaign.campaignId]),
      ).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
  });
});
