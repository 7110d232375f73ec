/**
 * 考核 and 专项攻坚 in the console (DOMAIN §8, campaigns): the county supervisor reads this month's
 * assessment report with its charts and saves the units table as CSV; a campaign launched over
 * HTTP, with one case resolved (its petition's reply delivered) and then closed, shows its final
 * bulletin's 表扬 and 约谈 lists.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { accessibilityViolations, browserTest, useConsole } from '../support/browser';
import { rowOnAnyPage } from './steps/console-steps';

const DAY = 86_400_000;
const SUPERVISOR = staffBearer('x-supervisor');
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('the supervisor reads the assessment report and a campaign bulletin', () => {
  const console = useConsole();
  const http = () => request(console.service.app.getHttpServer());
  let petitionId = '';
  /** How the console names the case: its 信访件编号. */
  let caseNumber = '';

  beforeAll(async () => {
    const registered = await http()
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `browser-reports-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'visit',
        petitionerName: '周某',
        summary: '拆迁安置房逾期未交付',
        receivedAt: new Date(Date.now() - 25 * DAY).toISOString(),
      });
    expect(registered.status).toBe(201);
    petitionId = registered.body.petitionId;
    caseNumber = registered.body.caseNumber;
    // Registration is asynchronous: wait until the read model counts the case as registered.
    for (let i = 0; i < 150; i++) {
      const rows = await console.service.dataSource.query(`SELECT 1 FROM petitions WHERE id = $1`, [petitionId]);
      if (rows.length) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the petition was never projected');
  });

  browserTest(
    '考核报表 for this month shows the figures, the charts, and saves the units table as CSV with a BOM',
    async () => {
      const page = await console.signedIn('x-supervisor');
      await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '考核报表' }).click();
      const from = `${today().slice(0, 8)}01`;
      const report = (
        await http().get(`/reports/assessment?from=${from}&to=${today()}`).set('Authorization', SUPERVISOR)
      ).body;
      expect(report.total.registered).toBeGreaterThanOrEqual(1);

      const figures = page.getByRole('table').filter({ hasText: '及时受理率' }).first();
      const totalRow = page.getByRole('row').filter({ hasText: '合计' }).first();
      await totalRow.waitFor();
      // The total row's 登记 cell is the API's count for the same period.
      await expect(totalRow.getByRole('cell').nth(2).textContent()).resolves.toBe(String(report.total.registered));
      await expect(figures.textContent()).resolves.toContain('县信访局');
      // The charts (a chunk loaded on demand) draw on canvases.
      await page.locator('[aria-label="超期单位排名"] canvas').first().waitFor();
      await page.locator('[aria-label="倒金字塔：各级登记量"] canvas').first().waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '导出单位指标 CSV' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe(`考核报表-单位指标-${from}至${today()}.csv`);
      const bytes = await readFile((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const [header, total] = bytes.subarray(3).toString('utf8').split('\r\n');
      // For people: Chinese headers, the total row named 合计, rates as percentages.
      expect(header).toMatch(/^单位,层级,登记数,按期受理告知数,应受理告知数,及时受理率,/);
      expect(total.split(',').slice(0, 3)).toEqual(['合计', '', String(report.total.registered)]);
      expect(total.split(',')[5]).toMatch(/^(\d+\.\d%|—)$/);
    },
  );

  browserTest("a closed campaign's final bulletin lists the units praised and called in, as the API does", async () => {
    // 已化解 counts only once the petition itself is settled (campaign policy v2): routed, accepted,
    // replied to and the reply delivered, over the API.
    const act = async (token: string, action: string, args: Record<string, unknown>) => {
      const response = await http()
        .post(`/petitions/${petitionId}/actions/${action}`)
        .set('Authorization', staffBearer(token))
        .send({ requestId: randomUUID(), args });
      expect(response.status).toBe(200);
      return response.body;
    };
    await act('x-registrar', 'route', { unitId: 'x-zjj' });
    await act('x-handler', 'accept', {});
    const drafted = await act('x-handler', 'issueReply', {
      outcome: 'supported',
      facts: '经核查，安置房已于本月交付。',
      reasons: '安置协议约定的交付义务已履行。',
      legalBasis: '《国有土地上房屋征收与补偿条例》第二十五条',
    });
    const replied = await act('x-head', 'approveDraft', { draftNo: drafted.draft.draftNo });
    await act('x-handler', 'recordDelivery', {
      method: 'direct',
      signedBy: 'petitioner',
      deliveredAt: new Date().toISOString(),
      documentId: replied.awaitingDelivery.documentId,
    });
    for (let i = 0; ; i++) {
      const [row] = await console.service.dataSource.query(`SELECT step FROM petitions WHERE id = $1`, [petitionId]);
      if (row?.step === 'reviewWindow') break;
      if (i > 150) throw new Error('the delivery was never projected');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const launched = await http()
      .post('/campaigns')
      .set('Authorization', SUPERVISOR)
      .set('Idempotency-Key', `browser-campaign-${randomUUID()}`)
      .send({
        name: '县信访积案化解专项攻坚（浏览器测试）',
        planRef: '县联席办〔2026〕9号',
        startDate: today(),
        targetDate: new Date(Date.parse(`${today()}T00:00:00Z`) + 90 * DAY).toISOString().slice(0, 10),
        cadenceDays: 7,
        rules: {
          openLongerThanDays: 20,
          repeatPetitions: false,
          reopenedAfterRelapse: false,
          listedForSupervision: false,
          importedBacklog: false,
        },
      });
    expect(launched.status).toBe(201);
    const campaignId: string = launched.body.campaignId;
    expect(launched.body.cases.map((c: { petitionId: string }) => c.petitionId)).toContain(petitionId);
    const write = (path: string, body: Record<string, unknown>) =>
      http()
        .post(`/campaigns/${campaignId}${path}`)
        .set('Authorization', SUPERVISOR)
        .send({ requestId: randomUUID(), ...body });
    expect((await write(`/cases/${petitionId}/progress`, { status: 'resolved', note: '安置房已交付' })).status).toBe(
      200,
    );
    expect((await write('/close', { reason: '阶段性攻坚结束' })).status).toBe(200);
    const bulletin = (await http().get(`/campaigns/${campaignId}/bulletins/1`).set('Authorization', SUPERVISOR)).body;
    expect(bulletin.praised).toContain('x-zjj');
    const nameOf = (id: string) =>
      bulletin.units.find((line: { subjectId: string }) => line.subjectId === id).subjectName;

    const page = await console.signedIn('x-supervisor');
    await page.goto(`${console.baseUrl}/console/campaigns`);
    await page.getByRole('link', { name: '县信访积案化解专项攻坚（浏览器测试）' }).click();
    await page.getByRole('tab', { name: '调度通报' }).click();
    const praised = page.getByTestId('bulletin-praised');
    await expect(praised.textContent()).resolves.toBe(`表扬${bulletin.praised.map(nameOf).join('')}`);
    const laggards = page.getByTestId('bulletin-laggards');
    await expect(laggards.textContent()).resolves.toBe(
      `约谈${bulletin.laggards.length ? bulletin.laggards.map(nameOf).join('') : '无'}`,
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    // The unit table carries the same verdict as the API's line.
    const row = page
      .getByRole('table', { name: '各单位' })
      .getByRole('row')
      .filter({ hasText: nameOf('x-zjj') });
    await expect(row.textContent()).resolves.toContain('表扬');
  });
  browserTest(
    'the supervisor launches a campaign from the console: the preview lists the case, the launch selects it once, and closing issues the final bulletin',
    async () => {
      const page = await console.signedIn('x-supervisor');
      await page.goto(`${console.baseUrl}/console/campaigns`);
      await page.getByRole('button', { name: '启动专项攻坚' }).click();
      const dialog = page.getByRole('dialog', { name: '启动专项攻坚' });
      await dialog.getByLabel('名称').fill('县重复信访治理专项（浏览器测试）');
      await dialog.getByLabel('实施方案文号').fill('县联席办〔2026〕10号');
      await dialog.getByLabel(/纳入超过天数/).fill('20');
      await dialog.getByRole('button', { name: '预览选中案件' }).click();
      // Five cases a page: other tests' old cases share the database, so it may be on a later one.
      await rowOnAnyPage(dialog, caseNumber);
      expect(await accessibilityViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: /启\s*动/ }).dblclick();

      await page.getByRole('heading', { name: '县重复信访治理专项（浏览器测试）' }).waitFor();
      const campaignId = new URL(page.url()).pathname.split('/').pop();
      // The campaign's cases, twenty a page: this test's case among the other tests' old ones.
      await rowOnAnyPage(
        page.locator('.ant-table-wrapper').filter({ has: page.getByRole('table', { name: '攻坚案件' }) }),
        caseNumber,
      );
      // One intent, one campaign, even clicked twice: the Idempotency-Key was made when the form opened.
      const mine = (
        (await http().get('/campaigns').set('Authorization', SUPERVISOR)).body as { campaignId: string; name: string }[]
      ).filter((c) => c.name === '县重复信访治理专项（浏览器测试）');
      expect(mine.map((c) => c.campaignId)).toEqual([campaignId]);
      const view = (await http().get(`/campaigns/${campaignId}`).set('Authorization', SUPERVISOR)).body;
      expect(view).toMatchObject({
        status: 'active',
        startDate: today(),
        cadenceDays: 7,
        rules: { openLongerThanDays: 20, repeatPetitions: false },
      });
      expect(view.cases.map((c: { petitionId: string }) => c.petitionId)).toContain(petitionId);

      // The office closes it from the console: the campaign issues its final bulletin.
      await page.getByRole('button', { name: '结束专项攻坚' }).click();
      const closing = page.getByRole('dialog', { name: '结束专项攻坚' });
      await closing.getByLabel('结束理由').fill('阶段性攻坚结束，转入常态化');
      await closing.getByRole('button', { name: '结束并发布终期通报' }).click();
      await closing.waitFor({ state: 'detached' });
      await page.getByText('已结束').first().waitFor();
      await expect(page.getByRole('button', { name: '结束专项攻坚' }).count()).resolves.toBe(0);
      const closed = (await http().get(`/campaigns/${campaignId}`).set('Authorization', SUPERVISOR)).body;
      expect(closed).toMatchObject({ status: 'closed', closeReason: '阶段性攻坚结束，转入常态化', bulletinsIssued: 1 });
    },
  );
});
