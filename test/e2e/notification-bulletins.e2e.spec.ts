/**
 * Issue 19: a campaign's bulletin (专项攻坚 通报) reaches each participating unit and the launching
 * office, once. In a city of its own (test/support/campaign-fixture.ts, no other test's region), the
 * city petition office runs a campaign over one case in county a's housing bureau and one in county
 * b's; a's case is resolved, so a is praised (表扬) and b neither praised nor called in. Closing the
 * campaign issues the final bulletin: each of the three units gets exactly one notification in the
 * bell and one mail on the real SMTP server in this process, saying only its own standing and
 * counts; projecting the same transition again creates nothing more.
 */
import { Client, Connection } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { NotificationsService } from '../../apps/api/src/notifications/notifications.service';
import { CampaignActivitiesImpl } from '../../activities/campaign.activities';
import { bulletinNotificationKey } from '../../libs/notify/campaign-bulletin';
import { deliveryMessageKey } from '../../libs/notify/dispatcher';
import type { BulletinFigures, BulletinLine } from '../../libs/process/campaign-bulletin';
import { campaignWorkflowId } from '../../workflows/campaign/campaign.contract';
import { CampaignDriver, type CampaignRegion, createCampaignRegion, recordIntake } from '../support/campaign-fixture';
import { CaseDriver, GROUNDS } from '../support/case-driver';
import { testDataConverter, useRunningService } from '../support/harness';
import { mailSettingsFor, startSmtpInbox, type SmtpInbox } from '../support/smtp-inbox';

const tag = randomUUID().slice(0, 8);
const mailOf = (unitId: string) => `${unitId}-${tag}@example.test`;

describe('notifications: a campaign bulletin reaches each participating unit and the office once', () => {
  let inbox: SmtpInbox;
  let connection: Connection | undefined;
  afterAll(async () => {
    await connection?.close();
    await inbox?.close();
  });
  const service = useRunningService({
    configure: async (config) => {
      inbox = await startSmtpInbox();
      return {
        ...config,
        smtp: mailSettingsFor(inbox),
      };
    },
  });

  let region: CampaignRegion;
  let campaign: CampaignDriver;
  let env: TestWorkflowEnvironment;
  const units = () => [region.cityOffice.id, region.counties[0].zjj.id, region.counties[1].zjj.id];

  beforeAll(async () => {
    region = await createCampaignRegion(service.dataSource, ['a', 'b']);
    for (const unitId of units())
      await service.dataSource.query(
        `INSERT INTO notification_addresses (owner_kind, owner_id, channel, address) VALUES ('unit', $1, 'email', $2)`,
        [unitId, mailOf(unitId)],
      );
    connection = await Connection.connect({ address: service.config.temporalAddress });
    const client = new Client({
      connection,
      namespace: service.config.temporalNamespace,
      dataConverter: testDataConverter(),
    });
    // The drivers need only a client and the clock; on the dev server the clock is the wall's.
    env = { client, currentTimeMs: async () => Date.now() } as unknown as TestWorkflowEnvironment;
    campaign = new CampaignDriver(env, service.config.taskQueue);
  }, 60_000);

  const bulletinRows = () =>
    service.dataSource.query(
      `SELECT n.key, n.petition_id, n.event_seq, n.kind, n.audience_unit_id, n.audience_roles, n.data,
              (SELECT count(*)::int FROM notification_deliveries d WHERE d.notification_key = n.key) AS deliveries
         FROM notifications n WHERE n.key LIKE $1 ORDER BY n.key`,
      [`campaign:${campaign.campaignId}:%`],
    ) as Promise<
      {
        key: string;
        petition_id: string | null;
        event_seq: number;
        kind: string;
        audience_unit_id: string;
        audience_roles: string[];
        data: { caseNumber: string | null; campaign: Record<string, unknown> };
        deliveries: number;
      }[]
    >;

  const bell = (unitId: string) =>
    service.app.get(NotificationsService).list({
      id: `${unitId}-head`,
      name: '负责人',
      role: 'unitHead',
      unitId,
      regionPath: region.regionPath,
      sessionId: null,
    });

  /** The figures of a stored bulletin, as the workflow handed them to the projection. */
  async function storedBulletin(
    no: number,
  ): Promise<{ bulletinNo: number; kind: 'final' | 'scheduled'; figures: BulletinFigures }> {
    const [b] = await service.dataSource.query(
      `SELECT kind, as_of, bulletin_date::text AS date, elapsed_share, expected_rate, days_to_target
         FROM campaign_bulletins WHERE campaign_id = $1 AND bulletin_no = $2`,
      [campaign.campaignId, no],
    );
    const lines: Record<string, unknown>[] = await service.dataSource.query(
      `SELECT * FROM campaign_bulletin_lines WHERE campaign_id = $1 AND bulletin_no = $2 ORDER BY subject_id`,
      [campaign.campaignId, no],
    );
    const line = (l: Record<string, unknown>): BulletinLine => ({
      kind: l.line_kind as BulletinLine['kind'],
      subjectId: String(l.subject_id),
      inScope: Number(l.in_scope),
      resolved: Number(l.resolved),
      struckOff: Number(l.struck_off),
      rate: Number(l.rate),
      overdueSteps: Number(l.overdue_steps),
      daysToTarget: Number(l.days_to_target),
      verdict: (l.verdict as BulletinLine['verdict']) ?? null,
      petitionIds: l.petition_ids as string[],
    });
    return {
      bulletinNo: no,
      kind: b.kind,
      figures: {
        asOf: new Date(b.as_of).getTime(),
        date: b.date,
        elapsedShare: Number(b.elapsed_share),
        expectedRate: Number(b.expected_rate),
        daysToTarget: Number(b.days_to_target),
        totals: line(lines.find((l) => l.line_kind === 'total')!),
        units: lines.filter((l) => l.line_kind === 'unit').map(line),
        leaders: lines.filter((l) => l.line_kind === 'leader').map(line),
      },
    };
  }

  it('closing the campaign issues its final bulletin: each unit and the office hear of it once, in the bell and by mail', async () => {
    const [a, b] = region.counties;
    const cases: CaseDriver[] = [];
    for (const county of [a, b]) {
      const c = new CaseDriver(env, service.config.taskQueue);
      await c.register({ registeredBy: county.registrar, registeringUnit: county.office });
      await recordIntake(service.dataSource, c.petitionId, county.office.id);
      await c.act('route', county.registrar, { unitId: county.zjj.id });
      await c.act('accept', county.handler, {});
      await c.projected(service.dataSource);
      cases.push(c);
    }
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const target = new Date(Date.parse(`${today}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10);
    await campaign.launch(region.citySupervisor, {
      name: '全市信访积案化解专项攻坚',
      planRef: '市信访联席办〔2026〕9号',
      startDate: today,
      targetDate: target,
      cadenceDays: 7,
      rules: {
        openLongerThanDays: 365,
        repeatPetitions: false,
        reopenedAfterRelapse: false,
        listedForSupervision: false,
        importedBacklog: false,
      },
      office: { unitId: region.cityOffice.id, level: 'city', regionPath: region.regionPath },
    });
    for (const c of cases)
      await campaign.act('addCase', region.citySupervisor, {
        petitionId: c.petitionId,
        reason: '群众反映强烈，纳入攻坚',
      });
    // County a's case is settled and reported resolved: a is praised; b has resolved nothing.
    await cases[0].act('issueReply', a.handler, { outcome: 'explained', ...GROUNDS });
    for (let i = 0; i < 100 && !(await cases[0].view()).awaitingDelivery; i++)
      await new Promise((r) => setTimeout(r, 100));
    await cases[0].deliver(a.handler, Date.now());
    await cases[0].projected(service.dataSource);
    await campaign.act('recordProgress', a.handler, {
      petitionId: cases[0].petitionId,
      status: 'resolved',
      note: '已化解',
    });
    await campaign.projected(service.dataSource);
    expect(await bulletinRows()).toEqual([]);

    const closed = await campaign.act('closeCampaign', region.citySupervisor, { reason: '阶段性攻坚结束' });
    expect(closed).toMatchObject({ status: 'closed', bulletinsIssued: 1 });
    await campaign.projected(service.dataSource);

    const rows = await bulletinRows();
    expect(rows.map((r) => r.key).sort()).toEqual(
      units()
        .map((u) => bulletinNotificationKey(campaign.campaignId, 1, u))
        .sort(),
    );
    for (const r of rows) {
      expect(r).toMatchObject({ petition_id: null, event_seq: 1, kind: 'campaignBulletin', deliveries: 1 });
      // Nothing of the bulletin's cases: no case number, no petition id anywhere in what it says.
      expect(JSON.stringify(r.data)).not.toMatch(new RegExp(cases.map((c) => c.petitionId).join('|')));
    }
    const byUnit = (id: string) => rows.find((r) => r.audience_unit_id === id)!;
    expect(byUnit(region.cityOffice.id).data.campaign).toMatchObject({
      for: 'office',
      inScope: 2,
      resolved: 1,
      praised: 1,
      laggards: 0,
    });
    expect(byUnit(a.zjj.id).data.campaign).toMatchObject({ for: 'unit', verdict: 'praise', inScope: 1, resolved: 1 });
    expect(byUnit(b.zjj.id).data.campaign).toMatchObject({ for: 'unit', verdict: null, inScope: 1, resolved: 0 });

    // The bell: each unit's head sees exactly one, in Chinese, naming the campaign and the bulletin.
    const expected: Record<string, RegExp> = {
      [region.cityOffice.id]: /本期通报已发布：纳入攻坚 2 件，已化解 1 件，化解率 50%；表扬 1 个单位，约谈 0 个单位。/,
      [a.zjj.id]: /受到表扬/,
      [b.zjj.id]: /未列入表扬或约谈名单/,
    };
    for (const unitId of units()) {
      const mine = (await bell(unitId)).items.filter((n) => n.kind === 'campaignBulletin');
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        title: '专项攻坚通报：全市信访积案化解专项攻坚（第1期，终期）',
        link: `/console/campaigns/${campaign.campaignId}`,
        petitionId: null,
        caseNumber: null,
      });
      expect(mine[0].lines.join('\n')).toMatch(expected[unitId]);
    }
    // Another county's head hears nothing of a's standing.
    expect((await bell(region.counties[1].office.id)).items.filter((n) => n.kind === 'campaignBulletin')).toEqual([]);

    // The mail: one per unit mailbox, keyed by the notification (the cases' own notices reach it too).
    const bulletinMails = (unitId: string) =>
      inbox.mails.filter(
        (m, i) =>
          inbox.envelopes[i].includes(mailOf(unitId)) &&
          String(m.headers.get('x-notification-key')).startsWith(`campaign:${campaign.campaignId}:`),
      );
    for (const unitId of units()) {
      const key = deliveryMessageKey(bulletinNotificationKey(campaign.campaignId, 1, unitId), 'email');
      for (let i = 0; i < 200 && bulletinMails(unitId).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
      const mails = bulletinMails(unitId);
      expect(mails.map((m) => m.headers.get('x-notification-key'))).toEqual([key]);
      expect(mails[0].subject).toBe('专项攻坚通报：全市信访积案化解专项攻坚（第1期，终期）');
      expect(mails[0].text).toMatch(expected[unitId]);
      expect(mails[0].text).toContain(`https://xf.example.test/console/campaigns/${campaign.campaignId}`);
    }

    // Projecting the same transition again (a retried activity, a replay) creates nothing more.
    const view = await campaign.view();
    await new CampaignActivitiesImpl(service.dataSource).projectCampaign({
      campaignId: campaign.campaignId,
      workflowId: campaignWorkflowId(campaign.campaignId),
      revision: view.revision,
      view,
      events: [],
      ledger: [],
      escalations: [],
      bulletins: [await storedBulletin(1)],
    });
    expect(await bulletinRows()).toEqual(rows);
    await new Promise((r) => setTimeout(r, 3_000)); // the dispatcher polls every second
    for (const unitId of units()) expect(bulletinMails(unitId)).toHaveLength(1);
    expect(inbox.mails.filter((m) => String(m.headers.get('x-notification-key')).startsWith('campaign:'))).toHaveLength(
      3,
    );
    const [{ n }] = await service.dataSource.query(
      `SELECT count(*)::int AS n FROM notification_deliveries WHERE notification_key LIKE $1 AND state = 'sent'`,
      [`campaign:${campaign.campaignId}:%`],
    );
    expect(n).toBe(3);
  }, 180_000);
});
