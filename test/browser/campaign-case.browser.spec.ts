/**
 * A campaign (专项治理 / 积案化解) run end to end in the console, on the API and worker of a
 * time-skipping Temporal server (the 回头看 falls due 30 days after a resolution is reported):
 * the county office launches it and adds a case by hand; the county, city and province offices
 * each assign the 包案 leader of their level; the handler names the responsible person, writes the
 * plan (一案一策) and reports progress — 已化解 is refused while the petition is still being handled
 * and accepted once its reply is issued and delivered (the petition's own steps over the API);
 * 30 days later the handler records the 回头看, and only then is 销号 offered to the office, which
 * strikes the case off with its evidence. Each user sees only the actions the API offers them.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { useApiOnTimeSkippingServer } from '../support/api-on-time-skipping';
import { staffBearer } from '../support/auth';
import { headOf } from '../support/sign-off';
import { accessibilityViolations, browserTest, useConsole } from '../support/browser';

const DAY = 86_400_000;
const NAME = `县积案化解专项（浏览器全流程 ${randomUUID().slice(0, 6)}）`;
const shanghaiDate = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

describe('a campaign case from launch to 销号 in the console', () => {
  const server = useApiOnTimeSkippingServer();
  const console = useConsole(server);
  const http = () => request(server.app.getHttpServer());
  let petitionId = '';
  /** How the console names the case: its 信访件编号. */
  let caseNumber = '';
  let campaignId = '';

  async function petitionAction(action: string, args: Record<string, unknown>, token = staffBearer('x-handler')) {
    const response = await http()
      .post(`/petitions/${petitionId}/actions/${action}`)
      .set('Authorization', token)
      .send({ requestId: randomUUID(), args });
    if (response.status !== 200) throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** Waits until the read model says so (projection is asynchronous). */
  async function until(what: string, check: () => Promise<boolean>): Promise<void> {
    for (let i = 0; i < 300; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`never: ${what}`);
  }
  const petitionStep = async () =>
    (await server.dataSource.query(`SELECT step FROM petitions WHERE id = $1`, [petitionId]))[0]?.step;
  const campaignCase = async () => {
    const [row] = await server.dataSource.query(`SELECT view FROM campaigns WHERE id = $1`, [campaignId]);
    return row?.view.cases.find((c: { petitionId: string }) => c.petitionId === petitionId);
  };

  beforeAll(async () => {
    const registered = await http()
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `browser-campaign-case-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'visit',
        petitionerName: '钱某',
        summary: '老旧小区加装电梯补贴长期未兑现',
        receivedAt: new Date(Date.now() - 2 * DAY).toISOString(),
      });
    expect(registered.status).toBe(201);
    petitionId = registered.body.petitionId;
    caseNumber = registered.body.caseNumber;
    await until('registered', async () => (await petitionStep()) === 'routing');
    await petitionAction('route', { unitId: 'x-zjj' }, staffBearer('x-registrar'));
    await petitionAction('accept', {});
    await until('accepted', async () => (await petitionStep()) === 'handling');
  }, 120_000);

  /** An antd modal by its title (the case's drawer, beneath it, is a dialog too). */
  const modal = (page: Page, title: string) =>
    page.locator('.ant-modal').filter({ has: page.locator('.ant-modal-title').getByText(title, { exact: true }) });

  /** The case's page (办理) on the campaign, as the signed-in user. */
  async function openCase(page: Page) {
    await page.goto(`${console.baseUrl}/console/campaigns/${campaignId}`);
    await page.getByRole('button', { name: `办理 ${caseNumber}` }).click();
    const drawer = page.getByRole('dialog').filter({ has: page.getByText(`案件办理：${caseNumber}`, { exact: true }) });
    await drawer.getByRole('heading', { name: '可办理事项' }).waitFor();
    await drawer.getByRole('toolbar', { name: '可办理事项' }).or(drawer.getByText('当前没有您可办理的事项')).waitFor();
    return drawer;
  }
  const offered = async (drawer: ReturnType<Page['getByRole']>) =>
    (await drawer.getByRole('toolbar', { name: '可办理事项' }).getByRole('button').allTextContents()).map((t) =>
      t.replace(/\s+/g, ''),
    );

  const LEADER_NAMES: Record<string, string> = {
    'x-leader': '县住建局包案领导',
    'c-leader': '市包案领导',
    'p-leader': '省包案领导',
  };

  async function assignLeader(userId: string, levelLabel: string, leaderUserId: string) {
    const page = await console.signedIn(userId);
    const drawer = await openCase(page);
    await drawer.getByRole('button', { name: '确定包案领导' }).click();
    const dialog = modal(page, '确定包案领导');
    await dialog.getByLabel('包案领导（用户名）').waitFor();
    // The office assigns only the leader of its own level: the one level it is offered.
    await expect(dialog.getByRole('radio').count()).resolves.toBe(1);
    await expect(dialog.getByLabel(levelLabel).isChecked()).resolves.toBe(true);
    await dialog.getByLabel('包案领导（用户名）').fill(leaderUserId);
    await dialog.getByRole('button', { name: /^确\s*定$/ }).click();
    await dialog.waitFor({ state: 'detached' });
    // The drawer names the leader as people know them (the demo directory's names).
    await drawer.getByText(`${levelLabel}：${LEADER_NAMES[leaderUserId]}`).waitFor();
    await page.close();
  }

  browserTest(
    'launch, add, 包案 at three levels, responsible person, plan, progress, 回头看 and 销号',
    async () => {
      // The county office launches the campaign (its rules select nothing this young) and adds the case by hand.
      const office = await console.signedIn('x-supervisor');
      await office.goto(`${console.baseUrl}/console/campaigns`);
      await office.getByRole('button', { name: '启动专项攻坚' }).click();
      const launch = modal(office, '启动专项攻坚');
      await launch.getByLabel('名称').fill(NAME);
      await launch.getByLabel('实施方案文号').fill('县联席办〔2026〕12号');
      await launch.getByLabel(/纳入超过天数/).fill('3650');
      await launch.getByRole('button', { name: /启\s*动/ }).click();
      await office.getByRole('heading', { name: NAME }).waitFor();
      campaignId = new URL(office.url()).pathname.split('/').pop()!;
      await office.getByRole('button', { name: '纳入案件' }).click();
      const add = modal(office, '纳入案件');
      await add.getByLabel('信访事项编号').fill(petitionId);
      await add.getByLabel('纳入理由').fill('县交办积案，纳入专项');
      await add.getByRole('button', { name: /^纳\s*入$/ }).click();
      await add.waitFor({ state: 'detached' });
      await office.getByRole('button', { name: `办理 ${caseNumber}` }).waitFor();
      await office.close();

      // 三级领导包案: each level's petition office assigns its own leader.
      await assignLeader('x-supervisor', '县级', 'x-leader');
      await assignLeader('c-supervisor', '市级', 'c-leader');
      await assignLeader('p-supervisor', '省级', 'p-leader');
      expect((await campaignCase()).leaders.map((l: { userId: string }) => l.userId)).toEqual([
        'x-leader',
        'c-leader',
        'p-leader',
      ]);

      // The responsible unit's handler: the person, the plan, progress.
      const handler = await console.signedIn('x-handler');
      let drawer = await openCase(handler);
      expect(await offered(drawer)).toEqual(['确定责任人', '一案一策', '报告进展']);
      expect(await accessibilityViolations(handler)).toEqual([]);
      await drawer.getByRole('button', { name: '确定责任人' }).click();
      const person = modal(handler, '确定责任人');
      await person.getByLabel('责任人（用户名）').fill('x-handler');
      await person.getByRole('button', { name: /^确\s*定$/ }).click();
      await person.waitFor({ state: 'detached' });

      await drawer.getByRole('button', { name: '一案一策' }).click();
      const plan = modal(handler, '一案一策');
      const due = shanghaiDate(Date.now() + 7 * DAY);
      await plan.getByLabel('第 1 步措施').fill('约谈信访人，核实补贴发放情况');
      await plan.getByLabel('第 1 步期限').fill(due);
      await plan.getByLabel('第 1 步责任人').fill('x-handler');
      await plan.getByLabel('方案说明').fill('一案一策：明确责任、时限和措施');
      expect(await accessibilityViolations(handler)).toEqual([]);
      await plan.getByRole('button', { name: '保存方案' }).click();
      await plan.waitFor({ state: 'detached' });
      await drawer.getByText('约谈信访人，核实补贴发放情况').waitFor();

      // 已化解 on a note alone, while the petition is still being handled: refused on the status field.
      const report = async (statusLabel: string, note: string) => {
        await drawer.getByRole('button', { name: '报告进展' }).click();
        const dialog = modal(handler, '报告进展');
        await dialog.getByLabel('化解状态').click();
        await handler.locator(`.ant-select-item-option[title="${statusLabel}"]`).click();
        await dialog.getByLabel('进展说明').fill(note);
        await dialog.getByRole('button', { name: /^报\s*告$/ }).click();
        return dialog;
      };
      let progress = await report('已化解', '已与信访人谈话');
      await progress.getByText(/该信访事项尚未办结/).waitFor();
      await expect(progress.locator('.ant-form-item-has-error').textContent()).resolves.toContain('化解状态');
      await progress.getByRole('button', { name: /取\s*消/ }).click();
      await progress.waitFor({ state: 'detached' });
      expect((await campaignCase()).status).toBe('inProgress');

      // The petition's own steps (over the API): the reply is issued and delivered.
      const drafted = await petitionAction('issueReply', {
        outcome: 'supported',
        facts: '经核查，加装电梯补贴已于本月拨付到位。',
        reasons: '补贴发放符合规定，款项已到账。',
        legalBasis: '《既有住宅加装电梯补贴办法》第八条',
      });
      // 签发 by the head of the drafting unit.
      const replied = await petitionAction(
        'approveDraft',
        { draftNo: drafted.draft.draftNo },
        staffBearer(headOf(drafted.draft.unitId)),
      );
      await petitionAction('recordDelivery', {
        method: 'direct',
        signedBy: 'petitioner',
        deliveredAt: new Date().toISOString(),
        documentId: replied.awaitingDelivery.documentId,
      });
      await until('delivered', async () => (await petitionStep()) === 'reviewWindow');
      progress = await report('已化解', '补贴已拨付到位，处理意见书已送达');
      await progress.waitFor({ state: 'detached' });
      await drawer.getByText('是', { exact: true }).waitFor(); // 计入已化解
      expect(await campaignCase()).toMatchObject({ status: 'resolved', followUp: { status: 'scheduled' } });
      // The 回头看 is not due yet: not offered; nor is 销号 to the office.
      expect(await offered(drawer)).not.toContain('回头看');

      const officeBefore = await console.signedIn('x-supervisor');
      const officeDrawer = await openCase(officeBefore);
      expect(await offered(officeDrawer)).not.toContain('销号');
      await officeBefore.close();

      // 30 days on (the server's clock): the 回头看 falls due.
      await server.advance(31);
      await until('回头看 due', async () => (await campaignCase())?.followUp?.status === 'open');
      drawer = await openCase(handler);
      await drawer.getByRole('button', { name: '回头看' }).click();
      const check = modal(handler, '回头看');
      await check.getByLabel('稳定，未反弹').check();
      await check.getByLabel('回访情况').fill('回访：补贴到位，信访人未再信访');
      await check.getByRole('button', { name: '记录回头看' }).click();
      await check.waitFor({ state: 'detached' });
      await drawer.getByText(/回头看通过/).waitFor();

      // 销号佐证 uploaded to the case by its handler: the office names it in the strike-off.
      const evidence = await http()
        .post(`/petitions/${petitionId}/materials`)
        .set('Authorization', staffBearer('x-handler'))
        .set('Idempotency-Key', randomUUID())
        .field('kind', 'closureEvidence')
        .field('caption', '化解协议扫描件')
        .attach('file', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4000, 'e')]), {
          filename: '化解协议.pdf',
          contentType: 'application/pdf',
        })
        .expect(201);

      // 销号, offered to the campaign office now, with its evidence.
      const officeAfter = await console.signedIn('x-supervisor');
      const strikeDrawer = await openCase(officeAfter);
      expect(await offered(strikeDrawer)).toContain('销号');
      await strikeDrawer.getByRole('button', { name: /^销\s*号$/ }).click();
      const strike = modal(officeAfter, `销号：${caseNumber}`);
      await strike.getByLabel('销号依据文书').fill('化解协议 X-2026-012');
      await strike.getByLabel('满意', { exact: true }).check();
      await strike.getByLabel('说明').fill('案结事了，同意销号');
      await strike.getByLabel('化解协议扫描件（第 1 版）').check();
      expect(await accessibilityViolations(officeAfter)).toEqual([]);
      await strike.getByRole('button', { name: /^销\s*号$/ }).click();
      await strike.waitFor({ state: 'detached' });
      await strikeDrawer.getByText(/已销号.*化解协议 X-2026-012.*销号佐证材料 1 件/).waitFor();
      expect(await campaignCase()).toMatchObject({
        strikeOff: {
          documentRef: '化解协议 X-2026-012',
          rating: 'satisfied',
          byUserId: 'x-supervisor',
          evidenceFiles: [
            { materialId: evidence.body.materialId, fileId: evidence.body.fileId, sha256: evidence.body.sha256 },
          ],
        },
      });
      expect(await offered(strikeDrawer)).not.toContain('销号');
    },
    420_000,
  );
});
