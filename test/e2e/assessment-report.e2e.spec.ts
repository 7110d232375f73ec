/**
 * The assessment figures of DOMAIN §8 over a seeded set of cases driven through the real worker
 * on the time-skipping server (statutory days pass as real days) and projected into PostgreSQL by
 * the real projection activity; the report is read over HTTP from the production API and compared
 * with figures computed by hand from the plan below.
 *
 * The cases run in 2033 (the test server's clock is moved there first), a year no other test
 * reaches, so the report's period holds these cases only. Day 0 is Monday 2033-03-07, 09:00.
 *
 *   A  county appeal → x-zjj: accepted d1, replied d5, delivered d6, rated 满意 d7, final d37;
 *      repeated by F, so not resolved first time
 *   B  county → x-zjj: acceptance notice late (accepted d20; breach d16), 督办 answered d21,
 *      replied d25 (on time), delivered d26, rated 基本满意 d27, review asked d28, upheld d30 and
 *      delivered d30 (its re-review window is never rated), final d61
 *   C  county → x-zjj: accepted d1, never replied: handling breaches on d64 (still open)
 *   D  county, received 18 days before registration (routing breached), declined d1: never counted
 *   E  city accusation against x-xfj (the county petition office), handled by x-jw: accepted d1,
 *      replied d5, delivered d6, not rated, final d37. The county's supervisors never see it.
 *   F  county, registered d40 as a repeat of A, accepted d41, handling due in June (not yet breached)
 *   G  county → x-zjj: accepted d1, supported reply d3, carried out and delivered d4, rated 不满意
 *      d5 (follow-up stable d8), final d36
 *   H  city → c-zjj: acceptance late (accepted d17), 督办 answered d18, replied d20, delivered d21,
 *      rated 满意 d22, final d52
 *   I  province → p-zjj (no level above: final on delivery): replied d3, delivered and final d4;
 *      follow-up stable d35
 *   J  province → p-zjj: replied and final d2; the follow-up on d33 finds a relapse: handled again,
 *      replied and final d34 — not resolved first time
 *   K  county → x-zjj, which objects (misroute) d2 and the county office agrees; re-routed to x-jw d3, accepted d4, replied
 *      and delivered d10, final d43. x-zjj's objected notice is not counted.
 */
import { NativeConnection } from '@temporalio/worker';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { INestApplication } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { describeUnits } from '../../libs/persistence/unit-directory';
import type { Actor, PetitionView, UnitRef } from '../../libs/process';
import { staffBearer } from '../support/auth';
import { ACTORS, CaseDriver, GROUNDS, at } from '../support/case-driver';
import { RunningWorker, openDataSource, startWorker, testConfig, timeSkippingEnvironment } from '../support/harness';

const DAY = 86_400_000;
const DAY_0 = at('2033-03-07 09:00');
const day = (n: number) => DAY_0 + n * DAY;

const STAFF = {
  xRegistrar: ACTORS.registrar,
  xHandler: ACTORS.handler,
  xJwHandler: ACTORS.disciplineHandler,
  cRegistrar: { userId: 'c-registrar', role: 'registrar', unitId: 'c-xfj' },
  cHandler: ACTORS.reviewHandler,
  pRegistrar: { userId: 'p-registrar', role: 'registrar', unitId: 'p-xfj' },
  pHandler: ACTORS.reReviewHandler,
  petitioner: ACTORS.petitioner,
} satisfies Record<string, Actor>;

interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}
interface UnitFigures {
  unitId: string | null;
  unitName: string | null;
  level: string | null;
  registered: number;
  acceptanceOnTime: Rate;
  handlingOnTime: Rate;
  firstTimeResolution: Rate;
  ratingParticipation: Rate;
  satisfaction: Rate;
  overdue: { breached: number; stillOpen: number };
  escalations: Record<string, number>;
}
interface Report {
  scope: { unitId: string | null; unitIds: string[] };
  period: { from: string; to: string };
  asOf: string;
  total: UnitFigures;
  units: UnitFigures[];
  registrationLevels: { level: string; registered: number; share: number | null }[];
  topOverdueUnits: {
    rank: number;
    unitId: string;
    unitName: string;
    level: string;
    breached: number;
    stillOpen: number;
  }[];
}

/** A rate as the report states it: numerator ÷ denominator to 4 decimals. */
const r = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator ? Math.round((numerator / denominator) * 10_000) / 10_000 : null,
});
const rungs = (n70: number, n90: number, breach: number) => ({
  warning70: n70,
  warning90: n90,
  breach,
  listedSupervision: 0,
  takeoverAvailable: 0,
});

describe('assessment reports (考核): each figure equals the hand-computed value over cases run through the worker', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningWorker;
  let dataSource: DataSource;
  let app: INestApplication;
  let connection: NativeConnection;
  const taskQueue = `report-${randomUUID()}`;
  const cases: Record<string, CaseDriver> = {};

  async function report(user: string, query: Record<string, string>, status = 200): Promise<request.Response> {
    const response = await request(app.getHttpServer())
      .get(`/reports/assessment?${new URLSearchParams(query)}`)
      .set('Authorization', staffBearer(user));
    if (response.status !== status)
      throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  }
  const figuresOf = (body: Report, unitId: string) => body.units.find((u) => u.unitId === unitId)!;

  /** Every case's read model has caught up with its workflow (timers fire asynchronously). */
  async function settled(): Promise<void> {
    for (let attempt = 0; attempt < 200; attempt++) {
      let behind = 0;
      for (const c of Object.values(cases)) {
        const live = await c.view();
        const [row] = await dataSource.query(`SELECT revision FROM petitions WHERE id = $1`, [c.petitionId]);
        if (!row || row.revision < live.revision) behind++;
      }
      if (behind === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the read model did not catch up with the workflows');
  }

  beforeAll(async () => {
    dataSource = await openDataSource();
    env = await timeSkippingEnvironment();
    worker = await startWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      dataSource,
    });
    const config = testConfig();
    connection = await NativeConnection.connect({ address: config.temporalAddress });
    const { createApiApp } = await import('../../apps/api/src/bootstrap');
    app = await createApiApp(config, { logger: false });
    await app.init();

    const units = (await describeUnits(dataSource, ['c-xfj', 'p-xfj'])) as Record<string, UnitRef>;
    const newCase = (name: string) => (cases[name] = new CaseDriver(env, taskQueue));
    const clock = new CaseDriver(env, taskQueue); // moves the shared server clock
    const go = (n: number) => clock.advanceTo(day(n));

    await go(0);
    for (const name of ['A', 'B', 'C', 'G', 'K']) {
      await newCase(name).register();
      await cases[name].act('route', STAFF.xRegistrar, { unitId: 'x-zjj' });
    }
    await newCase('D').register({ receivedAt: day(-18) });
    await cases.D.act('route', STAFF.xRegistrar, { unitId: 'x-zjj' });
    const cityOffice = { registeredBy: STAFF.cRegistrar, registeringUnit: units['c-xfj'] };
    await newCase('E').register({ ...cityOffice, category: 'accusation', accusedUnitId: 'x-xfj' });
    // The registrar's intake record (written by POST /petitions in production): it names the accused.
    await dataSource.query(
      `INSERT INTO petition_intakes (idempotency_key, petition_id, request_hash, registered_by, registering_unit_id, petitioner_name, summary, accused_unit_id, query_code_hash)
       VALUES ($1, $2, 'test', 'c-registrar', 'c-xfj', '赵某', '检举县信访局工作人员', 'x-xfj', 'test')`,
      [`report-${cases.E.petitionId}`, cases.E.petitionId],
    );
    await cases.E.act('route', STAFF.cRegistrar, { unitId: 'x-jw' });
    await newCase('H').register(cityOffice);
    await cases.H.act('route', STAFF.cRegistrar, { unitId: 'c-zjj' });
    for (const name of ['I', 'J']) {
      await newCase(name).register({ registeredBy: STAFF.pRegistrar, registeringUnit: units['p-xfj'] });
      await cases[name].act('route', STAFF.pRegistrar, { unitId: 'p-zjj' });
    }

    await go(1);
    for (const name of ['A', 'C', 'G']) await cases[name].act('accept', STAFF.xHandler, {});
    await cases.E.act('accept', STAFF.xJwHandler, {});
    for (const name of ['I', 'J']) await cases[name].act('accept', STAFF.pHandler, {});
    await cases.D.act('decline', STAFF.xHandler, { reason: '不属于信访事项受理范围' });

    await go(2);
    await cases.K.act('objectMisroute', STAFF.xHandler, { reasons: '该事项属纪检监察机关职责' });
    // The routing office verifies the objection (Art 23) and agrees: the case returns for routing.
    await cases.K.act('decideMisrouteObjection', STAFF.xRegistrar, { decision: 'agreed' });
    await cases.J.act('issueReply', STAFF.pHandler, { outcome: 'explained', ...GROUNDS });
    await cases.J.deliver(STAFF.pHandler, day(2));

    await go(3);
    await cases.K.act('route', STAFF.xRegistrar, { unitId: 'x-jw' });
    await cases.G.act('issueReply', STAFF.xHandler, { outcome: 'supported', ...GROUNDS });
    await cases.I.act('issueReply', STAFF.pHandler, { outcome: 'explained', ...GROUNDS });

    await go(4);
    await cases.K.act('accept', STAFF.xJwHandler, {});
    await cases.G.act('confirmImplementation', STAFF.xHandler, {});
    await cases.G.deliver(STAFF.xHandler, day(4));
    await cases.I.deliver(STAFF.pHandler, day(4));

    await go(5);
    await cases.A.act('issueReply', STAFF.xHandler, { outcome: 'explained', ...GROUNDS });
    await cases.E.act('issueReply', STAFF.xJwHandler, { outcome: 'explained', ...GROUNDS });
    await cases.G.act('rate', STAFF.petitioner, { rating: 'dissatisfied' });

    await go(6);
    await cases.A.deliver(STAFF.xHandler, day(6));
    await cases.E.deliver(STAFF.xJwHandler, day(6));
    await go(7);
    await cases.A.act('rate', STAFF.petitioner, { rating: 'satisfied' });
    await go(8);
    await cases.G.act('recordFollowUp', STAFF.xHandler, { result: 'stable', note: '已回访，问题未反弹' });
    await go(10);
    await cases.K.act('issueReply', STAFF.xJwHandler, { outcome: 'explained', ...GROUNDS });
    await cases.K.deliver(STAFF.xJwHandler, day(10));

    await go(17);
    await cases.H.act('accept', STAFF.cHandler, {});
    await go(18);
    await cases.H.act('recordSupervisionFeedback', STAFF.cHandler, { feedback: '已受理并限期办理' });
    await go(20);
    await cases.B.act('accept', STAFF.xHandler, {});
    await cases.H.act('issueReply', STAFF.cHandler, { outcome: 'explained', ...GROUNDS });
    await go(21);
    await cases.B.act('recordSupervisionFeedback', STAFF.xHandler, { feedback: '已受理并限期办理' });
    await cases.H.deliver(STAFF.cHandler, day(21));
    await go(22);
    await cases.H.act('rate', STAFF.petitioner, { rating: 'satisfied' });
    await go(25);
    await cases.B.act('issueReply', STAFF.xHandler, { outcome: 'notSupported', ...GROUNDS });
    await go(26);
    await cases.B.deliver(STAFF.xHandler, day(26));
    await go(27);
    await cases.B.act('rate', STAFF.petitioner, { rating: 'basicallySatisfied' });
    await go(28);
    await cases.B.act('requestReview', STAFF.petitioner, { receivedAt: day(28) });
    await go(30);
    await cases.B.act('issueReviewDecision', STAFF.cHandler, { decision: 'upheld', ...GROUNDS });
    await cases.B.deliver(STAFF.cHandler, day(30));

    await go(33); // J's 30-day 回头看 opened on d32
    await cases.J.act('recordFollowUp', STAFF.pHandler, { result: 'relapsed', note: '问题反弹' });
    await go(34);
    await cases.J.act('issueReply', STAFF.pHandler, { outcome: 'supported', ...GROUNDS });
    await cases.J.act('confirmImplementation', STAFF.pHandler, {});
    await cases.J.deliver(STAFF.pHandler, day(34));
    await go(35); // I's 回头看 opened on d34
    await cases.I.act('recordFollowUp', STAFF.pHandler, { result: 'stable', note: '已回访' });

    await go(40);
    await newCase('F').register({ repeatOf: [cases.A.petitionId] });
    await cases.F.act('route', STAFF.xRegistrar, { unitId: 'x-zjj' });
    await go(41);
    await cases.F.act('accept', STAFF.xHandler, {});

    await go(70);
    await settled();
  });

  afterAll(async () => {
    await app?.close();
    await connection?.close();
    await worker?.stop();
    await env?.teardown();
    await dataSource?.destroy();
  });

  it('the cases went as planned (the figures below depend on it)', async () => {
    const views: Record<string, PetitionView> = {};
    for (const [name, c] of Object.entries(cases)) views[name] = await c.view();
    expect(Object.fromEntries(Object.entries(views).map(([name, v]) => [name, v.step]))).toEqual({
      A: 'closed',
      B: 'closed',
      C: 'handling',
      D: 'endedDeclined',
      E: 'closed',
      F: 'handling',
      G: 'closed',
      H: 'closed',
      I: 'closed',
      J: 'closed',
      K: 'closed',
    });
    const fired = (name: string, key: string) => views[name].clocks.find((c) => c.key === key)!.firedRungs;
    expect(fired('B', 'acceptanceNotice#1')).toEqual(['warning70', 'warning90', 'breach']);
    expect(fired('H', 'acceptanceNotice#1')).toEqual(['warning70', 'warning90', 'breach']);
    expect(fired('C', 'handling#1')).toEqual(['warning70', 'warning90', 'breach']);
    expect(fired('F', 'handling#1')).toEqual([]);
    // no other obligation clock of any case reached a rung (D's ended with it, and D is never counted)
    const otherRungs = Object.entries(views)
      .filter(([name]) => name !== 'D')
      .flatMap(([name, v]) => v.clocks.filter((c) => c.firedRungs.length > 0).map((c) => `${name}:${c.key}`));
    expect(otherRungs.sort()).toEqual(['B:acceptanceNotice#1', 'C:handling#1', 'H:acceptanceNotice#1']);
    expect(views.J.reopenedCount).toBe(1);
    expect(views.B.firstTimeResolution).toBe(false);
    expect(views.B.closedAt).toBeLessThan(day(70));
  });

  it('an auditor of the province sees every figure of the whole tree for March to June 2033', async () => {
    const body: Report = (await report('p-auditor', { from: '2033-02-01', to: '2033-06-30' })).body;
    expect(body.period).toEqual({ from: '2033-02-01', to: '2033-06-30' });
    expect(body.scope.unitId).toBeNull();
    expect(body.scope.unitIds).toEqual(
      expect.arrayContaining(['p-xfj', 'p-zjj', 'c-xfj', 'c-zjj', 'x-xfj', 'x-zjj', 'x-jw']),
    );
    expect(body.asOf).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?\+08:00$/);
    expect(body.total).toEqual({
      unitId: null,
      unitName: null,
      level: null,
      registered: 10, // A B C F G K at the county, E H at the city, I J at the province; D declined
      acceptanceOnTime: r(8, 10), // A C E F G I J K on time; B and H late; D declined; K's objected notice at x-zjj not owed
      handlingOnTime: r(9, 10), // A B E G H I J(twice) K replied in time; C breached and still open; F not yet due
      firstTimeResolution: r(5, 8), // closed: A(repeated) B(reviewed) E G H I J(relapsed) K
      ratingParticipation: r(4, 7), // windows: A B B(review reply) E G H K; rated A B G H
      satisfaction: r(3, 4), // 满意 A H, 基本满意 B, 不满意 G
      overdue: { breached: 3, stillOpen: 1 }, // B's and H's notices, C's handling (still open)
      escalations: rungs(3, 3, 3),
    });
    expect(figuresOf(body, 'x-zjj')).toMatchObject({
      registered: 0,
      acceptanceOnTime: r(4, 5), // A C F G on time, B late
      handlingOnTime: r(3, 4), // A B G; C breached
      firstTimeResolution: r(1, 3), // A B G: only G
      ratingParticipation: r(3, 4), // A B B' G
      satisfaction: r(2, 3),
      overdue: { breached: 2, stillOpen: 1 },
      escalations: rungs(2, 2, 2),
    });
    expect(figuresOf(body, 'x-jw')).toMatchObject({
      acceptanceOnTime: r(2, 2),
      handlingOnTime: r(2, 2),
      firstTimeResolution: r(2, 2),
      ratingParticipation: r(0, 2),
      satisfaction: r(0, 0),
    });
    expect(figuresOf(body, 'x-jw').satisfaction.rate).toBeNull();
    expect(figuresOf(body, 'c-zjj')).toMatchObject({
      acceptanceOnTime: r(0, 1),
      handlingOnTime: r(1, 1),
      firstTimeResolution: r(1, 1),
      ratingParticipation: r(1, 1),
      satisfaction: r(1, 1),
      overdue: { breached: 1, stillOpen: 0 },
    });
    expect(figuresOf(body, 'p-zjj')).toMatchObject({
      acceptanceOnTime: r(2, 2),
      handlingOnTime: r(3, 3),
      firstTimeResolution: r(1, 2),
      ratingParticipation: r(0, 0),
    });
    expect([
      figuresOf(body, 'x-xfj').registered,
      figuresOf(body, 'c-xfj').registered,
      figuresOf(body, 'p-xfj').registered,
    ]).toEqual([6, 2, 2]);
    expect(body.registrationLevels).toEqual([
      { level: 'province', registered: 2, share: 0.2 },
      { level: 'city', registered: 2, share: 0.2 },
      { level: 'county', registered: 6, share: 0.6 },
      { level: 'township', registered: 0, share: 0 },
    ]);
    expect(body.topOverdueUnits).toEqual([
      { rank: 1, unitId: 'x-zjj', unitName: '示范县住房和城乡建设局', level: 'county', breached: 2, stillOpen: 1 },
      { rank: 2, unitId: 'c-zjj', unitName: '示范市住房和城乡建设局', level: 'city', breached: 1, stillOpen: 0 },
    ]);
  });

  it('a case belongs to the period of the act: March 2033 alone', async () => {
    const body: Report = (await report('p-auditor', { from: '2033-03-01', to: '2033-03-31' })).body;
    expect(body.total).toMatchObject({
      registered: 9, // F came in April
      acceptanceOnTime: r(7, 9), // F accepted in April
      handlingOnTime: r(7, 7), // B replied on 1 April; C falls due in May
      firstTimeResolution: r(1, 1), // only I became final in March (J's last closure is in April)
      ratingParticipation: r(3, 5), // windows opened in March: A E G H K; B's on 2 April
      satisfaction: r(2, 3),
      overdue: { breached: 2, stillOpen: 0 },
      escalations: rungs(2, 2, 2), // B's and H's notices; C's handling warnings come in April and May
    });
    expect(body.registrationLevels.map((l) => l.share)).toEqual([0.2222, 0.2222, 0.5556, 0]);
  });

  it("the county's supervisor sees the county only, and never the accusation against its own office (E)", async () => {
    const body: Report = (await report('x-supervisor', { from: '2033-02-01', to: '2033-06-30' })).body;
    expect(body.units.map((u) => u.unitId)).toEqual(expect.arrayContaining(['x-xfj', 'x-zjj', 'x-jw']));
    expect(body.units.every((u) => u.level === 'county')).toBe(true);
    expect(body.total).toMatchObject({
      registered: 6,
      acceptanceOnTime: r(5, 6), // A B C F G K(x-jw); E left out
      handlingOnTime: r(4, 5),
      firstTimeResolution: r(2, 4), // A B G K
      ratingParticipation: r(3, 5), // A B B' G K
      satisfaction: r(2, 3),
      overdue: { breached: 2, stillOpen: 1 },
      escalations: rungs(2, 2, 2),
    });
    expect(figuresOf(body, 'x-jw')).toMatchObject({
      acceptanceOnTime: r(1, 1),
      handlingOnTime: r(1, 1),
      firstTimeResolution: r(1, 1),
      ratingParticipation: r(0, 1),
    });
    expect(body.registrationLevels.find((l) => l.level === 'county')).toEqual({
      level: 'county',
      registered: 6,
      share: 1,
    });

    // the city's supervisor, above the accused office, counts E at x-jw
    const city: Report = (await report('c-supervisor', { from: '2033-02-01', to: '2033-06-30' })).body;
    expect(figuresOf(city, 'x-jw')).toMatchObject({
      acceptanceOnTime: r(2, 2),
      handlingOnTime: r(2, 2),
      firstTimeResolution: r(2, 2),
      ratingParticipation: r(0, 2),
    });
    expect(city.total.registered).toBe(8);
  });

  it('a unit with its subtree: c-zjj and the county 住建 units below it', async () => {
    const body: Report = (await report('p-auditor', { unitId: 'c-zjj', from: '2033-02-01', to: '2033-06-30' })).body;
    const [{ below }] = await dataSource.query(
      `SELECT array_agg(id ORDER BY id) AS below FROM units WHERE parent_id = 'c-zjj'`,
    );
    expect(below).toContain('x-zjj');
    expect(body.scope).toEqual({ unitId: 'c-zjj', unitIds: ['c-zjj', ...below] });
    expect(body.total).toMatchObject({
      acceptanceOnTime: r(4, 6),
      handlingOnTime: r(4, 5),
      firstTimeResolution: r(2, 4),
      ratingParticipation: r(4, 5),
      satisfaction: r(3, 4),
      overdue: { breached: 3, stillOpen: 1 },
    });
    expect(body.topOverdueUnits.map((u) => u.unitId)).toEqual(['x-zjj', 'c-zjj']);
  });

  it('each CSV table is for people (Chinese headers, names, levels, percentages) and equals the JSON report', async () => {
    const query = new URLSearchParams({ from: '2033-02-01', to: '2033-06-30' });
    const json: Report = (await report('p-auditor', Object.fromEntries(query))).body;
    const csv = async (table: string) => {
      const response = await request(app.getHttpServer())
        .get(`/reports/assessment/${table}.csv?${query}`)
        .set('Authorization', staffBearer('p-auditor'))
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        })
        .expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/csv/);
      const bytes = response.body as Buffer;
      // UTF-8 with a byte-order mark: Excel then opens the Chinese correctly.
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      return parse(bytes.toString('utf8'), { bom: true, columns: true, skip_empty_lines: true }) as Record<
        string,
        string
      >[];
    };
    const percent = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
    const LEVEL: Record<string, string> = { province: '省级', city: '市级', county: '县级', township: '乡级' };
    const rate = (row: Record<string, string>, numerator: string, denominator: string, rateName: string) => ({
      numerator: Number(row[numerator]),
      denominator: Number(row[denominator]),
      rate: row[rateName],
    });
    const peopleRate = (r: { numerator: number; denominator: number; rate: number | null }) => ({
      numerator: r.numerator,
      denominator: r.denominator,
      rate: percent(r.rate),
    });

    const units = await csv('units');
    expect(Object.keys(units[0]).slice(0, 6)).toEqual([
      '单位',
      '层级',
      '登记数',
      '按期受理告知数',
      '应受理告知数',
      '及时受理率',
    ]);
    for (const header of Object.keys(units[0])) expect(header).not.toMatch(/[A-Za-z]/);
    const unitRows = units.map((row) => ({
      name: row['单位'],
      level: row['层级'],
      registered: Number(row['登记数']),
      acceptanceOnTime: rate(row, '按期受理告知数', '应受理告知数', '及时受理率'),
      handlingOnTime: rate(row, '按期办结数', '应办结数', '按期办结率'),
      firstTimeResolution: rate(row, '一次性化解数', '办结数', '一次性化解率'),
      ratingParticipation: rate(row, '参评数', '可参评数', '参评率'),
      satisfaction: rate(row, '满意数', '评价数', '满意率'),
      breached: Number(row['超期数']),
      stillOpen: Number(row['仍超期未办数']),
      escalations: [row['预警（70%）'], row['预警（90%）'], row['超期督办'], row['挂牌督办'], row['可提级办理']].map(
        Number,
      ),
    }));
    const expected = (f: Report['total'], name: string, level: string) => ({
      name,
      level,
      registered: f.registered,
      acceptanceOnTime: peopleRate(f.acceptanceOnTime),
      handlingOnTime: peopleRate(f.handlingOnTime),
      firstTimeResolution: peopleRate(f.firstTimeResolution),
      ratingParticipation: peopleRate(f.ratingParticipation),
      satisfaction: peopleRate(f.satisfaction),
      breached: f.overdue.breached,
      stillOpen: f.overdue.stillOpen,
      escalations: [
        f.escalations.warning70,
        f.escalations.warning90,
        f.escalations.breach,
        f.escalations.listedSupervision,
        f.escalations.takeoverAvailable,
      ],
    });
    expect(unitRows[0]).toEqual(expected(json.total, '合计', ''));
    expect(unitRows.slice(1)).toEqual(json.units.map((f) => expected(f, f.unitName!, LEVEL[f.level!])));
    // A rate a person reads, e.g. one acceptance notice late of three: 66.7%, never 0.6667.
    expect(
      units.flatMap((r) => [r['及时受理率'], r['按期办结率'], r['满意率']]).every((v) => /^(\d+\.\d%|—)$/.test(v)),
    ).toBe(true);
    expect(units.some((r) => /^\d+\.\d%$/.test(r['按期办结率']) && r['按期办结率'] !== '100.0%')).toBe(true);
    expect(units.map((r) => r['层级'])).toContain('县级');
    expect(units.map((r) => r['单位']).join()).not.toMatch(/x-zjj|c-zjj/);

    const levels = await csv('registration-levels');
    expect(levels.map((l) => [l['层级'], Number(l['登记数']), l['占比']])).toEqual(
      json.registrationLevels.map((l) => [LEVEL[l.level], l.registered, percent(l.share)]),
    );
    const overdue = await csv('overdue-units');
    expect(
      overdue.map((u) => [Number(u['排名']), u['单位'], u['层级'], Number(u['超期数']), Number(u['仍超期未办数'])]),
    ).toEqual(json.topOverdueUnits.map((u) => [u.rank, u.unitName, LEVEL[u.level], u.breached, u.stillOpen]));
  });

  it('the same tables as an Excel workbook: Chinese sheet names, bold headers, rates in a percent format', async () => {
    const query = new URLSearchParams({ from: '2033-02-01', to: '2033-06-30' });
    const json: Report = (await report('p-auditor', Object.fromEntries(query))).body;
    const response = await request(app.getHttpServer())
      .get(`/reports/assessment.xlsx?${query}`)
      .set('Authorization', staffBearer('p-auditor'))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(response.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(response.headers['content-disposition']).toContain('.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.body as never);
    expect(workbook.worksheets.map((w) => w.name)).toEqual([
      '单位考核',
      '登记层级（倒金字塔）',
      '超期单位排名',
      '说明',
    ]);

    const sheet = workbook.getWorksheet('单位考核')!;
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 6)).toEqual(['单位', '层级', '登记数', '按期受理告知数', '应受理告知数', '及时受理率']);
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    const column = (name: string) => headers.indexOf(name) + 1;
    // The total row first, then each unit with its name and level in Chinese.
    expect(sheet.getRow(2).getCell(column('单位')).value).toBe('合计');
    expect(sheet.getRow(2).getCell(column('登记数')).value).toBe(json.total.registered);
    const handling = sheet.getRow(2).getCell(column('按期办结率'));
    expect(handling.value).toBe(json.total.handlingOnTime.rate);
    expect(handling.numFmt).toBe('0.0%');
    json.units.forEach((u, i) => {
      const row = sheet.getRow(3 + i);
      expect(row.getCell(column('单位')).value).toBe(u.unitName);
      expect(row.getCell(column('层级')).value).toBe(
        { province: '省级', city: '市级', county: '县级', township: '乡级' }[u.level!],
      );
      expect(row.getCell(column('满意率')).value ?? null).toBe(u.satisfaction.rate);
    });
    const levels = workbook.getWorksheet('登记层级（倒金字塔）')!;
    expect(levels.getRow(2).getCell(3).numFmt).toBe('0.0%');
    expect(levels.getRow(2).getCell(3).value).toBe(json.registrationLevels[0].share);
  });

  it("the OpenAPI document carries each figure's definition", async () => {
    const openapi = (await request(app.getHttpServer()).get('/docs/openapi.json').expect(200)).body;
    const operation = openapi.paths['/reports/assessment'].get;
    expect(operation.description).toContain('及时受理率');
    expect(operation.description).toContain('不予受理');
    expect(openapi.paths['/reports/assessment/{table}.csv']).toBeDefined();
    expect(openapi.paths['/reports/assessment.xlsx']).toBeDefined();
    expect(openapi.components.schemas.UnitFiguresView.properties.satisfaction.description).toContain('满意');
  });

  it('refuses what it cannot answer, saying why', async () => {
    expect((await report('p-auditor', { from: '2033-02-30', to: '2033-03-31' }, 400)).body.detail).toContain(
      '2033-02-30',
    );
    expect((await report('p-auditor', { from: '2033-04-01', to: '2033-03-31' }, 400)).body.detail).toContain(
      'before it starts',
    );
    expect(JSON.stringify((await report('p-auditor', { from: '2033-04-01' }, 400)).body.detail)).toContain(
      'to must be a date',
    );
    expect(
      (await report('x-supervisor', { unitId: 'c-zjj', from: '2033-02-01', to: '2033-06-30' }, 403)).body.detail,
    ).toContain('outside your region');
    expect(
      (await report('p-auditor', { unitId: 'nowhere', from: '2033-02-01', to: '2033-06-30' }, 400)).body.detail,
    ).toContain('not a known unit');
    await report('x-handler', { from: '2033-02-01', to: '2033-06-30' }, 403);
    await request(app.getHttpServer())
      .get('/reports/assessment/cases.csv?from=2033-02-01&to=2033-06-30')
      .set('Authorization', staffBearer('p-auditor'))
      .expect(404);
  });
});
