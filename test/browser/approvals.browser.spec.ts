/**
 * 待签发 in the console: the head of the handling unit finds the handler's draft reply in the
 * approval list, previews it (the PDF marked 草稿), returns it with comments (which the case page
 * then shows), and signs the redraft (签发): the 文号 is taken and the reply awaits delivery.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { accessibilityViolations, browserTest, useConsole } from '../support/browser';
import { button } from './steps/console-steps';

const GROUNDS = {
  facts: '经现场核查，小区二次供水水箱未按期清洗。',
  reasons: '供水单位应当定期清洗消毒二次供水设施。',
  legalBasis: '《生活饮用水卫生监督管理办法》第九条',
};

describe('待签发: the unit head approves or returns the drafts of the unit', () => {
  const console = useConsole();
  let petitionId = '';

  const http = () => request(console.service.app.getHttpServer());
  const act = async (user: string, action: string, args: Record<string, unknown>) => {
    const response = await http()
      .post(`/petitions/${petitionId}/actions/${action}`)
      .set('Authorization', staffBearer(user))
      .send({ requestId: randomUUID(), args });
    if (response.status !== 200) throw new Error(`${action}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body;
  };

  browserTest('the head previews the draft, returns it with comments, then signs the redraft', async () => {
    const created = await http()
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', randomUUID())
      .send({
        category: 'appeal',
        channel: 'visit',
        receivedAt: new Date().toISOString(),
        petitionerName: '钱某',
        summary: `二次供水水质浑浊（${randomUUID().slice(0, 8)}）`,
      })
      .expect(201);
    petitionId = created.body.petitionId;
    await act('x-registrar', 'route', { unitId: 'x-zjj' });
    await act('x-handler', 'accept', {});
    await act('x-handler', 'issueReply', { outcome: 'supported', ...GROUNDS });

    const page = await console.signedIn('x-head');
    await page.goto(`${console.baseUrl}/console/approvals`);
    const list = page.getByTestId('approval-queue');
    const row = list.locator('tr', { hasText: '处理意见书（第 1 稿）' }).filter({ hasText: '二次供水水质浑浊' });
    await row.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    const [viewer] = await Promise.all([page.context().waitForEvent('page'), button(row, '预览草稿').click()]);
    expect(viewer.url()).toMatch(/^blob:/);

    await button(row, '退回修改').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('修改意见').fill('请写明清洗完成的期限');
    await button(dialog, '退回').click();
    await dialog.waitFor({ state: 'detached' });
    await row.waitFor({ state: 'detached' });
    const returned = (await http().get(`/petitions/${petitionId}`).set('Authorization', staffBearer('x-head'))).body
      .live;
    expect(returned.returnedDraft).toMatchObject({ draftNo: 1, comments: '请写明清洗完成的期限' });

    await act('x-handler', 'issueReply', {
      outcome: 'supported',
      ...GROUNDS,
      facts: `${GROUNDS.facts}供水单位承诺于5日内完成清洗。`,
    });
    await page.goto(`${console.baseUrl}/console/cases/${petitionId}`);
    const draftCard = page.getByTestId('case-draft');
    await draftCard.getByText('第 2 稿').first().waitFor();
    await button(draftCard, '签发').click();
    await button(page.locator('.ant-popconfirm'), '签发').click();
    await page.getByTestId('case-step').filter({ hasText: '待送达' }).waitFor();
    const issued = (await http().get(`/petitions/${petitionId}`).set('Authorization', staffBearer('x-head'))).body.live;
    expect(issued.step).toBe('replyIssued');
    expect(issued.awaitingDelivery.number).toMatch(/〔\d{4}〕\d+号$/);
  });
});
