/**
 * 通知设置 in the console (issue 19): the admin opens a unit's notification settings from 单位管理,
 * a malformed mailbox is refused with the API's Chinese and nothing is kept; a good mailbox and
 * quiet hours are saved, as the API would read them back. The unit is this test's own.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { accessibilityViolations, browserTest, useConsole } from '../support/browser';

describe('the admin sets an office notification settings', () => {
  const console = useConsole();

  browserTest('a bad mailbox is refused in Chinese; a good one and quiet hours are saved', async () => {
    const t = randomUUID().slice(0, 6);
    const unitId = `z${t}-xfj`;
    const name = `示范丙县${t}信访局`;
    await request(console.service.app.getHttpServer())
      .post('/admin/units')
      .set('Authorization', staffBearer('admin'))
      .send({ id: unitId, name, kind: 'petitionOffice', level: 'county', parentId: 'c-xfj', region: `z${t}` })
      .expect(201);
    const stored = async () => [
      await console.service.dataSource.query(
        `SELECT channel, address FROM notification_addresses WHERE owner_kind = 'unit' AND owner_id = $1`,
        [unitId],
      ),
      await console.service.dataSource.query(
        `SELECT to_char(starts_at, 'HH24:MI') AS s, to_char(ends_at, 'HH24:MI') AS e FROM notification_quiet_hours WHERE unit_id = $1`,
        [unitId],
      ),
    ];
    try {
      const admin = await console.signedIn('admin');
      await admin.getByRole('menu', { name: '功能菜单' }).getByText('单位管理').click();
      const row = admin.getByRole('region', { name: '单位树' }).getByRole('row', { name: new RegExp(name) });
      await row.getByRole('button', { name: '通知设置' }).click();
      const dialog = admin.getByRole('dialog', { name: `通知设置：${name}` });
      await dialog.getByLabel('电子邮件').fill('not-a-mailbox');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.getByText('电子邮件地址格式不正确，例如 xfj@example.gov.cn。').waitFor();
      await expect(stored()).resolves.toEqual([[], []]);
      expect(await accessibilityViolations(admin)).toEqual([]);

      await dialog.getByLabel('电子邮件').fill(`${unitId}@example.test`);
      await dialog.getByLabel('免打扰开始').fill('22:00');
      await dialog.getByLabel('免打扰结束').fill('07:00');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect(stored()).resolves.toEqual([
        [{ channel: 'email', address: `${unitId}@example.test` }],
        [{ s: '22:00', e: '07:00' }],
      ]);
      // Opened again, the form shows what is kept.
      await row.getByRole('button', { name: '通知设置' }).click();
      await expect(dialog.getByLabel('电子邮件').inputValue()).resolves.toBe(`${unitId}@example.test`);
      await expect(dialog.getByLabel('免打扰开始').inputValue()).resolves.toBe('22:00');
    } finally {
      await console.service.dataSource.query(`DELETE FROM notification_addresses WHERE owner_id = $1`, [unitId]);
      await console.service.dataSource.query(`DELETE FROM notification_quiet_hours WHERE unit_id = $1`, [unitId]);
    }
  });
});
