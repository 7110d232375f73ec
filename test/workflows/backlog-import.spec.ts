/**
 * Backlog that predates the service (积案, DOMAIN §9), through the real worker on the time-skipping
 * server with real PostgreSQL: a case first received in 2024 is registered in 2030 with its history.
 * It is marked as imported; its clocks run from the registration, so nothing fires against today's
 * staff for deadlines that passed years ago; and it takes part in campaigns and 回头看 like any case.
 */
import { randomUUID } from 'node:crypto';
import type { BacklogHistory } from '../../libs/process';
import { CampaignDriver, createCampaignRegion } from '../support/campaign-fixture';
import { CaseDriver, GROUNDS, at, endOf } from '../support/case-driver';
import { useTimeSkippingWorker } from '../support/harness';
import { recordHistory } from '../support/history-recorder';

const DAY = 86_400_000;

describe('imported backlog (积案) registered with its history', () => {
  const ctx = useTimeSkippingWorker('backlog');

  const history = (): BacklogHistory => ({
    firstReceivedAt: at('2024-05-10 09:00'),
    visits: 7,
    earlierDecisions: [
      { kind: 'reply', documentRef: '某县住建〔2024〕31号', date: '2024-06-20' },
      { kind: 'reviewDecision', documentRef: '某市信访复查〔2024〕12号', date: '2024-09-01' },
    ],
    sourceRef: '县信访局积案台账 2024-017',
  });
  const ledger = (petitionId: string): Promise<{ rule: string }[]> =>
    ctx.dataSource.query(`SELECT rule FROM accountability_records WHERE petition_id = $1 ORDER BY id`, [petitionId]);

  it('is marked imported, records no late registration, and its clocks run from the import: nothing fires for years-old dates', async () => {
    const region = await createCampaignRegion(ctx.dataSource, ['a']);
    const [county] = region.counties;
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    const view = await c.register({
      registeredBy: county.registrar,
      registeringUnit: county.office,
      receivedAt: history().firstReceivedAt,
      backlog: history(),
    });
    expect(view).toMatchObject({
      imported: true,
      backlog: history(),
      receivedAt: at('2024-05-10 09:00'),
      firstTimeResolution: false,
    });
    // Routing runs 15 days from the import (Monday 03-04): due at the end of Tuesday 03-19, nothing fired.
    const routing = c.clock(view, 'routing#1');
    expect(routing.startedAt).toBeGreaterThanOrEqual(at('2030-03-04 10:00'));
    expect(routing).toMatchObject({
      lastDay: '2030-03-19',
      dueAt: endOf('2030-03-19'),
      firedRungs: [],
      overdue: false,
    });
    await c.projected(ctx.dataSource);
    expect(await ledger(c.petitionId)).toEqual([]);
    const [row] = await ctx.dataSource.query(
      `SELECT received_at, view->>'imported' AS imported FROM petitions WHERE id = $1`,
      [c.petitionId],
    );
    expect([new Date(row.received_at).getTime(), row.imported]).toEqual([at('2024-05-10 09:00'), 'true']);
    const [registered] = await ctx.dataSource.query(
      `SELECT data FROM petition_events WHERE petition_id = $1 AND type = 'registered'`,
      [c.petitionId],
    );
    expect(registered.data).toMatchObject({
      imported: true,
      lateRegistration: false,
      backlog: { visits: 7, sourceRef: '县信访局积案台账 2024-017' },
    });

    // The same petition registered today as new would be years late, with every routing rung fired at once.
    const fresh = new CaseDriver(ctx.env, ctx.taskQueue);
    const late = await fresh.register({
      registeredBy: county.registrar,
      registeringUnit: county.office,
      receivedAt: at('2024-05-10 09:00'),
    });
    expect(fresh.clock(late, 'routing#1').firedRungs).toEqual([
      'warning70',
      'warning90',
      'breach',
      'listedSupervision',
      'takeoverAvailable',
    ]);
    await fresh.projected(ctx.dataSource);
    expect((await ledger(fresh.petitionId)).map((r) => r.rule)).toContain('lateRegistration');
  });

  it('takes part in a campaign by the importedBacklog rule, and in 回头看 after it closes, like any case', async () => {
    const region = await createCampaignRegion(ctx.dataSource, ['a']);
    const [county] = region.counties;
    const c = new CaseDriver(ctx.env, ctx.taskQueue);
    await c.advanceTo(at('2030-03-04 10:00'));
    await c.register({
      registeredBy: county.registrar,
      registeringUnit: county.office,
      receivedAt: history().firstReceivedAt,
      backlog: history(),
    });
    await c.act('route', county.registrar, { unitId: county.zjj.id });
    await c.act('accept', county.handler, {});
    const campaign = new CampaignDriver(ctx.env, ctx.taskQueue);
    const launched = await campaign.launch(
      region.citySupervisor,
      {
        name: '历史遗留信访积案化解',
        planRef: '市联席办〔2030〕7号',
        startDate: '2030-03-04',
        targetDate: '2030-05-31',
        cadenceDays: 14,
        rules: {
          openLongerThanDays: null,
          repeatPetitions: false,
          reopenedAfterRelapse: false,
          listedForSupervision: false,
          importedBacklog: true,
        },
        office: { unitId: region.cityOffice.id, level: 'city', regionPath: region.regionPath },
      },
      `create-${randomUUID()}`,
    );
    expect(launched.cases).toEqual([
      expect.objectContaining({
        petitionId: c.petitionId,
        imported: true,
        joined: { by: 'rule', reasons: ['importedBacklog'] },
        unitId: county.zjj.id,
      }),
    ]);

    // Handled like any case: replied, delivered, no review asked within 30 days: final; 回头看 30 days later.
    await c.advanceTo(at('2030-03-20 10:00'));
    await c.act('issueReply', county.handler, { outcome: 'explained', ...GROUNDS });
    await c.deliver(county.handler, at('2030-03-20 10:00'));
    await c.advanceTo(endOf('2030-04-19') + 1000);
    const closed = await c.view();
    expect(closed).toMatchObject({ step: 'closed', closedAt: endOf('2030-04-19'), imported: true });
    expect(closed.followUps[0]).toMatchObject({
      reason: 'scheduled',
      status: 'scheduled',
      dueAt: endOf('2030-04-19') + 30 * DAY,
    });
    await recordHistory('backlog-imported', c.handle);
  });
});
