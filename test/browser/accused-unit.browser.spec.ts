/**
 * An accusation (检举控告) is never sent to, nor shown to, the unit it accuses: the console gives a
 * user of that unit no trace of it (not in 我的待办, not in 案件查询, and the case's own address
 * answers only the API's not-found), while the discipline unit it was routed to sees it in full.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { accessibilityViolations, browserTest, useConsole } from '../support/browser';
import { button, queueRow } from './steps/console-steps';

describe('an accusation, in the console of the accused unit and of the unit handling it', () => {
  const console = useConsole();
  const marker = randomUUID().slice(0, 8);
  const summary = `检举县住建局工作人员收受好处费 ${marker}`;
  const petitionerName = `举报人${marker}`;
  let petitionId = '';

  const http = () => request(console.service.app.getHttpServer());
  const get = (userId: string, path: string) => http().get(path).set('Authorization', staffBearer(userId));

  beforeAll(async () => {
    const registered = await http()
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `accused-${marker}`)
      .send({
        category: 'accusation',
        channel: 'letter',
        receivedAt: new Date().toISOString(),
        petitionerName,
        summary,
        accusedUnitId: 'x-zjj',
      })
      .expect(201);
    petitionId = registered.body.petitionId;
    await http()
      .post(`/petitions/${petitionId}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: randomUUID(), args: { unitId: 'x-jw' } })
      .expect(200);
  });

  /** Every page of a paged table, so "not there" means not on any page. */
  async function allPages(page: Page): Promise<string> {
    await page.locator('.ant-table').first().waitFor();
    await page.locator('.ant-table-placeholder, .ant-table-row').first().waitFor();
    await page.locator('.ant-spin-spinning').waitFor({ state: 'detached' });
    while (await button(page, '加载更多').count()) {
      await button(page, '加载更多').click();
      await page.locator('.ant-btn-loading').waitFor({ state: 'detached' });
    }
    return (await page.locator('body').textContent()) ?? '';
  }

  browserTest('the discipline unit it was routed to sees it in its queue and opens it', async () => {
    const page = await console.signedIn('x-jw-handler');
    const row = await queueRow(page, `${console.baseUrl}/console/queue`, petitionId);
    await row.getByRole('link', { name: summary }).click();
    await expect(page.getByTestId('case-header').textContent()).resolves.toContain(summary);
    await button(page.getByTestId('case-actions'), '受理').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // 案件查询 by a word of its summary finds it (the same search finds nothing for the accused unit below).
    await page.getByRole('menuitem', { name: '案件查询' }).click();
    await page.getByLabel('摘要关键词').fill(marker);
    await button(page, '查询').click();
    await page.getByRole('link', { name: summary }).waitFor();
    expect(new URL(page.url()).searchParams.get('q')).toBe(marker);
    const found = await get('x-jw-handler', `/petitions?q=${encodeURIComponent(marker)}`).expect(200);
    expect(found.body.items.map((c: { petitionId: string }) => c.petitionId)).toEqual([petitionId]);
  });

  for (const userId of ['x-handler', 'x-head']) {
    browserTest(
      `a user of the accused unit (${userId}) finds no trace of it: not in 我的待办, not in 案件查询, not at its address`,
      async () => {
        const refused = await get(userId, `/petitions/${petitionId}`).expect(404);
        const searched = await get(userId, `/petitions?q=${encodeURIComponent(marker)}`).expect(200);
        expect(searched.body.items).toEqual([]);

        const page = await console.signedIn(userId);
        await page.goto(`${console.baseUrl}/console/queue`);
        expect(await allPages(page)).not.toContain(marker);
        expect(await accessibilityViolations(page)).toEqual([]);

        await page.goto(`${console.baseUrl}/console/cases`);
        await page.getByLabel('摘要关键词').fill(marker);
        await button(page, '查询').click();
        await page.getByText('没有符合条件的信访事项').waitFor();
        expect(await allPages(page)).not.toContain(marker);
        expect(await accessibilityViolations(page)).toEqual([]);

        await page.goto(`${console.baseUrl}/console/cases/${petitionId}`);
        const notFound = page.getByTestId('case-not-found');
        await expect(notFound.textContent()).resolves.toContain(refused.body.message);
        const text = (await page.locator('body').textContent()) ?? '';
        for (const secret of [summary, petitionerName, marker, '信访事项摘要', '受理'])
          expect(text).not.toContain(secret);
        expect(await page.getByTestId('case-header').count()).toBe(0);
        expect(await page.getByTestId('case-actions').count()).toBe(0);
      },
    );
  }
});
