/**
 * 网上信访 end to end in the browser: a petitioner on a 390 px phone fills the public form, attaches
 * a photo, agrees to the privacy notice and passes the ALTCHA proof-of-work in the real widget
 * (low difficulty by config), and is acknowledged with a submission number and a 查询码; the
 * petitioner page shows 已收到，待登记; a registrar registers it from the 网上信访待登记 queue; the
 * petitioner follows the case with the same number and 查询码.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JPEG_BYTES } from '../support/altcha-solver';
import { PHONE, accessibilityViolations, browserTest, useConsole } from '../support/browser';
import { useRunningService } from '../support/harness';

const uploadsDir = mkdtempSync(join(tmpdir(), 'online-browser-'));

describe('网上信访 in the browser', () => {
  const console = useConsole(
    useRunningService({
      configure: (config) => ({
        ...config,
        online: { ...config.online, altcha: { ...config.online.altcha, cost: 10, maxCounter: 200 } },
        storage: { kind: 'directory', root: uploadsDir, limits: config.storage.limits },
      }),
    }),
  );
  afterAll(() => rmSync(uploadsDir, { recursive: true, force: true }));

  browserTest(
    'submitted from a phone with a photo, registered by the registrar, followed with the 查询码',
    async () => {
      const phone = await console.newPage({ viewport: PHONE, isMobile: true });
      await phone.goto(`${console.baseUrl}/console/online`);
      await phone.getByLabel('受理单位（事项发生地）').selectOption('x-xfj');
      await phone.getByLabel('申诉求决').check();
      await phone.getByLabel('姓名').fill('网上李四');
      await phone.getByLabel('联系电话').fill('13911112222');
      await phone.getByLabel('住址').fill('示县城关镇和平路 8 号');
      await phone.getByLabel('信访请求').fill('请求维修小区破损道路');
      await phone.getByLabel('事实和理由').fill('小区主干道破损半年，多次反映未修。');
      // 进展通知 by e-mail: the address is asked for only once ticked
      await phone.getByLabel('通过电子邮件接收办理进展通知').check();
      await phone.getByLabel('接收通知的电子邮箱').fill('lisi@example.test');
      await phone
        .locator('#ol-files')
        .setInputFiles({ name: '道路照片.jpg', mimeType: 'image/jpeg', buffer: JPEG_BYTES });
      await phone.getByText('道路照片.jpg').waitFor();
      await phone.getByText('个人信息保护告知').first().waitFor();
      const submitButton = phone.getByRole('button', { name: '提交' });
      await phone.getByLabel('我已阅读并同意《个人信息保护告知》').check();
      // Not sendable before the proof-of-work is done.
      await expectDisabled(submitButton);
      // The widget's own checkbox, in Chinese, as a person taps it: the proof-of-work starts.
      await phone.getByRole('checkbox', { name: '我不是机器人' }).click({ force: true });
      await phone.waitForFunction(
        () => !document.querySelector<HTMLButtonElement>('form button[type="submit"]')?.disabled,
        undefined,
        { timeout: 60_000 },
      );
      // A phone screen: nothing wider than 390 px.
      expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      expect(await accessibilityViolations(phone)).toEqual([]);
      await submitButton.click();
      const number = (await phone.getByTestId('submission-number').textContent())!.trim();
      const code = (await phone.getByTestId('query-code').textContent())!.trim();
      expect(number).toMatch(/^网上信访〔\d{4}〕第\d{5}号$/);
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

      // Before registration the petitioner page says it was received.
      await phone.getByRole('link', { name: '查询办理进度' }).click();
      await phone.getByLabel('查询码').fill(code);
      await phone.getByRole('button', { name: '查询' }).click();
      await phone.getByTestId('submission-status').getByText('已收到，待登记').waitFor();

      const office = await console.signedIn('x-registrar');
      await office.goto(`${console.baseUrl}/console/online-intake`);
      const row = office.getByRole('row').filter({ hasText: number });
      await row.getByText('网***').waitFor();
      await row.getByRole('button', { name: '查看登记' }).click();
      await office.getByText('网上李四').waitFor();
      await office.getByText('lisi@example.test').waitFor();
      await office.getByRole('button', { name: '道路照片.jpg' }).waitFor();
      await office.getByRole('button', { name: '登记为信访事项' }).click();
      const caseNumber = (await office.getByTestId('online-case-number').textContent())!.trim();
      expect(caseNumber).toMatch(/^示县信〔\d{4}〕第\d{5}号$/);

      // The same number and code now find the case.
      await phone.getByRole('button', { name: '查询' }).click();
      await phone.getByTestId('petitioner-case-number').getByText(caseNumber).waitFor();
      expect(await phone.getByTestId('submission-status').count()).toBe(0);
    },
  );
});

async function expectDisabled(locator: import('playwright-core').Locator): Promise<void> {
  expect(await locator.isDisabled()).toBe(true);
}
