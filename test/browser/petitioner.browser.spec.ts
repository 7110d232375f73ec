/**
 * 阳光信访 on a phone: the petitioner opens the page with the case number in the link, types the
 * 查询码, follows the milestones and the review-request deadline, saves the reply (处理意见书) as
 * a PDF and rates it once; a wrong code shows the API's refusal and nothing of the case.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { PHONE, accessibilityViolations, browserTest, useConsole } from '../support/browser';

describe("the petitioner's page (阳光信访)", () => {
  const console = useConsole();

  /** A county appeal replied to by 县住建局 and delivered today: its 30-day review window is open. */
  async function repliedAndDelivered(): Promise<{ id: string; code: string }> {
    const http = request(console.service.app.getHttpServer());
    const act = async (id: string, user: string, action: string, args: Record<string, unknown>) => {
      const response = await http
        .post(`/petitions/${id}/actions/${action}`)
        .set('Authorization', staffBearer(user))
        .send({ requestId: randomUUID(), args });
      if (response.status !== 200) throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const created = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', randomUUID())
      .send({
        category: 'appeal',
        channel: 'online',
        receivedAt: new Date().toISOString(),
        petitionerName: '李某',
        summary: '小区供暖温度不达标',
      })
      .expect(201);
    const id = created.body.petitionId as string;
    await act(id, 'x-registrar', 'route', { unitId: 'x-zjj' });
    await act(id, 'x-handler', 'accept', {});
    const drafted = await act(id, 'x-handler', 'issueReply', {
      outcome: 'explained',
      facts: '供暖温度经检测为16℃',
      reasons: '已责成供热企业整改',
      legalBasis: '《城市供热管理条例》',
    });
    const replied = await act(id, 'x-head', 'approveDraft', { draftNo: drafted.draft.draftNo });
    await act(id, 'x-handler', 'recordDelivery', {
      method: 'direct',
      signedBy: 'petitioner',
      deliveredAt: new Date().toISOString(),
      documentId: replied.awaitingDelivery.documentId,
    });
    return { id, code: created.body.queryCode };
  }

  browserTest('follows the case on a phone, saves the reply as a PDF and rates it once', async () => {
    const { id, code } = await repliedAndDelivered();
    const page = await console.newPage({ viewport: PHONE, isMobile: true });
    await page.goto(`${console.baseUrl}/console/petitioner?id=${id}`);
    await expect(page.getByLabel('信访件编号').inputValue()).resolves.toBe(id);
    await page.getByLabel('查询码').fill(code);
    await page.getByLabel('查询码').press('Enter');

    const milestones = page.getByRole('region', { name: '办理进程' });
    await milestones.getByText('处理意见书送达').waitFor();
    const steps = await milestones.textContent();
    for (const label of ['登记', '转送', '受理', '出具处理意见书', '处理意见书送达']) expect(steps).toContain(label);
    expect(steps).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    const deadline = await page.getByRole('region', { name: '当前期限' }).textContent();
    expect(deadline).toContain('复查申请期');
    // The one deadline format of every screen: the day, its weekday, 24:00, and the days left.
    expect(deadline).toMatch(/\d{4}年\d{1,2}月\d{1,2}日（周.）24:00 截止，剩余 (3\d|[4-9]\d) 天/);
    await expect(page.getByRole('button', { name: '申请复查' }).isVisible()).resolves.toBe(true);
    expect(await accessibilityViolations(page)).toEqual([]);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载处理意见书' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(
      readFileSync((await download.path())!)
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    // From the keyboard: Space picks 满意, Tab leaves the radio group for the button, Enter submits.
    await page.getByLabel('满意', { exact: true }).focus();
    await page.keyboard.press('Space');
    await expect(page.getByLabel('满意', { exact: true }).isChecked()).resolves.toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await milestones.getByText('满意度评价').waitFor();
    // Rated once: the form is gone, and the API now says so too.
    await expect(page.getByRole('button', { name: '提交评价' }).count()).resolves.toBe(0);
    await expect(milestones.textContent()).resolves.toMatch(/满意度评价.*满意/);
    const view = await request(console.service.app.getHttpServer())
      .get(`/public/petitions/${id}`)
      .set('X-Query-Code', code)
      .expect(200);
    expect(view.body.canRate).toBe(false);

    // Nothing wider than the phone.
    await expect(page.evaluate(() => document.scrollingElement!.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
  });

  browserTest(
    'asks for review (复查) after confirming; the code may be typed without dashes, in lower case',
    async () => {
      const { id, code } = await repliedAndDelivered();
      const page = await console.newPage({ viewport: PHONE, isMobile: true });
      await page.goto(`${console.baseUrl}/console/petitioner?id=${id}`);
      await page.getByLabel('查询码').fill(code.replace(/-/g, '').toLowerCase());
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await page.getByRole('button', { name: '申请复查' }).click();
      const confirm = page.getByRole('group', { name: '确认申请复查' });
      await confirm.getByText('确认向上一级机关申请复查').waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await confirm.getByRole('button', { name: '确认申请复查' }).click();
      await page.getByRole('region', { name: '办理进程' }).getByText('申请复查').waitFor();
      await expect(page.getByRole('region', { name: '办理状态' }).textContent()).resolves.toContain('复查中');
      await expect(page.getByRole('region', { name: '当前期限' }).textContent()).resolves.toContain('复查期限');
      await expect(page.getByRole('button', { name: '申请复查' }).count()).resolves.toBe(0);
    },
  );

  browserTest("a wrong 查询码 shows the API's message and nothing of the case", async () => {
    const { id } = await repliedAndDelivered();
    const page = await console.newPage({ viewport: PHONE, isMobile: true });
    await page.goto(`${console.baseUrl}/console/petitioner`);
    await page.getByLabel('信访件编号').fill(id);
    await page.getByLabel('查询码').fill('AAAA-AAAA-AAAA');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('查询码不正确');
    await expect(page.getByTestId('petition-result').count()).resolves.toBe(0);
    await expect(page.getByRole('region', { name: '办理进程' }).count()).resolves.toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    await expect(page.evaluate(() => document.scrollingElement!.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
  });
});
