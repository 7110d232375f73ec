/**
 * The console for people: a deadline reads the same on every screen (`2026年12月11日（周五）24:00
 * 截止，剩余 5 天`); a clerk whose PC is left in UTC enters Beijing time and the API receives it with
 * +08:00; a tab left open across a redeploy, whose screen chunk is gone, says 页面已更新，请刷新 and
 * recovers with 刷新; the 考核报表 prints without the console's frame.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { chineseDate } from '../../apps/console/src/shared/time';
import { staffBearer } from '../support/auth';
import { browserTest, useConsole } from '../support/browser';
import { button, choose, pickInstant, queueRow } from './steps/console-steps';

const DAY = 86_400_000;
/** Beijing's date `days` from now, `YYYY-MM-DD`. */
const beijingDate = (days = 0) => new Date(Date.now() + days * DAY + 8 * 3_600_000).toISOString().slice(0, 10);

describe('the console for people: deadlines, Beijing time, a stale screen, printing', () => {
  const console = useConsole();
  const http = () => request(console.service.app.getHttpServer());
  let petitionId = '';

  beforeAll(async () => {
    const registered = await http()
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `console-ux-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        receivedAt: new Date().toISOString(),
        petitionerName: '赵某',
        summary: `路灯损坏无人维修（${randomUUID().slice(0, 8)}）`,
      })
      .expect(201);
    petitionId = registered.body.petitionId;
    await http()
      .post(`/petitions/${petitionId}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: randomUUID(), args: { unitId: 'x-zjj' } })
      .expect(200);
  });

  browserTest('the handler’s queue shows the case’s soonest clock by name, in the one deadline format', async () => {
    const live = (
      await http().get(`/petitions/${petitionId}`).set('Authorization', staffBearer('x-handler')).expect(200)
    ).body.live;
    const clock = live.clocks.find((c: { id: string; status: string }) => c.id === 'acceptanceNotice');
    const page = await console.signedIn('x-handler');
    const row = await queueRow(page, `${console.baseUrl}/console/queue`, petitionId);
    await expect(row.locator('[data-clock-id]').getAttribute('data-clock-id')).resolves.toBe('acceptanceNotice');
    await expect(row.textContent()).resolves.toContain('受理告知期限');
    // The period ends at the end of its last day: 24:00 of that day, with its weekday and the days left.
    await expect(row.locator('[data-due-state]').textContent()).resolves.toBe(
      `${chineseDate(clock.lastDay)}24:00 截止，剩余 ${clock.remainingDays} 天`,
    );
  });

  browserTest('a PC left in UTC: the time entered is Beijing time, sent with +08:00', async () => {
    const page = await console.signedIn('x-registrar', { timezoneId: 'UTC' });
    // The browser really is in UTC, so a picker reading local time would be eight hours off.
    await expect(page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).resolves.toBe('UTC');
    await page.goto(`${console.baseUrl}/console/intake`);
    await page.getByLabel('信访类别').waitFor();
    await choose(page, '信访类别', '申诉求决');
    await choose(page, '来源渠道', '来信');
    await page.getByLabel('信访人姓名').fill('钱某');
    await page.getByLabel('信访事项摘要').fill(`排水管道堵塞（${randomUUID().slice(0, 8)}）`);
    const yesterday = beijingDate(-1);
    await pickInstant(page, '收到时间', `${yesterday} 09:00`);
    const [sent] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/petitions'),
      button(page, '登记').click(),
    ]);
    expect(sent.postDataJSON().receivedAt).toBe(`${yesterday}T09:00:00+08:00`);
    const id = (await page.getByTestId('case-number').getAttribute('data-petition-id'))!;
    const stored = (await http().get(`/petitions/${id}`).set('Authorization', staffBearer('x-registrar')).expect(200))
      .body;
    expect(Date.parse(stored.live.receivedAt ?? stored.receivedAt)).toBe(Date.parse(`${yesterday}T09:00:00+08:00`));
  });

  browserTest('a screen whose chunk is gone after a redeploy says 页面已更新，请刷新, and 刷新 recovers', async () => {
    const page = await console.signedIn('x-supervisor');
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // The old build's chunk for the report screen is no longer on the server.
    const gone = '**/console/assets/ReportsPage-*.js';
    await page.route(gone, (route) => route.fulfill({ status: 404, body: 'Not Found' }));
    await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '考核报表' }).click();
    await page.getByText('页面已更新，请刷新').waitFor();
    expect(await page.getByText('Unexpected Application Error').count()).toBe(0);
    expect(await page.getByText('Hey developer').count()).toBe(0);
    // The frame stays: the menu is still there.
    await expect(page.getByRole('menu', { name: '功能菜单' }).isVisible()).resolves.toBe(true);
    expect(errors.some((e) => e.includes('[console]'))).toBe(true);

    // The new build is there: 刷新 reloads the page and the screen loads.
    await page.unroute(gone);
    await Promise.all([page.waitForEvent('load'), button(page, '刷新').click()]);
    await page.getByRole('heading', { name: '考核报表' }).waitFor();
    expect(await page.getByText('页面已更新，请刷新').count()).toBe(0);
  });

  browserTest('打印 prints the 考核报表 without the console’s header, menu and controls', async () => {
    const page = await console.signedIn('x-supervisor');
    await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '考核报表' }).click();
    await page.getByRole('row').filter({ hasText: '合计' }).first().waitFor();
    // window.print opens the browser's dialog; count the calls instead.
    await page.evaluate(() => {
      const w = window as unknown as { printed: number; print: () => void };
      w.printed = 0;
      w.print = () => void w.printed++;
    });
    await button(page, '打印').click();
    await expect(page.evaluate(() => (window as unknown as { printed: number }).printed)).resolves.toBe(1);

    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.ant-layout-header').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('menu', { name: '功能菜单' }).isVisible()).resolves.toBe(false);
    await expect(button(page, '打印').isVisible()).resolves.toBe(false);
    await expect(page.getByLabel('统计期间').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('heading', { name: '考核报表' }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('row').filter({ hasText: '合计' }).first().isVisible()).resolves.toBe(true);
    await expect(page.getByTestId('report-period').isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });
    await expect(button(page, '打印').isVisible()).resolves.toBe(true);
  });
});
