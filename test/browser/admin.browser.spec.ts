/**
 * 用户管理 in the console: the admin creates an account in 县住建局 (示范县住房和城乡建设局, x-zjj).
 * A password shorter than 12 characters is refused with the API's message on the password field
 * and creates nothing; with a long enough one the user exists, signs in and sees their unit and
 * role; a password reset ends their session (a short one refused the same way); deactivating them
 * signs them out at once (their next page load is the sign-in page). A unit is created one level
 * below its parent, and a refusal (a taken id) is shown on its field.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { accessibilityViolations, browserTest, useConsole } from '../support/browser';

/**
 * Picks an option of an antd Select by its label, from the keyboard: type to narrow the list to
 * the option, Enter to choose it (a click can land in the list's opening animation and be lost).
 */
async function choose(page: Page, label: string, option: string, search = option): Promise<void> {
  const select = page.getByLabel(label, { exact: true });
  await select.click();
  await select.fill(search);
  await page.locator('.ant-select-dropdown:visible').getByTitle(option, { exact: true }).waitFor();
  await select.press('Enter');
  await page.locator('.ant-select-dropdown:visible').waitFor({ state: 'hidden' });
}

describe('the admin manages accounts', () => {
  const console = useConsole();

  browserTest(
    'a new handler in 县住建局: a short password is refused on its field, then the user signs in; deactivated, they are signed out',
    async () => {
      const userId = `zjj-${randomUUID().slice(0, 8)}`;
      const password = `长期有效的口令-${randomUUID().slice(0, 6)}`;
      const admin = await console.signedIn('admin');
      await admin.getByRole('menu', { name: '功能菜单' }).getByText('用户管理').click();
      await admin.getByRole('button', { name: /新建用户/ }).click();
      const dialog = admin.getByRole('dialog', { name: '新建用户' });
      await dialog.getByLabel('用户编号').fill(userId);
      await dialog.getByLabel('姓名').fill('测试承办人');
      await choose(admin, '角色', '承办人');
      await choose(admin, '所属单位', '示范县住房和城乡建设局（x-zjj）', 'x-zjj');
      await dialog.getByLabel('初始密码').fill('short-pw');
      await dialog.getByRole('button', { name: /创\s*建/ }).click();

      // The API's own message, under the password field; nothing is created.
      const passwordError = dialog.locator('#create-user_password_help');
      await passwordError.getByText('密码至少需要 12 个字符。').waitFor();
      await expect(dialog.isVisible()).resolves.toBe(true);
      await expect(console.service.dataSource.query(`SELECT id FROM users WHERE id = $1`, [userId])).resolves.toEqual(
        [],
      );
      expect(await accessibilityViolations(admin)).toEqual([]);

      await dialog.getByLabel('初始密码').fill(password);
      await dialog.getByRole('button', { name: /创\s*建/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      const users = admin.getByRole('region', { name: '用户列表' });
      // Other tests' accounts share the database: the admin narrows the list to the new one.
      await users.getByRole('searchbox', { name: '查找用户' }).fill(userId);
      const row = users.getByRole('row', { name: new RegExp(userId) });
      await row.waitFor();
      await expect(row.textContent()).resolves.toMatch(/测试承办人.*承办人.*示范县住房和城乡建设局/);
      const [created] = await console.service.dataSource.query(
        `SELECT name, role, unit_id, active FROM users WHERE id = $1`,
        [userId],
      );
      expect(created).toEqual({ name: '测试承办人', role: 'handler', unit_id: 'x-zjj', active: true });
      // The change is in the log, made by the admin.
      await admin.getByRole('region', { name: '变更记录' }).getByText(userId).first().waitFor();

      // The new user signs in on a page of their own and sees who they are.
      const user = await console.newPage();
      const signIn = async (secret: string) => {
        await user.goto(`${console.baseUrl}/console/login`);
        await user.getByLabel('用户名').fill(userId);
        await user.getByLabel('密码').fill(secret);
        await user.getByRole('button', { name: /登\s*录/ }).click();
        await user.getByTestId('current-user').waitFor();
        await expect(user.getByTestId('current-user').textContent()).resolves.toMatch(
          /测试承办人.*示范县住房和城乡建设局.*承办人/,
        );
      };
      await signIn(password);

      // The admin's own account offers no changes.
      const search = users.getByRole('searchbox', { name: '查找用户' });
      await search.fill('admin');
      const own = users.getByRole('row', { name: /^admin\s/ });
      await expect(own.textContent()).resolves.toContain('系统管理员');
      await expect(own.getByRole('button').count()).resolves.toBe(0);
      await search.fill(userId);
      await expect(row.getByRole('button').count()).resolves.toBe(3);

      // A reset password: too short is refused on the field; a good one ends the user's session.
      await row.getByRole('button', { name: /重置密码/ }).click();
      const reset = admin.getByRole('dialog', { name: new RegExp(`重置密码：测试承办人（${userId}）`) });
      await reset.getByLabel('新密码').fill('too-short');
      await reset.getByRole('button', { name: /重\s*置/ }).click();
      await reset.locator('#reset-password_password_help').getByText('密码至少需要 12 个字符。').waitFor();
      const newPassword = `另一个长期有效的口令-${randomUUID().slice(0, 6)}`;
      await reset.getByLabel('新密码').fill(newPassword);
      await reset.getByRole('button', { name: /重\s*置/ }).click();
      await reset.waitFor({ state: 'hidden' });
      await user.reload();
      await user.waitForURL(/\/console\/login$/);
      await signIn(newPassword);

      await row.getByRole('button', { name: `停用 ${userId}` }).click();
      await admin
        .getByRole('tooltip')
        .getByRole('button', { name: /停\s*用/ })
        .click();
      await row.getByText('已停用').waitFor();
      const [deactivated] = await console.service.dataSource.query(`SELECT active FROM users WHERE id = $1`, [userId]);
      expect(deactivated.active).toBe(false);

      await user.reload();
      await user.waitForURL(/\/console\/login$/);
      await expect(user.getByTestId('current-user').count()).resolves.toBe(0);
    },
  );

  browserTest(
    'a new county office under 示范市信访局: one level below its parent; a taken id is refused on its field; then deactivated',
    async () => {
      const segment = `t${randomUUID().slice(0, 6)}`;
      const unitId = `${segment}-xfj`;
      const admin = await console.signedIn('admin');
      await admin.getByRole('menu', { name: '功能菜单' }).getByText('单位管理').click();
      await admin.getByRole('button', { name: /新建单位/ }).click();
      const dialog = admin.getByRole('dialog', { name: '新建单位' });
      await choose(admin, '上级单位', '示范市信访局（c-xfj）', 'c-xfj');
      await expect(dialog.getByLabel('层级').inputValue()).resolves.toBe('县级');
      await choose(admin, '类别', '信访部门');
      await dialog.getByLabel('单位编号').fill('x-xfj');
      await dialog.getByLabel('单位名称').fill('示范戊县信访局');
      await dialog.getByLabel('行政区划段').fill(segment);
      await dialog.getByRole('button', { name: /创\s*建/ }).click();

      await dialog.locator('#create-unit_id_help').getByText('编号“x-xfj”已存在。').waitFor();
      await expect(
        console.service.dataSource.query(`SELECT id FROM units WHERE region_path = $1`, [`p.c.${segment}`]),
      ).resolves.toEqual([]);
      expect(await accessibilityViolations(admin)).toEqual([]);

      await dialog.getByLabel('单位编号').fill(unitId);
      await dialog.getByRole('button', { name: /创\s*建/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      const [created] = await console.service.dataSource.query(
        `SELECT name, kind, level, parent_id, region_path, active FROM units WHERE id = $1`,
        [unitId],
      );
      expect(created).toEqual({
        name: '示范戊县信访局',
        kind: 'petitionOffice',
        level: 'county',
        parent_id: 'c-xfj',
        region_path: `p.c.${segment}`,
        active: true,
      });
      const row = admin.getByRole('region', { name: '单位树' }).getByRole('row', { name: new RegExp(unitId) });
      await expect(row.textContent()).resolves.toMatch(/示范戊县信访局.*信访部门.*县级/);

      await row.getByRole('button', { name: /停\s*用/ }).click();
      await admin
        .getByRole('tooltip')
        .getByRole('button', { name: /停\s*用/ })
        .click();
      await row.getByText('已停用').waitFor();
      const [deactivated] = await console.service.dataSource.query(`SELECT active FROM units WHERE id = $1`, [unitId]);
      expect(deactivated.active).toBe(false);
      expect(await accessibilityViolations(admin)).toEqual([]);
    },
  );
});
