/**
 * 提级办理 keeps the record where it belongs, and objections to a misroute are verified by the
 * routing office (DOMAIN §2a, §4, §5; Art 23), over HTTP through the production API on a
 * time-skipping Temporal server (the API's client and the worker share it), with the real worker
 * and PostgreSQL. Registration is driven straight into the workflow (as the assessment test does),
 * so the cases can live in 2034, a year no other test reaches: the report's figures hold these
 * cases only, and are checked by value.
 *
 * Day 0 is Monday 2034-03-06, 09:00, all at the county petition office (x-xfj):
 *   T  → 县住建局 (x-zjj), 分办 to x-handler, never accepted: the notice breaches, 15 days later
 *      挂牌, 30 days later the city office takes it over (提级) to 市住建局 (c-zjj), which owes a
 *      fresh 15-day notice and accepts two days later; the county's 督办 feedback lapses afterwards.
 *   A  → x-zjj, accepted d1 and replied d2 (on time).
 *   O1 → x-zjj, whose head objects d1; the office agrees (核实同意); re-routed to x-jw, accepted d2.
 *   O2 → x-zjj, whose handler objects d1; the office refuses with reasons; accepted d3, replied d4.
 */
import type { INestApplication } from '@nestjs/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { TOOLS_BIN, freePort } from '../../libs/infra/local-servers';
import { deriveQueryCode } from '../../libs/auth/query-code';
import { describeUnits } from '../../libs/persistence/unit-directory';
import type { UnitRef } from '../../libs/process';
import { staffBearer } from '../support/auth';
import { ACTORS, CaseDriver, at } from '../support/case-driver';
import {
  RunningWorker,
  openDataSource,
  quietTemporalRuntime,
  startWorker,
  testConfig,
  testDataConverter,
} from '../support/harness';

const DAY = 86_400_000;
const MINUTE = 60_000;
const DAY_0 = at('2034-03-06 09:00');
const day = (n: number) => DAY_0 + n * DAY;

const X_REGISTRAR = staffBearer('x-registrar');
const X_HANDLER = staffBearer('x-handler');
const X_HEAD = staffBearer('x-head');
const X_JW_HANDLER = staffBearer('x-jw-handler');
const C_SUPERVISOR = staffBearer('c-supervisor');
const C_HANDLER = staffBearer('c-handler');
const P_AUDITOR = staffBearer('p-auditor');

interface LedgerRow {
  rule: string;
  unitId: string;
  responsibleUserId: string | null;
  responsibleBy: string | null;
  detail: Record<string, unknown>;
}
interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}
const r = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator ? Math.round((numerator / denominator) * 10_000) / 10_000 : null,
});

describe('提级办理 and verified objections over HTTP', () => {
  let env: TestWorkflowEnvironment;
  let worker: RunningWorker;
  let dataSource: DataSource;
  let app: INestApplication;
  let http: ReturnType<typeof request>;
  let queryCodeSecret: string;
  let taskQueue: string;
  const cases: Record<string, CaseDriver> = {};

  function expectStatus(response: request.Response, status: number): request.Response {
    if (response.status !== status)
      throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
    return response;
  }
  const act = async (token: string, id: string, action: string, args: object, status = 200) =>
    expectStatus(
      await http
        .post(`/petitions/${id}/actions/${action}`)
        .set('Authorization', token)
        .send({ requestId: randomUUID(), args }),
      status,
    ).body;
  const get = async (token: string, path: string, status = 200) =>
    expectStatus(await http.get(path).set('Authorization', token), status).body;
  const availableTo = async (token: string, id: string): Promise<string[]> =>
    ((await get(token, `/petitions/${id}/actions`)).actions as { action: string }[]).map((a) => a.action);
  /** The case's ledger as the API shows it, oldest first, once the read model caught up with the workflow. */
  async function ledgerOf(name: string): Promise<LedgerRow[]> {
    await cases[name].projected(dataSource);
    const records: LedgerRow[] = (await get(P_AUDITOR, `/petitions/${cases[name].petitionId}/accountability`)).records;
    return [...records].reverse();
  }
  const byValue = (rows: LedgerRow[]) =>
    rows.map((row) => [row.rule, row.unitId, row.responsibleUserId, row.responsibleBy]);
  const clock = async (name: string, key: string) => (await cases[name].view()).clocks.find((c) => c.key === key)!;
  /** Moves the shared server clock (timers on the way fire). */
  const clockDriver = () => cases.T;
  const go = (instant: number) => clockDriver().advanceTo(instant);

  beforeAll(async () => {
    quietTemporalRuntime();
    dataSource = await openDataSource();
    let port: number;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        env = await TestWorkflowEnvironment.createTimeSkipping({
          client: { dataConverter: testDataConverter() },
          server: { executable: { type: 'existing-path', path: join(TOOLS_BIN, 'temporal-test-server') }, port },
        });
        break;
      } catch (error) {
        if (attempt >= 4 || !/did not start within/.test((error as Error).message)) throw error;
      }
    }
    const config = {
      ...testConfig(),
      temporalAddress: `127.0.0.1:${port}`,
      temporalNamespace: env.namespace ?? 'default',
    };
    taskQueue = config.taskQueue;
    queryCodeSecret = config.queryCodeSecret;
    worker = await startWorker({
      connection: env.nativeConnection,
      namespace: config.temporalNamespace,
      taskQueue,
      dataSource,
    });
    const { createApiApp } = await import('../../apps/api/src/bootstrap');
    app = await createApiApp(config, { logger: false });
    await app.init();
    http = request(app.getHttpServer());

    const units = (await describeUnits(dataSource, ['x-xfj'])) as Record<string, UnitRef>;
    for (const name of ['T', 'A', 'O1', 'O2']) cases[name] = new CaseDriver(env, taskQueue);
    await go(DAY_0);
    for (const [name, c] of Object.entries(cases)) {
      await c.register({ registeringUnit: units['x-xfj'] });
      // The registrar's intake record (POST /petitions writes it in production): the API finds the case by it.
      await dataSource.query(
        `INSERT INTO petition_intakes (idempotency_key, petition_id, request_hash, registered_by, registering_unit_id, petitioner_name, summary, query_code_hash)
         VALUES ($1, $2, 'test', 'x-registrar', 'x-xfj', '钱某', '小区维修基金使用不透明', 'test')`,
        [`takeover-${name}-${c.petitionId}`, c.petitionId],
      );
      await c.act('route', ACTORS.registrar, { unitId: 'x-zjj' });
    }
    await cases.T.act('assignHandler', ACTORS.unitHead, { handlerUserId: 'x-handler' });
    await cases.T.projected(dataSource);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await env?.teardown();
    await dataSource?.destroy();
  });

  it('objections go to the routing office: agreed, the case returns for routing and the unit is not blamed; refused, the case stays and 推诿 falls on the unit', async () => {
    await go(day(1));
    const o1 = cases.O1.petitionId;
    const o2 = cases.O2.petitionId;
    expect(await availableTo(X_HEAD, o1)).toContain('objectMisroute');
    let view = await act(X_HEAD, o1, 'objectMisroute', { reasons: '该事项属纪检监察机关职责' });
    expect(view).toMatchObject({ step: 'acceptance', handlingUnitId: 'x-zjj' });
    expect(view.pendingObjection).toMatchObject({ unitId: 'x-zjj', byUserId: 'x-head' });
    await act(X_HANDLER, o2, 'objectMisroute', { reasons: '不属本单位职权范围' });
    await cases.O2.projected(dataSource);
    await cases.O1.projected(dataSource);

    // The routing office's queue lists both, oldest first; the unit cannot decide its own objection.
    // (The office's queue is shared with other suites' cases: only these two are looked at.)
    const ours = (items: { petitionId: string }[]) => items.filter((i) => i.petitionId === o1 || i.petitionId === o2);
    const queue = ours((await get(X_REGISTRAR, '/me/objections')).items);
    expect(queue.map((i) => i.petitionId)).toEqual([o1, o2]);
    expect(queue[0]).toMatchObject({ unitId: 'x-zjj', byUserId: 'x-head', reasons: '该事项属纪检监察机关职责' });
    expect(ours((await get(X_HANDLER, '/me/objections')).items)).toEqual([]);
    expect(await availableTo(X_REGISTRAR, o1)).toContain('decideMisrouteObjection');
    expect(await availableTo(X_HEAD, o1)).not.toContain('decideMisrouteObjection');
    expect(await availableTo(X_HEAD, o1)).not.toContain('objectMisroute');
    await act(X_HEAD, o1, 'decideMisrouteObjection', { decision: 'agreed' }, 403);
    // A refusal states its reasons.
    await act(X_REGISTRAR, o2, 'decideMisrouteObjection', { decision: 'refused' }, 400);

    view = await act(X_REGISTRAR, o1, 'decideMisrouteObjection', {
      decision: 'agreed',
      reasons: '经核实属纪委监委职责',
    });
    expect(view).toMatchObject({ step: 'routing', handlingUnitId: null, pendingObjection: null });
    expect(view.milestones.map((m: { type: string }) => m.type)).toContain('returnedForRerouting');
    await act(X_REGISTRAR, o1, 'route', { unitId: 'x-jw' });

    view = await act(X_REGISTRAR, o2, 'decideMisrouteObjection', {
      decision: 'refused',
      reasons: '经核实，物业维修基金监管属住建部门职责',
    });
    expect(view).toMatchObject({ step: 'acceptance', handlingUnitId: 'x-zjj', pendingObjection: null });
    const notice = view.clocks.find((c: { key: string }) => c.key === 'acceptanceNotice#1');
    expect(notice.status).toBe('running');
    await cases.O2.projected(dataSource);
    expect((await get(X_REGISTRAR, '/me/objections')).items).toEqual([]);

    // Who is blamed, by value: nobody for the agreed objection; the objecting unit and its handler for the refused one.
    expect(byValue(await ledgerOf('O1'))).toEqual([]);
    const refused = await ledgerOf('O2');
    expect(byValue(refused)).toEqual([['repeatedRerouting', 'x-zjj', 'x-handler', 'actor']]);
    expect(refused[0].detail).toMatchObject({ basis: 'objectionRefused' });

    // The other cases of the plan: A accepted on time; O1 accepted by the unit it was re-routed to.
    await act(X_HANDLER, cases.A.petitionId, 'accept', {});
    await go(day(2));
    await act(X_JW_HANDLER, o1, 'accept', {});
    await cases.A.act('issueReply', ACTORS.handler, { outcome: 'explained', ...GROUNDS_FOR_TEST });
    await go(day(3));
    await act(X_HANDLER, o2, 'accept', {});
    await go(day(4));
    await cases.O2.act('issueReply', ACTORS.handler, { outcome: 'explained', ...GROUNDS_FOR_TEST });
  });

  it('提级办理: the lapses before it stay with 县住建局 and its 承办人; 市住建局 gets a fresh 15-day notice; the petitioner sees the milestone', async () => {
    const t = cases.T.petitionId;
    const countyNotice = await clock('T', 'acceptanceNotice#1');
    const dueAt = countyNotice.dueAt!;
    // 挂牌 at breach + 15 days; 提级 possible at breach + 30 days, not before.
    await go(dueAt + 29 * DAY);
    await act(C_SUPERVISOR, t, 'takeOver', { reason: '长期未受理，提级办理' }, 400);
    await go(dueAt + 30 * DAY + MINUTE);
    const takenAt = dueAt + 30 * DAY + MINUTE;
    expect(await availableTo(C_SUPERVISOR, t)).toContain('takeOver');
    const view = await act(C_SUPERVISOR, t, 'takeOver', { reason: '长期未受理，提级办理' });
    expect(view).toMatchObject({ handlingUnitId: 'c-zjj', step: 'acceptance', policyVersion: 'xinfang-2022/v2' });
    const clocks = Object.fromEntries(view.clocks.map((c: { key: string }) => [c.key, c]));
    expect(clocks['acceptanceNotice#1']).toMatchObject({
      unitId: 'x-zjj',
      status: 'stopped',
      firedRungs: ['warning70', 'warning90', 'breach', 'listedSupervision', 'takeoverAvailable'],
    });
    expect(clocks['acceptanceNotice#2']).toMatchObject({ unitId: 'c-zjj', status: 'running', lengthDays: 15 });
    // From the takeover (the update is applied a moment after the request's server time).
    expect(Date.parse(clocks['acceptanceNotice#2'].startedAt) - takenAt).toBeGreaterThanOrEqual(0);
    expect(Date.parse(clocks['acceptanceNotice#2'].startedAt) - takenAt).toBeLessThan(MINUTE);
    expect(clocks['supervisionFeedback#1']).toMatchObject({ unitId: 'x-zjj', status: 'running' });
    const freshLastDay: string = clocks['acceptanceNotice#2'].lastDay;
    // The city accepts now; the county still sees the case, for the 督办 feedback it owes on its own lapse.
    await cases.T.projected(dataSource);
    expect(await availableTo(C_HANDLER, t)).toContain('accept');
    expect(await availableTo(X_HANDLER, t)).not.toContain('accept');
    expect(await availableTo(X_HEAD, t)).toContain('recordSupervisionFeedback');

    // The petitioner's page: 提级办理 as a milestone, naming the unit and its due date; the deadline is the city's.
    const [{ name: cityName }] = await dataSource.query(`SELECT name FROM units WHERE id = 'c-zjj'`);
    const page = expectStatus(
      await http.get(`/public/petitions/${t}`).set('X-Query-Code', deriveQueryCode(queryCodeSecret, t)),
      200,
    ).body;
    expect(page.milestones.map((m: { type: string }) => m.type)).toEqual(['registered', 'transferred', 'takenOver']);
    expect(page.milestones[2]).toMatchObject({ unitId: 'c-zjj', unitName: cityName, lastDay: freshLastDay });
    expect(page.currentDeadline).toMatchObject({ clockId: 'acceptanceNotice', lastDay: freshLastDay });
    expect(page.currentDeadline.remainingDays).toBeGreaterThan(0);

    // The county's 督办 feedback lapses after the takeover: still the county's, and its 承办人's.
    const feedbackDue = (await clock('T', 'supervisionFeedback#1')).dueAt!;
    await go(Math.max(feedbackDue + MINUTE, takenAt + 2 * DAY));
    await act(C_HANDLER, t, 'accept', {});
    expect(byValue(await ledgerOf('T'))).toEqual([
      ['acceptanceNoticeOverdue', 'x-zjj', 'x-handler', 'assignedHandler'],
      ['listedForSupervision', 'x-zjj', 'x-handler', 'assignedHandler'],
      ['takeoverAvailable', 'x-zjj', 'x-handler', 'assignedHandler'],
      ['supervisionFeedbackOverdue', 'x-zjj', 'x-handler', 'assignedHandler'],
    ]);
  });

  it('the assessment figures: 县住建局 keeps the missed notice (及时受理率 2/3), 市住建局 is judged on its own fresh notice only (1/1)', async () => {
    for (const c of Object.values(cases)) await c.projected(dataSource);
    const body = await get(
      P_AUDITOR,
      `/reports/assessment?${new URLSearchParams({ from: '2034-03-01', to: '2034-06-30' })}`,
    );
    const of = (unitId: string) => body.units.find((u: { unitId: string }) => u.unitId === unitId);
    expect(of('x-zjj')).toMatchObject({
      acceptanceOnTime: r(2, 3), // A and O2 on time; T's notice missed (O1's objected notice not owed)
      handlingOnTime: r(2, 2), // A and O2 replied in time
      overdue: { breached: 2, stillOpen: 1 }, // T's notice (stopped by the takeover) and its 督办 feedback (still owed)
      escalations: { warning70: 2, warning90: 2, breach: 2, listedSupervision: 1, takeoverAvailable: 1 },
    });
    expect(of('c-zjj')).toMatchObject({
      acceptanceOnTime: r(1, 1), // its fresh notice, given two days into its 15
      handlingOnTime: r(0, 0),
      overdue: { breached: 0, stillOpen: 0 },
      escalations: { warning70: 0, warning90: 0, breach: 0, listedSupervision: 0, takeoverAvailable: 0 },
    });
    expect(of('x-jw')).toMatchObject({ acceptanceOnTime: r(1, 1) });
  });
});

const GROUNDS_FOR_TEST = {
  facts: '经现场核查，小区维修基金账目已公示。',
  reasons: '维修基金的使用程序符合规定。',
  legalBasis: '《住宅专项维修资金管理办法》第二十二条',
};
