/**
 * Who is in a campaign and who comes back (专项攻坚, DOMAIN §9), through the real worker on the
 * time-skipping server with real PostgreSQL: a struck-off case returns by itself when its petitioner
 * comes back with a repeat petition or its petition is reopened by its own 回头看 (反弹); a case the
 * office removed stays out of the rules' reach until the office adds it back; a case outside the
 * region, or an accusation against the campaign office, is never selected or added; and a long
 * campaign continues as new with all of its state.
 *
 * Calendar: the petitions were received on Monday 2030-01-07; the city campaign starts on Monday
 * 03-04 (weekly: bulletins at 09:00 on 03-11, 03-18, …), selecting cases open longer than 30 days.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { CampaignView } from '../../workflows/campaign/campaign.contract';
import {
  CampaignDriver,
  CampaignRegion,
  County,
  createCampaignRegion,
  recordIntake,
} from '../support/campaign-fixture';
import { ACTORS, COUNTY_OFFICE, CaseDriver, GROUNDS, at, endOf } from '../support/case-driver';
import { RunningWorker, openDataSource, startWorker, timeSkippingEnvironment } from '../support/harness';
import { recordHistory } from '../support/history-recorder';

const DAY = 86_400_000;
const bulletinAt = (n: number) => at('2030-03-11 09:00') + (n - 1) * 7 * DAY;
const near = (instant: number) => ({
  asymmetricMatch: (x: unknown) => typeof x === 'number' && x >= instant && x < instant + 60_000,
  toAsymmetricMatcher: () => `an instant within a minute after ${new Date(instant).toISOString()}`,
});

describe('campaign membership: relapses return cases, removals hold, scope is kept, long campaigns continue as new', () => {
  let env: TestWorkflowEnvironment;
  let dataSource: DataSource;
  let worker: RunningWorker;
  const taskQueue = `campaign-membership-${randomUUID()}`;
  let region: CampaignRegion;
  let county: County;
  let campaign: CampaignDriver;
  let firstRunId: string;
  const cases: Record<string, CaseDriver> = {};

  beforeAll(async () => {
    dataSource = await openDataSource();
    env = await timeSkippingEnvironment();
    worker = await startWorker({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      dataSource,
    });
    region = await createCampaignRegion(dataSource, ['a']);
    [county] = region.counties;
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
  const caseOf = (view: CampaignView, name: string) => view.cases.find((c) => c.petitionId === cases[name].petitionId);
  const supervisor = () => region.citySupervisor;

  async function openCase(name: string, overrides: Parameters<CaseDriver['register']>[0] = {}): Promise<CaseDriver> {
    const c = new CaseDriver(env, taskQueue);
    await c.register({
      registeredBy: county.registrar,
      registeringUnit: county.office,
      receivedAt: at('2030-01-07 09:00'),
      ...overrides,
    });
    await c.act('route', county.registrar, { unitId: county.zjj.id });
    await c.act('accept', county.handler, {});
    cases[name] = c;
    return c;
  }

  /**
   * Reported resolved, 回头看 passed 30 days later, struck off the same day. The petition itself is
   * replied to and delivered first (if it is still being handled): policy v2 takes 已化解 from it.
   */
  async function resolveAndStrikeOff(name: string, resolvedAt: number): Promise<void> {
    const petitionId = cases[name].petitionId;
    await advanceTo(resolvedAt);
    if ((await cases[name].view()).step === 'handling') {
      await cases[name].act('issueReply', county.handler, { outcome: 'explained', ...GROUNDS });
      await cases[name].deliver(county.handler, resolvedAt);
      await cases[name].projected(dataSource);
    }
    await campaign.act('recordProgress', county.handler, {
      petitionId,
      status: 'petitionerStopped',
      note: '信访人书面承诺停访息诉',
    });
    await advanceTo(resolvedAt + 31 * DAY);
    await campaign.act('recordFollowUpCheck', county.handler, { petitionId, result: 'stable', note: '回访稳定' });
    await campaign.act('strikeOff', supervisor(), {
      petitionId,
      documentRef: `息诉罢访承诺书-${name}`,
      petitionerStatementRef: `信访人声明-${name}`,
      note: '停访息诉',
    });
  }

  it('launch selects the open cases of its region only: never a case elsewhere, never an accusation against the campaign office', async () => {
    await advanceTo(at('2030-01-07 10:00'));
    await openCase('p1');
    await openCase('p2');
    await openCase('p4');
    const accusation = await openCase('accusation', { category: 'accusation', accusedUnitId: region.cityOffice.id });
    await recordIntake(dataSource, accusation.petitionId, county.office.id, region.cityOffice.id);
    const elsewhere = new CaseDriver(env, taskQueue);
    await elsewhere.register({
      registeredBy: ACTORS.registrar,
      registeringUnit: COUNTY_OFFICE,
      receivedAt: at('2030-01-07 09:00'),
    });
    cases.elsewhere = elsewhere;
    await advanceTo(at('2030-03-04 10:00'));
    const view = await campaign.launch(
      supervisor(),
      {
        name: '重复信访和信访积案集中治理',
        planRef: '市联席办〔2030〕5号',
        startDate: '2030-03-04',
        targetDate: '2030-08-31',
        cadenceDays: 7,
        rules: {
          openLongerThanDays: 30,
          repeatPetitions: true,
          reopenedAfterRelapse: true,
          listedForSupervision: false,
          importedBacklog: false,
        },
        office: { unitId: region.cityOffice.id, level: 'city', regionPath: region.regionPath },
      },
      undefined,
      { continueAsNewAtHistoryLength: 120 },
    );
    firstRunId = (await campaign.handle.describe()).runId;
    expect(view.cases.map((c) => c.petitionId).sort()).toEqual(
      [cases.p1.petitionId, cases.p2.petitionId, cases.p4.petitionId].sort(),
    );
    for (const name of ['accusation', 'elsewhere']) {
      await campaign.expectRejected(
        'addCase',
        supervisor(),
        { petitionId: cases[name].petitionId, reason: '补充交办' },
        'badArgument',
        /is not a case in the campaign's region/,
      );
    }
  });

  it('a case removed by the office does not come back by rule; the office can add it back, and it says why', async () => {
    await advanceTo(at('2030-03-05 10:00'));
    await campaign.expectRejected(
      'removeCase',
      supervisor(),
      { petitionId: cases.p4.petitionId, reason: ' ' },
      'badArgument',
      /reason is required/,
    );
    let view = await campaign.act('removeCase', supervisor(), {
      petitionId: cases.p4.petitionId,
      reason: '已纳入省级专项，避免重复交办',
    });
    expect(caseOf(view, 'p4')!.removed).toMatchObject({
      byUserId: supervisor().userId,
      reason: '已纳入省级专项，避免重复交办',
    });
    await advanceTo(bulletinAt(2) + 1000);
    view = await campaign.view();
    expect(caseOf(view, 'p4')!.removed).not.toBeNull();
    const [total] = await dataSource.query(
      `SELECT in_scope FROM campaign_bulletin_lines WHERE campaign_id = $1 AND bulletin_no = 2 AND line_kind = 'total'`,
      [campaign.campaignId],
    );
    expect(total.in_scope).toBe(2);
    view = await campaign.act('addCase', supervisor(), {
      petitionId: cases.p4.petitionId,
      reason: '省级专项退回，重新纳入',
    });
    expect(caseOf(view, 'p4')).toMatchObject({
      removed: null,
      joined: { by: 'manual', userId: supervisor().userId, reason: '省级专项退回，重新纳入' },
      joinedAt: near(bulletinAt(2) + 1000),
    });
  });

  it('a struck-off case returns by itself when its petitioner comes back with a repeat petition, which joins by rule', async () => {
    await resolveAndStrikeOff('p1', at('2030-03-20 10:00'));
    expect(caseOf(await campaign.view(), 'p1')!.strikeOff).not.toBeNull();
    await advanceTo(at('2030-04-24 10:00'));
    const repeat = await openCase('p3', { receivedAt: at('2030-04-24 09:00'), repeatOf: [cases.p1.petitionId] });
    expect(repeat.petitionId).toBeDefined();
    // The next bulletin is 04-29 09:00 (the eighth): selection first, so both show in it.
    await advanceTo(bulletinAt(8) + 1000);
    const view = await campaign.view();
    expect(caseOf(view, 'p3')).toMatchObject({
      joinedAt: near(bulletinAt(8)),
      joined: { by: 'rule', reasons: ['repeatPetition'] },
    });
    expect(caseOf(view, 'p1')).toMatchObject({ status: 'inProgress', strikeOff: null, relapses: 1 });
    const records = await dataSource.query(
      `SELECT rule, unit_id, occurred_at, detail FROM accountability_records WHERE petition_id = $1 AND campaign_id = $2`,
      [cases.p1.petitionId, campaign.campaignId],
    );
    expect(records).toEqual([
      expect.objectContaining({
        rule: 'resolutionNotReal',
        unit_id: county.zjj.id,
        detail: expect.objectContaining({
          source: 'repeatPetition',
          wasStruckOff: true,
          repeatPetitionId: cases.p3.petitionId,
        }),
      }),
    ]);
    expect(new Date(records[0].occurred_at).getTime()).toEqual(near(bulletinAt(8)));
    const [line] = await dataSource.query(
      `SELECT in_scope, resolved, struck_off FROM campaign_bulletin_lines WHERE campaign_id = $1 AND bulletin_no = 8 AND line_kind = 'total'`,
      [campaign.campaignId],
    );
    expect(line).toEqual({ in_scope: 4, resolved: 0, struck_off: 0 });
  });

  it("a struck-off case returns by itself when its petition is reopened by the petition's own 回头看", async () => {
    const p2 = cases.p2;
    await advanceTo(at('2030-04-30 10:00'));
    // The petition itself: replied and delivered on 04-30, no review asked within 30 days: final at the end of 05-30.
    await p2.act('issueReply', county.handler, { outcome: 'supported', ...GROUNDS });
    await p2.act('confirmImplementation', county.handler, {});
    await p2.deliver(county.handler, at('2030-04-30 10:00'));
    await resolveAndStrikeOff('p2', at('2030-05-01 10:00'));
    expect(caseOf(await campaign.view(), 'p2')!.strikeOff).not.toBeNull();
    // 30 days after closure (the end of 05-30) the petition's own check falls due, and finds the problem back.
    await advanceTo(endOf('2030-05-30') + 30 * DAY + 1000);
    const reopened = await p2.act('recordFollowUp', county.handler, { result: 'relapsed', note: '维修再次停滞' });
    expect(reopened).toMatchObject({ step: 'handling', reopenedCount: 1 });
    const next = bulletinAt(Math.ceil((endOf('2030-05-30') + 30 * DAY + 1000 - bulletinAt(1)) / (7 * DAY)) + 1);
    await advanceTo(next + 1000);
    const view = await campaign.view();
    expect(caseOf(view, 'p2')).toMatchObject({ status: 'inProgress', strikeOff: null, relapses: 1 });
    const [record] = await dataSource.query(
      `SELECT detail, occurred_at FROM accountability_records WHERE petition_id = $1 AND campaign_id = $2`,
      [p2.petitionId, campaign.campaignId],
    );
    expect(record.detail).toMatchObject({ source: 'petitionReopened', wasStruckOff: true, reopenedCount: 1 });
    expect(new Date(record.occurred_at).getTime()).toEqual(near(next));
  });

  it('the campaign continued as new along the way and kept every case, plan and bulletin number', async () => {
    const describe = await campaign.handle.describe();
    expect(describe.runId).not.toBe(firstRunId);
    const view = await campaign.view();
    expect(view.cases).toHaveLength(4);
    const bulletins = await dataSource.query(
      `SELECT bulletin_no FROM campaign_bulletins WHERE campaign_id = $1 ORDER BY bulletin_no`,
      [campaign.campaignId],
    );
    expect(bulletins.map((b: { bulletin_no: number }) => b.bulletin_no)).toEqual(
      Array.from({ length: view.bulletinsIssued }, (_, i) => i + 1),
    );
    await recordHistory('campaign-first-run', env.client.workflow.getHandle(campaign.handle.workflowId, firstRunId));
  });
});
