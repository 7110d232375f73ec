/**
 * 审计核验 in the console (DOMAIN §8): an auditor opens a case and sees the timeline rebuilt from
 * the workflow history beside the read model's, the same actions in both; the read model agrees
 * with what the history implies; a replay against the current code is deterministic; and the
 * audit trail's hash chain is intact, with a head to note as the next anchor.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { accessibilityViolations, browserTest, useConsole } from '../support/browser';

describe('the auditor verifies a case and the audit trail', () => {
  const console = useConsole();
  let petitionId: string;

  /** A case registered, routed to 县住建局 and accepted there, as staff would over HTTP. */
  beforeAll(async () => {
    const http = request(console.service.app.getHttpServer());
    const registered = await http
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `auditor-browser-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'visit',
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        petitionerName: '王某',
        summary: '小区电梯长期停运',
      })
      .expect(201);
    petitionId = registered.body.petitionId;
    await http
      .post(`/petitions/${petitionId}/actions/route`)
      .set('Authorization', staffBearer('x-registrar'))
      .send({ requestId: randomUUID(), args: { unitId: 'x-zjj' } })
      .expect(200);
    await http
      .post(`/petitions/${petitionId}/actions/accept`)
      .set('Authorization', staffBearer('x-handler'))
      .send({ requestId: randomUUID(), args: {} })
      .expect(200);
    // The read model is written by a projection activity: wait until it has caught up with the history.
    for (let i = 0; i < 100; i++) {
      const timeline = await http
        .get(`/audit/petitions/${petitionId}/history-timeline`)
        .set('Authorization', staffBearer('p-auditor'));
      if (
        timeline.status === 200 &&
        timeline.body.agreesWithReadModel &&
        timeline.body.entries.some((e: { type: string }) => e.type === 'accepted')
      )
        return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the read model never caught up with the history');
  });

  browserTest(
    'the case: both timelines with the same actions, the read model agrees, a replay is deterministic, the history downloads',
    async () => {
      const page = await console.signedIn('p-auditor');
      await page.getByRole('menu', { name: '功能菜单' }).getByText('审计核验').click();
      await page.getByLabel('案件编号', { exact: true }).fill(petitionId);
      await page.getByRole('button', { name: /查\s*看/ }).click();
      await page.waitForURL(`**/console/audit/cases/${petitionId}`);

      const fromHistory = page.getByRole('region', { name: '依据历史重建的时间线' }).getByTestId('event-title');
      const fromReadModel = page.getByRole('region', { name: '读模型时间线' }).getByTestId('event-title');
      await fromHistory.first().waitFor();
      await fromReadModel.first().waitFor();
      const historyTitles = await fromHistory.allTextContents();
      const readModelTitles = await fromReadModel.allTextContents();
      expect(readModelTitles).toEqual(historyTitles);
      expect(historyTitles.some((t) => t.includes('登记'))).toBe(true);
      expect(historyTitles.some((t) => t.includes('受理'))).toBe(true);
      // Every line of the case's read model is shown, no more, no fewer.
      const [{ count }] = await console.service.dataSource.query(
        `SELECT count(*)::int AS count FROM petition_events WHERE petition_id = $1`,
        [petitionId],
      );
      expect(historyTitles).toHaveLength(count);
      await expect(page.getByText('两条时间线一致').isVisible()).resolves.toBe(true);
      // The handler who accepted, by name with the login id beside it (an auditor's view), role and unit.
      await expect(page.getByRole('region', { name: '依据历史重建的时间线' }).textContent()).resolves.toContain(
        '县住建局承办人 [x-handler]（承办人，示范县住房和城乡建设局）',
      );

      const verification = page.getByRole('region', { name: '读模型核验' });
      await verification.getByText(/一致：已比对 \d+ 行/).waitFor();
      await expect(verification.textContent()).resolves.not.toContain('不一致');

      const temporal = page.getByRole('link', { name: /在 Temporal UI 中查看/ });
      await expect(temporal.getAttribute('href')).resolves.toContain(`petition-${petitionId}`);
      await expect(temporal.getAttribute('target')).resolves.toBe('_blank');

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: /下载历史 JSON/ }).click(),
      ]);
      const history = JSON.parse(readFileSync((await download.path())!, 'utf8'));
      expect(history).toMatchObject({ petitionId, encoding: 'decoded' });
      expect(history.runs[0].history.events[0].eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_STARTED');

      await page.getByRole('button', { name: /重放本案/ }).click();
      const report = page.getByTestId('replay-report');
      await report.getByText('确定性一致', { exact: true }).waitFor({ timeout: 120_000 });
      await expect(report.textContent()).resolves.toContain('确定性一致 1，偏离 0，无法重放 0');
      const [job] = await console.service.dataSource.query(
        `SELECT status, deterministic, diverged FROM replay_jobs WHERE requested_by = 'p-auditor' AND scope->'petitionIds' ? $1 ORDER BY requested_at DESC LIMIT 1`,
        [petitionId],
      );
      expect(job).toEqual({ status: 'done', deterministic: 1, diverged: 0 });
      expect(await accessibilityViolations(page)).toEqual([]);
    },
  );

  browserTest(
    'the audit trail: the chain is intact, its head is the anchor to note, and that anchor verifies next time',
    async () => {
      const page = await console.signedIn('p-auditor');
      await page.goto(`${console.baseUrl}/console/audit`);
      const result = page.getByTestId('trail-verification');
      await page.getByRole('button', { name: /核验审计链/ }).click();
      await result.getByText(/链完整：已核验 \d+ 条记录/).waitFor();
      const head = (await result.getByTestId('trail-head').textContent())!;
      expect(head).toMatch(/^\d+:[0-9a-f]{64}$/);
      const [seq, hash] = head.split(':');
      // The head shown is the record the database holds at that place in the chain.
      const [row] = await console.service.dataSource.query(`SELECT hash FROM audit_trail WHERE seq = $1`, [seq]);
      expect(row.hash).toBe(hash);
      await expect(result.textContent()).resolves.not.toContain('断链');

      await page.getByLabel(/上次记下的锚点/).fill(head);
      await page.getByRole('button', { name: /核验审计链/ }).click();
      await page.waitForFunction((noted) => {
        const shown = document.querySelector('[data-testid="trail-head"]')?.textContent;
        return shown && shown !== noted;
      }, head);
      await result.getByText(/链完整/).waitFor();
      await expect(result.textContent()).resolves.not.toContain('断链');
      expect(await accessibilityViolations(page)).toEqual([]);
    },
  );
});
