/**
 * The notification centre in the console (issue 19): the bell in the staff header counts a new
 * notification live (Server-Sent Events, no reload), its list names the case by its number, and
 * opening the notification marks it read and goes to the case.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { accessibilityViolations, browserTest, useConsole } from '../support/browser';

describe('the notification bell', () => {
  const console = useConsole();
  const http = () => request(console.service.app.getHttpServer());

  browserTest(
    'a case routed to the unit rings the head’s bell live; opening it reads it and shows the case',
    async () => {
      await http()
        .post('/me/notifications/read-all')
        .set('Authorization', staffBearer('x-head'))
        .expect(200, { unread: 0 });
      const page = await console.signedIn('x-head');
      await page.goto(`${console.baseUrl}/console/`);
      const bell = page.getByTestId('notification-bell');
      await page.getByRole('button', { name: '通知，0 条未读' }).waitFor();

      const created = await http()
        .post('/petitions')
        .set('Authorization', staffBearer('x-registrar'))
        .set('Idempotency-Key', randomUUID())
        .send({
          category: 'appeal',
          channel: 'visit',
          receivedAt: new Date().toISOString(),
          petitionerName: '孙某',
          summary: `路灯损坏无人维修（${randomUUID().slice(0, 8)}）`,
        })
        .expect(201);
      const petitionId: string = created.body.petitionId;
      const routed = await http()
        .post(`/petitions/${petitionId}/actions/route`)
        .set('Authorization', staffBearer('x-registrar'))
        .send({ requestId: randomUUID(), args: { unitId: 'x-zjj' } });
      expect(routed.status).toBe(200);

      // no reload: the stream brings the count
      await page.getByRole('button', { name: '通知，1 条未读' }).waitFor({ timeout: 30_000 });
      const [{ case_number: caseNumber }]: { case_number: string }[] = await console.service.dataSource.query(
        `SELECT case_number FROM petition_intakes WHERE petition_id = $1`,
        [petitionId],
      );
      await bell.click();
      const item = page.getByTestId('notification-item').filter({ hasText: `新转送信访件：${caseNumber}` });
      await item.waitFor();
      expect(await accessibilityViolations(page)).toEqual([]);
      await item.click();
      await page.waitForURL(`**/console/cases/${petitionId}`);
      await page.getByRole('button', { name: '通知，0 条未读' }).waitFor({ timeout: 30_000 });

      // 预警汇总: the user's own switch under the list, kept by the API
      await bell.click();
      const digest = page.getByRole('switch', { name: '预警邮件每日汇总' });
      await page.getByText('每天 08:00 发送一封').waitFor();
      await digest.click();
      await page.waitForFunction(
        () =>
          document
            .querySelector('[data-testid="notification-digest"] [role="switch"]')
            ?.getAttribute('aria-checked') === 'true',
      );
      const stored = await http()
        .get('/me/notifications/preferences/digest')
        .set('Authorization', staffBearer('x-head'))
        .expect(200);
      expect(stored.body).toEqual({ warnings: true, at: '08:00' });
      await digest.click();
      await page.waitForFunction(
        () =>
          document
            .querySelector('[data-testid="notification-digest"] [role="switch"]')
            ?.getAttribute('aria-checked') === 'false',
      );
    },
  );
});
