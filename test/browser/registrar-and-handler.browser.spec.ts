/**
 * A petition through the console as the statute has it: the petition office registers it (登记) and
 * hands the petitioner the 查询码, routes it (转送) to the unit with authority within its period;
 * the unit's handler accepts it (受理), the unit head extends the handling period once (延期, Art 33)
 * and issues the written reply (处理意见书: facts, reasons, legal basis), which then awaits delivery.
 * Each step is checked on the page and through the API.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { accessibilityViolations, browserTest, useConsole } from '../support/browser';
import { button, choose, fieldMessage, openAction, pickInstant, queueRow, submitAction } from './steps/console-steps';

const DAY = 86_400_000;
/** `YYYY-MM-DD HH:mm` in Beijing time, as the date pickers take it. */
const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const beijingSeconds = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

describe('registration, routing, acceptance, extension and the written reply in the console', () => {
  const console = useConsole();
  const summary = `小区电梯停运一年多，物业不予维修（${randomUUID().slice(0, 8)}）`;
  let petitionId = '';
  let queryCode = '';

  const get = (userId: string, path: string) =>
    request(console.service.app.getHttpServer()).get(path).set('Authorization', staffBearer(userId));
  const caseOf = async (userId: string, id = petitionId) =>
    (await get(userId, `/petitions/${id}`).expect(200)).body.live;

  browserTest(
    'the registrar registers the petition; a missing or refused field is told on the field; the 查询码 is shown',
    async () => {
      const page = await console.signedIn('x-registrar');
      await page.goto(`${console.baseUrl}/console/intake`);
      await page.getByLabel('信访类别').waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await choose(page, '信访类别', '申诉求决');
      await choose(page, '来源渠道', '来访');
      await page.getByLabel('信访事项摘要').fill(summary);
      expect(await accessibilityViolations(page)).toEqual([]);
      await button(page, '登记').click();
      // No petitioner's name: the form says so on the field, and nothing is sent.
      await expect(fieldMessage(page, 'intake', 'petitionerName').textContent()).resolves.toContain('请填写信访人姓名');
      await page.getByLabel('信访人姓名').fill('王五');

      // Received two years ago with no reason for the late registration: the API refuses, naming the field.
      await pickInstant(page, '收到时间', beijing(Date.now() - 730 * DAY));
      await button(page, '登记').click();
      await expect(fieldMessage(page, 'intake', 'lateRegistrationReason').textContent()).resolves.toMatch(
        /超过 365 天/,
      );
      expect(await page.getByTestId('query-code').count()).toBe(0);

      // 进展通知: ticked, the e-mail is asked for and kept with the registration
      await page.getByLabel('信访人愿意通过电子邮件接收办理进展通知').check();
      await page.getByLabel('接收通知的电子邮箱').fill('wangwu@example.test');
      await pickInstant(page, '收到时间', beijing(Date.now() - 3_600_000));
      await button(page, '登记').click();
      queryCode = (await page.getByTestId('query-code').textContent())!.trim();
      petitionId = (await page.getByTestId('case-number').getAttribute('data-petition-id'))!;
      expect(queryCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      // The code shown is the one the petitioner's page accepts.
      const seen = await request(console.service.app.getHttpServer())
        .get(`/public/petitions/${petitionId}`)
        .set('X-Query-Code', queryCode);
      expect(seen.status).toBe(200);
      expect((await caseOf('x-registrar')).step).toBe('routing');
      expect(
        await console.service.dataSource.query(`SELECT milestone_email FROM petition_intakes WHERE petition_id = $1`, [
          petitionId,
        ]),
      ).toEqual([{ milestone_email: 'wangwu@example.test' }]);
    },
  );

  browserTest(
    'from the routing queue the registrar routes it (转送) to 县住建局, picked in the unit tree',
    async () => {
      const page = await console.signedIn('x-registrar');
      const row = await queueRow(page, `${console.baseUrl}/console/routing`, petitionId);
      await expect(row.textContent()).resolves.toContain('转送交办期限');
      await row.getByRole('button', { name: '转送/交办' }).click();
      await button(page.getByRole('dialog'), '转送').click();
      const dialog = page.getByRole('dialog').filter({ has: page.getByLabel('单位', { exact: true }) });
      await choose(page, '单位', '示范县住房和城乡建设局', dialog);
      expect(await accessibilityViolations(page)).toEqual([]);
      await submitAction(dialog);
      const routed = await caseOf('x-registrar');
      expect(routed.step).toBe('acceptance');
      expect(routed.handlingUnitId).toBe('x-zjj');
    },
  );

  browserTest('the handler finds it in 我的待办, opens it and accepts it (受理)', async () => {
    const page = await console.signedIn('x-handler');
    const row = await queueRow(page, `${console.baseUrl}/console/queue`, petitionId);
    await row.getByRole('link', { name: summary }).click();
    await expect(page.getByTestId('case-header').textContent()).resolves.toContain(summary);
    const dialog = await openAction(page, '受理');
    await submitAction(dialog);
    await expect(page.getByTestId('case-step').filter({ hasText: '办理中' }).textContent()).resolves.toBe('办理中');
    expect((await caseOf('x-handler')).step).toBe('handling');
  });

  browserTest(
    'the unit head extends the handling period once (the offer is gone afterwards), drafts the written reply and signs it (签发)',
    async () => {
      const page = await console.signedIn('x-head');
      await page.goto(`${console.baseUrl}/console/cases/${petitionId}`);
      const extend = await openAction(page, '延长办理期限');
      await extend.getByLabel('延长天数').fill('30');
      await extend.getByLabel('理由').fill('案情复杂，需调取多年维修记录');
      await submitAction(extend);
      await button(page, '出具处理意见书').waitFor();
      expect(await button(page, '延长办理期限').count()).toBe(0);
      const extended = await caseOf('x-head');
      expect(extended.extensionsUsed).toBe(1);
      expect(
        extended.clocks.find((c: { id: string; status: string }) => c.id === 'handling' && c.status === 'running')
          .lengthDays,
      ).toBe(90);

      const reply = await openAction(page, '出具处理意见书');
      await choose(page, '处理意见', '支持', reply);
      await reply.getByLabel('经调查核实的事实').fill('经现场核查，电梯自去年起停运，物业未组织维修。');
      await reply.getByLabel('理由').fill('物业服务企业应当履行维修义务。');
      await reply.getByLabel('依据').fill('《物业管理条例》第三十五条');
      expect(await accessibilityViolations(page)).toEqual([]);
      await submitAction(reply);
      // 签发: the draft waits for the head (here the head drafted it), previewed as 草稿, then approved.
      await page.getByTestId('case-draft').getByText('第 1 稿').first().waitFor();
      const approve = await openAction(page, '签发');
      await expect(approve.getByLabel('草稿稿次').inputValue()).resolves.toBe('1');
      await submitAction(approve);

      await expect(page.getByTestId('case-step').filter({ hasText: '待送达' }).textContent()).resolves.toBe('待送达');
      // The timeline (written by the projection moments later) catches up without a reload.
      await page.getByRole('cell', { name: '出具处理意见书', exact: true }).waitFor();
      // Who did it, by name (the demo directory's 县住建局局长 is x-head).
      await expect(
        page.getByRole('cell', { name: '县住建局局长', exact: true }).count(),
      ).resolves.toBeGreaterThanOrEqual(2);
      const documents = page.getByTestId('case-documents');
      const replyRow = documents.locator('tr', { hasText: '处理意见书' });
      await replyRow.waitFor();
      // 打开: the PDF in the browser's own viewer; 下载: the same bytes, a PDF.
      const [viewer] = await Promise.all([page.context().waitForEvent('page'), button(replyRow, '打开').click()]);
      expect(viewer.url()).toMatch(/^blob:/);
      const [download] = await Promise.all([page.waitForEvent('download'), button(replyRow, '下载').click()]);
      expect(
        readFileSync((await download.path())!)
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');

      expect((await caseOf('x-head')).step).toBe('replyIssued');
      const listed = (await get('x-head', `/petitions/${petitionId}/documents`).expect(200)).body as { kind: string }[];
      expect(listed.map((d) => d.kind).sort()).toEqual(['acceptanceNotice', 'extensionNotice', 'reply']);
      expect(await documents.locator('tbody tr.ant-table-row').count()).toBe(listed.length);
    },
  );

  browserTest(
    'the handler records the delivery (送达) of the reply awaiting it, named for them, and the review window opens',
    async () => {
      const awaiting = (await caseOf('x-handler')).awaitingDelivery;
      expect(awaiting.kind).toBe('reply');
      const page = await console.signedIn('x-handler');
      await page.goto(`${console.baseUrl}/console/cases/${petitionId}`);
      await expect(page.getByTestId('case-milestones').textContent()).resolves.toMatch(/出具处理意见书.*支持/);
      const delivery = await openAction(page, '登记送达');
      await expect(delivery.getByLabel('送达文书').inputValue()).resolves.toBe(awaiting.documentId);
      // 送达 as a record: how it was delivered and who signed the 送达回证.
      await choose(page, '送达方式', '直接送达', delivery);
      await choose(page, '送达回证签收人', '信访人本人', delivery);
      // A receipt dated tomorrow: refused, in the API's words on the field; the dialog stays open.
      await pickInstant(page, '送达时间', beijingSeconds(Date.now() + DAY), delivery);
      await button(delivery, '提交').click();
      await expect(fieldMessage(page, 'action-recordDelivery', 'deliveredAt').textContent()).resolves.toContain(
        '送达时间不能晚于当前时间',
      );
      expect((await caseOf('x-handler')).step).toBe('replyIssued');
      await pickInstant(page, '送达时间', beijingSeconds(Date.now() - 1_000), delivery);
      await submitAction(delivery);
      await expect(page.getByTestId('case-step').filter({ hasText: '复查申请期' }).textContent()).resolves.toBe(
        '复查申请期',
      );
      const delivered = await caseOf('x-handler');
      expect(delivered.step).toBe('reviewWindow');
      expect(delivered.awaitingDelivery).toBeNull();
    },
  );

  browserTest(
    'the same petitioner again with a like summary: the earlier case is offered as a repeat (重复信访) and, ticked, linked',
    async () => {
      const page = await console.signedIn('x-registrar');
      await page.goto(`${console.baseUrl}/console/intake`);
      await choose(page, '信访类别', '申诉求决');
      await choose(page, '来源渠道', '来信');
      await page.getByLabel('信访人姓名').fill('王五');
      await page.getByLabel('信访事项摘要').fill(`${summary}，再次反映`);
      const earlier = page.getByRole('checkbox', { name: `关联为重复信访：${summary}` });
      await earlier.waitFor();
      await expect(page.getByRole('alert').filter({ hasText: '可能是重复信访' }).textContent()).resolves.toMatch(
        /相似度 \d+%/,
      );
      expect(await accessibilityViolations(page)).toEqual([]);
      await earlier.check();
      await button(page, '登记').click();
      const repeatId = (await page.getByTestId('case-number').getAttribute('data-petition-id'))!;
      expect(repeatId).not.toBe(petitionId);
      expect((await caseOf('x-registrar', repeatId)).repeatOf).toEqual([petitionId]);
    },
  );
});
