/** Staff sign in to the console and see who they are, for which unit, in which role, and only their screens. */
import { accessibilityViolations, browserTest, useConsole } from '../support/browser';

describe('signing in to the console', () => {
  const console = useConsole();

  browserTest('a demo handler signs in and the header shows the user, the unit and the role', async () => {
    const page = await console.signedIn('x-handler');
    const header = page.getByTestId('current-user');
    await expect(header.textContent()).resolves.toMatch(/县住建局|住建/);
    await expect(header.textContent()).resolves.toContain('承办人');
    const menu = page.getByRole('menu', { name: '功能菜单' });
    await expect(menu.textContent()).resolves.toContain('我的待办');
    // An administrator's screens are not offered to a handler.
    await expect(menu.textContent()).resolves.not.toContain('用户管理');
    expect(new URL(page.url()).pathname).toBe('/console/queue');
  });

  browserTest("a wrong password is refused with the API's message, shown in place", async () => {
    const page = await console.newPage();
    await page.goto(`${console.baseUrl}/console/`);
    await page.getByLabel('用户名').fill('x-handler');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/password|密码|user/i);
    expect(new URL(page.url()).pathname).toBe('/console/login');
  });

  browserTest('the sign-in form works from the keyboard alone and every field has a label', async () => {
    const page = await console.newPage();
    await page.goto(`${console.baseUrl}/console/login`);
    expect(await accessibilityViolations(page)).toEqual([]);
    // The user id field has the focus on arrival; Tab moves to the password; Enter signs in.
    await page.keyboard.type('x-registrar');
    await page.keyboard.press('Tab');
    await page.keyboard.type('x-registrar-demo');
    await page.keyboard.press('Enter');
    await page.getByTestId('current-user').waitFor();
    await expect(page.getByTestId('current-user').textContent()).resolves.toContain('登记员');
    expect(await accessibilityViolations(page)).toEqual([]);
  });
});
