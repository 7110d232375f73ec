/**
 * 督办 in the console (Regulations Art 44; DOMAIN §4): a petition received 25 days before it is
 * registered is already past its 15-day routing deadline, so the breach rung fires at registration
 * and opens an automatic 督办 task: the county office's own lapse, so at the city office above it
 * (DOMAIN §4). The county supervisor sees the case among the overdue clocks, in red; the city
 * supervisor finds the task under 督办任务, and once the office has routed it to 县住建局, issues 督办
 * to that unit from it; the case then owes feedback on a new 督办 feedback clock. The rungs
 * fired show in 预警与督办记录; the routing-overdue record in 问责台账 takes the supervisor's 约谈
 * decision, which an auditor reads but may not make.
 */
import { chineseDate } from '../../apps/console/src/shared/time';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { accessibilityViolations, browserTest, useConsole } from '../support/browser';
import { rowOnAnyPage } from './steps/console-steps';

const DAY = 86_400_000;

interface Task {
  taskKey: string;
  kind: string;
  source: string;
  status: string;
  supervisingUnitId: string;
  supervisedUnitId: string;
  clockKey: string | null;
  feedbackClockKey: string | null;
}

describe('a supervisor follows an overdue case, issues 督办 and decides on its ledger record in the console', () => {
  const console = useConsole();
  let petitionId = '';
  /** How the console names the case: its 信访件编号. */
  let caseNumber = '';
  const http = () => request(console.service.app.getHttpServer());

  /** The case's 督办 tasks as the city supervisor (the office over the county office) reads them. */
  async function tasksOf(id: string): Promise<Task[]> {
    const response = await http()
      .get(`/supervision/tasks?petitionId=${id}`)
      .set('Authorization', staffBearer('c-supervisor'));
    expect(response.status).toBe(200);
    return response.body;
  }

  /** The workflow projects asynchronously: polls the API until the condition holds. */
  async function eventually<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
    let last: T | undefined;
    for (let i = 0; i < 150; i++) {
      last = await probe();
      if (done(last)) return last;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
  }

  beforeAll(async () => {
    const registered = await http()
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `browser-overdue-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'letter',
        petitionerName: '李某',
        summary: '老旧小区改造后排水不畅',
        receivedAt: new Date(Date.now() - 25 * DAY).toISOString(),
      });
    expect(registered.status).toBe(201);
    petitionId = registered.body.petitionId;
    caseNumber = registered.body.caseNumber;
    expect(caseNumber).toMatch(/〔\d{4}〕第\d{5}号$/);
    const [task] = await eventually(
      'the automatic 督办 task',
      () => tasksOf(petitionId),
      (tasks) => tasks.length > 0,
    );
    expect(task).toMatchObject({
      kind: 'supervision',
      source: 'automatic',
      status: 'open',
      supervisingUnitId: 'c-xfj',
      supervisedUnitId: 'x-xfj',
      clockKey: 'routing#1',
    });
  });

  browserTest('the overdue routing clock is listed under 超期 in red, and the breach task under 督办任务', async () => {
    const page = await console.signedIn('x-supervisor');
    await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '超期与临期' }).click();
    await expect(page.getByRole('tab', { name: /超期/ }).getAttribute('aria-selected')).resolves.toBe('true');
    const row = await rowOnAnyPage(page, caseNumber);
    await expect(row.textContent()).resolves.toContain('转送交办期限');
    await row.filter({ hasText: '县信访局' }).waitFor(); // unit names come from GET /units
    expect(await accessibilityViolations(page)).toEqual([]);
    await expect(row.locator('[data-due-state]').getAttribute('data-due-state')).resolves.toBe('overdue');
    await expect(row.locator('[data-due-state]').textContent()).resolves.toMatch(
      /^\d{4}年\d{1,2}月\d{1,2}日（周.）24:00 截止，已超期 \d+ 天$/,
    );
    // The same clock is overdue by the API's count too, by as many days as the tag says.
    const overdue = (
      await http().get('/supervision/overdue').set('Authorization', staffBearer('x-supervisor'))
    ).body.clocks.find((c: { petitionId: string }) => c.petitionId === petitionId);
    expect(overdue).toMatchObject({ clockKey: 'routing#1', overdue: true });
    await expect(row.locator('[data-due-state]').textContent()).resolves.toMatch(
      new RegExp(`截止，已超期 ${-overdue.remainingDays} 天$`),
    );
    // It is not near due: the 临期 tab does not list it.
    await page.getByRole('tab', { name: /临期/ }).click();
    await expect(page.getByRole('row').filter({ hasText: caseNumber }).count()).resolves.toBe(0);

    // The county office's own lapse is the city office's task.
    const city = await console.signedIn('c-supervisor');
    await city.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '督办任务' }).click();
    // Other cases' tasks fill the list (newest first): the case is found by its number.
    await city.getByRole('searchbox', { name: '案件编号' }).fill(petitionId);
    await city.keyboard.press('Enter');
    const taskRow = city.getByRole('row').filter({ hasText: caseNumber });
    await taskRow.filter({ hasText: /督办.*超期督办.*县信访局.*待办/ }).waitFor();
    expect(await accessibilityViolations(city)).toEqual([]);
  });
  browserTest(
    'routed late to 县住建局, the case gets 督办 from the supervisor, and owes feedback on a new clock',
    async () => {
      const routed = await http()
        .post(`/petitions/${petitionId}/actions/route`)
        .set('Authorization', staffBearer('x-registrar'))
        .send({ requestId: randomUUID(), args: { unitId: 'x-zjj' } });
      expect(routed.status).toBe(200);

      const page = await console.signedIn('c-supervisor');
      await page.goto(`${console.baseUrl}/console/supervision/tasks?petitionId=${petitionId}`);
      const taskRow = page.getByRole('row').filter({ hasText: caseNumber });
      await taskRow.getByRole('button', { name: /展开/ }).click();
      // The row offers what the API allows this supervisor on the case now: 督办 (and, as the level
      // above 县住建局, 挂牌).
      const actions = page.getByTestId('case-actions');
      await actions.getByRole('button').first().waitFor();
      await expect(actions.getByRole('button').allTextContents()).resolves.toContain('督 办');
      await actions.getByRole('button', { name: /^\s*督\s*办\s*$/ }).click();
      const dialog = page.getByRole('dialog', { name: '督办' });
      await dialog.getByLabel('督办要求').fill('请于30日内书面反馈办理情况');
      expect(await accessibilityViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await dialog.waitFor({ state: 'detached' });

      // The API now holds a manual 督办 of 县住建局 by 市信访局, waiting on its own feedback clock.
      const tasks = await eventually(
        'the manual 督办 task',
        () => tasksOf(petitionId),
        (list) => list.some((t) => t.source === 'manual'),
      );
      const manual = tasks.find((t) => t.source === 'manual')!;
      expect(manual).toMatchObject({
        kind: 'supervision',
        status: 'open',
        supervisingUnitId: 'c-xfj',
        supervisedUnitId: 'x-zjj',
        clockKey: null,
      });
      const view = (await http().get(`/petitions/${petitionId}`).set('Authorization', staffBearer('x-supervisor')))
        .body;
      const feedback = (view.live ?? view.readModel.view).clocks.find(
        (c: { key: string }) => c.key === manual.feedbackClockKey,
      );
      expect(feedback).toMatchObject({ id: 'supervisionFeedback', status: 'running', unitId: 'x-zjj', overdue: false });
      const timeline = (
        await http().get(`/petitions/${petitionId}/timeline`).set('Authorization', staffBearer('x-supervisor'))
      ).body;
      const events: { type: string; data: Record<string, unknown> }[] = timeline.events ?? timeline;
      expect(events.filter((e) => e.type === 'supervisionIssued').map((e) => e.data.instructions)).toEqual([
        '请于30日内书面反馈办理情况',
      ]);
      // The console lists the new task with its feedback deadline.
      await page.reload();
      const manualRow = page.getByRole('row').filter({ hasText: caseNumber }).filter({ hasText: '人工督办' });
      await manualRow
        .filter({ hasText: new RegExp(`督办反馈期限\\s*${chineseDate(feedback.lastDay)}24:00 截止，剩余 \\d+ 天`) })
        .waitFor();
    },
  );
  browserTest('预警与督办记录 lists the rungs fired on the routing clock, as the API does', async () => {
    const page = await console.signedIn('x-supervisor');
    await page.goto(`${console.baseUrl}/console/supervision/escalations`);
    await page.getByRole('searchbox', { name: '案件编号' }).fill(petitionId);
    await page.getByRole('searchbox', { name: '案件编号' }).press('Enter');
    const fired = (
      await http()
        .get(`/supervision/escalations?petitionId=${petitionId}`)
        .set('Authorization', staffBearer('x-supervisor'))
    ).body as { rung: string }[];
    expect(fired.map((e) => e.rung).sort()).toEqual(['breach', 'warning70', 'warning90']);
    const rows = page.getByRole('row').filter({ hasText: caseNumber });
    await rows.nth(2).waitFor();
    await expect(rows.count()).resolves.toBe(3);
    const text = (await rows.allTextContents()).join('|');
    for (const label of ['预警（70%）', '预警（90%）', '超期督办']) expect(text).toContain(label);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  browserTest(
    '问责台账: the supervisor records 约谈 on the routing-overdue record; an auditor reads it and is offered no decision',
    async () => {
      const page = await console.signedIn('x-supervisor');
      await page.getByRole('menu', { name: '功能菜单' }).getByRole('menuitem', { name: '问责台账' }).click();
      await page.getByRole('searchbox', { name: '案件编号' }).fill(petitionId);
      await page.getByRole('searchbox', { name: '案件编号' }).press('Enter');
      const record = page.getByRole('row').filter({ hasText: '转送交办超期' }).filter({ hasText: caseNumber });
      await expect(record.textContent()).resolves.toContain('待处置');
      expect(await accessibilityViolations(page)).toEqual([]);
      await record.getByRole('button', { name: /处\s*置/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('radio', { name: '已约谈' }).check();
      await dialog.getByLabel('说明').fill('2026-12-01 约谈县信访局分管负责人');
      expect(await accessibilityViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: /提\s*交/ }).click();
      await dialog.waitFor({ state: 'detached' });
      await expect(record.getByRole('cell').nth(9).textContent()).resolves.toMatch(/^已约谈/);
      // Opened, the record shows its particulars (the clock, in words) and the decision with its note.
      await record.getByRole('button', { name: /展开/ }).click();
      const opened = page.locator('.ant-table-expanded-row').filter({ hasText: '处置记录' });
      await opened.filter({ hasText: '2026-12-01 约谈县信访局分管负责人' }).waitFor();
      await expect(opened.textContent()).resolves.toMatch(/期限\s*转送交办期限/);
      expect(await accessibilityViolations(page)).toEqual([]);

      // The API holds the decision, appended to the record by the supervisor.
      const ledger = (
        await http()
          .get(`/accountability?petitionId=${petitionId}&rule=routingOverdue`)
          .set('Authorization', staffBearer('x-supervisor'))
      ).body;
      expect(ledger.records).toHaveLength(1);
      expect(ledger.records[0].dispositions).toEqual([
        expect.objectContaining({
          disposition: 'admonitoryTalkHeld',
          note: '2026-12-01 约谈县信访局分管负责人',
          recordedBy: 'x-supervisor',
        }),
      ]);

      const auditor = await console.signedIn('p-auditor');
      await auditor.goto(`${console.baseUrl}/console/accountability`);
      await auditor.getByRole('searchbox', { name: '案件编号' }).fill(petitionId);
      await auditor.getByRole('searchbox', { name: '案件编号' }).press('Enter');
      const seen = auditor.getByRole('row').filter({ hasText: '转送交办超期' }).filter({ hasText: caseNumber });
      await expect(seen.textContent()).resolves.toContain('已约谈');
      await expect(auditor.getByRole('button', { name: /处\s*置/ }).count()).resolves.toBe(0);
    },
  );
});
