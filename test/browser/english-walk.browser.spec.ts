/**
 * No English and no internal id reaches a person: each staff role walks every screen of the
 * console's router (the list is read from the route files, so a new screen is walked without a
 * change here), each tab, the case page with each action form it offers submitted empty, the
 * dialogs a screen opens, and refusals provoked on purpose (a wrong password, a late registration
 * without its reason, a case that does not exist, a screen not for the role); the petitioner's page
 * with a wrong 查询码 and an unknown number. What each shows is checked for three English words in
 * a row (names such as PDF and Temporal aside) and for UUIDs, the case's 8-character id prefix too.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { NAVIGATION } from '../../apps/console/src/staff/layout/navigation';
import { createTestUser } from '../support/accounts';
import { staffBearer } from '../support/auth';
import { PHONE, browserTest, untilQuiet, useConsole } from '../support/browser';
import { button, choose, pickInstant } from './steps/console-steps';
import { TextWalk, findingsIn } from './steps/visible-text';

const STAFF_DIR = join(__dirname, '..', '..', 'apps', 'console', 'src', 'staff');

/** The console's screens, as its router has them: each area's routes file named by staff/routes.tsx. */
function routerPaths(): string[] {
  const table = readFileSync(join(STAFF_DIR, 'routes.tsx'), 'utf8');
  const areas = [...table.matchAll(/from '\.\/([\w-]+)\/routes'/g)].map((m) => m[1]);
  if (areas.length === 0) throw new Error('no area routes found in staff/routes.tsx');
  return areas.flatMap((area) =>
    [...readFileSync(join(STAFF_DIR, area, 'routes.tsx'), 'utf8').matchAll(/path: '([^']+)'/g)].map((m) => m[1]),
  );
}

/** One demo user per role the menu knows (DOMAIN §1). */
const WALKERS: Record<string, string> = {
  registrar: 'x-registrar',
  handler: 'x-handler',
  unitHead: 'x-head',
  caseLeader: 'x-leader',
  supervisor: 'x-supervisor',
  auditor: 'p-auditor',
  admin: 'admin',
};

/** Buttons that open a dialog with a form (never one that changes anything by itself). */
const OPENERS = /^\s*(新\s*建|启动专项攻坚|纳入案件|修\s*改|重置密码|处\s*置|转送\/交办)/;

const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

async function settle(page: Page): Promise<void> {
  await untilQuiet(page);
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 5_000 })
    .catch(() => undefined);
}

describe('no English and no UUID on any screen of any role, nor on the petitioner page', () => {
  const console = useConsole();
  let petitionId: string;
  let caseNumber: string;
  let queryCode: string;
  let campaignId: string | null = null;
  /** Each test's own findings (a fresh walk per test), so one role's English is reported once. */
  let walk: TextWalk;
  const newWalk = () => (walk = new TextWalk(() => [petitionId.slice(0, 8)]));

  beforeAll(async () => {
    const http = () => request(console.service.app.getHttpServer());
    const registered = await http()
      .post('/petitions')
      .set('Authorization', staffBearer('x-registrar'))
      .set('Idempotency-Key', `english-walk-${randomUUID()}`)
      .send({
        category: 'appeal',
        channel: 'visit',
        receivedAt: new Date(Date.now() - 3_600_000).toISOString(),
        petitionerName: '钱某',
        petitionerContact: '13900001111',
        summary: '小区消防通道被长期占用',
      })
      .expect(201);
    ({ petitionId, caseNumber, queryCode } = registered.body);
    for (const [user, action, args] of [
      ['x-registrar', 'route', { unitId: 'x-zjj' }],
      ['x-handler', 'accept', {}],
    ] as const)
      await http()
        .post(`/petitions/${petitionId}/actions/${action}`)
        .set('Authorization', staffBearer(user))
        .send({ requestId: randomUUID(), args })
        .expect(200);
    const campaigns = await http().get('/campaigns').set('Authorization', staffBearer('x-supervisor'));
    campaignId = (campaigns.body as { campaignId: string }[])[0]?.campaignId ?? null;
    if (!campaignId) {
      // A campaign selecting no case (nothing is that old), so no other test's case is touched.
      const today = beijing(Date.now()).slice(0, 10);
      const launched = await http()
        .post('/campaigns')
        .set('Authorization', staffBearer('x-supervisor'))
        .set('Idempotency-Key', `english-walk-${randomUUID()}`)
        .send({
          name: '县信访积案化解专项攻坚（界面用语检查）',
          planRef: '县联席办〔2026〕10号',
          startDate: today,
          targetDate: new Date(Date.parse(`${today}T00:00:00Z`) + 90 * 86_400_000).toISOString().slice(0, 10),
          cadenceDays: 7,
          rules: {
            openLongerThanDays: 3650,
            repeatPetitions: false,
            reopenedAfterRelapse: false,
            listedForSupervision: false,
            importedBacklog: false,
          },
        });
      expect(launched.status).toBe(201);
      campaignId = launched.body.campaignId;
    }
  });

  it('the check finds English phrases and ids, and lets names such as PDF and Temporal UI pass', () => {
    const kinds = (text: string) => findingsIn('自检', text).map((f) => `${f.kind}:${f.text}`);
    expect(kinds('登录失败：unknown user, wrong password')).toEqual(['english:unknown user, wrong password']);
    expect(kinds('理由：routed to the unit')).toEqual(['english:routed to the unit']);
    expect(kinds('案件 9805a6e2-4b89-44a2-a204-f02f19d569bf')).toEqual(['uuid:9805a6e2-4b89-44a2-a204-f02f19d569bf']);
    expect(kinds('在 Temporal UI 中查看；下载 PDF；导出 CSV 与 Excel；ABCD-EFGH-JKLM')).toEqual([]);
    // People read 张三 and 县住建局, not the demo directory's login ids and unit codes.
    expect(kinds('经办人 x-registrar；责任人 c-head；单位 x-zjj')).toEqual([
      'login-id:x-registrar',
      'login-id:c-head',
      'unit-code:x-zjj',
    ]);
    expect(kinds('张三（县住建局）；x-zjjx；max-headroom')).toEqual([]);
  });

  it('walks every screen the router has, and every screen the menu offers is one of them', () => {
    const paths = routerPaths();
    for (const item of NAVIGATION) expect(paths).toContain(item.path.slice(1));
    const roles = new Set(NAVIGATION.flatMap((item) => item.roles));
    expect([...roles].sort()).toEqual(Object.keys(WALKERS).sort());
  });

  const concrete = (path: string): string => {
    if (path === 'campaigns/:id') {
      if (!campaignId) throw new Error('no campaign to open');
      return `campaigns/${campaignId}`;
    }
    const filled = path.replace(':id', petitionId);
    if (filled.includes(':')) throw new Error(`no value for the parameter of ${path}: add one to the walk`);
    return filled;
  };

  /** Tabs of the page, each opened and read. */
  async function walkTabs(page: Page, seen: TextWalk, where: string): Promise<void> {
    const tabs = page.locator('.ant-tabs-tab:not(.ant-tabs-tab-disabled)');
    const count = await tabs.count();
    for (let i = 0; i < count; i++) {
      const tab = tabs.nth(i);
      if (!(await tab.isVisible())) continue;
      const label = (await tab.innerText()).trim();
      await tab.click();
      await settle(page);
      await seen.check(page, `${where} › ${label}`);
    }
  }

  /** The first row of each table that unfolds (a ledger record's particulars, a change's before and after), unfolded and read. */
  async function walkExpandedRows(page: Page, seen: TextWalk, where: string): Promise<void> {
    const tables = page.locator('.ant-table-wrapper');
    for (let i = 0; i < (await tables.count()); i++) {
      const unfold = tables.nth(i).locator('.ant-table-row-expand-icon-collapsed').first();
      if (!(await unfold.count()) || !(await unfold.isVisible())) continue;
      await unfold.click();
      await settle(page);
      await seen.check(page, `${where} › 展开第一行`);
    }
  }

  /** A dialog opened by `open`: read, submitted empty when it has required fields (read again), closed. */
  async function walkDialog(page: Page, seen: TextWalk, where: string, open: () => Promise<void>): Promise<void> {
    await open();
    const dialog = page.locator('.ant-modal-wrap:not([style*="display: none"]) .ant-modal, .ant-drawer-open').last();
    if (
      !(await dialog.waitFor({ timeout: 5_000 }).then(
        () => true,
        () => false,
      ))
    )
      return;
    await settle(page);
    await seen.check(page, where);
    if ((await dialog.locator('.ant-form-item-required').count()) > 0) {
      const submit = dialog.locator('.ant-modal-footer .ant-btn-primary, button[type="submit"]').last();
      if (await submit.count()) {
        await submit.click();
        await dialog
          .locator('.ant-form-item-explain-error')
          .first()
          .waitFor({ timeout: 5_000 })
          .catch(() => undefined);
        await settle(page);
        await seen.check(page, `${where} › 空表提交`);
      }
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 }).catch(async () => {
      const cancel = button(dialog, '取消');
      if (await cancel.count()) await cancel.click();
    });
  }

  /** Dialogs a screen opens (新建, 修改, 处置…), the first of each kind. */
  async function walkOpeners(page: Page, seen: TextWalk, where: string): Promise<void> {
    const openers = page.locator('main button, .ant-layout-content button').filter({ hasText: OPENERS });
    const labels = new Set<string>();
    for (const label of await openers.allInnerTexts()) labels.add(label.trim());
    for (const label of labels) {
      const opener = openers.filter({ hasText: label }).first();
      if (!(await opener.isVisible()) || (await opener.isDisabled())) continue;
      await walkDialog(page, seen, `${where} › ${label.replace(/\s+/g, '')}`, () => opener.click());
    }
  }

  /** The case page's action forms, each opened, submitted empty when it has required fields, closed. */
  async function walkActions(page: Page, seen: TextWalk, where: string): Promise<void> {
    const actions = page.getByTestId('case-actions').last();
    if (!(await actions.count())) return;
    const labels = (await actions.locator('button').allInnerTexts()).map((l) => l.trim());
    for (const label of labels) {
      await walkDialog(page, seen, `${where} › ${label.replace(/\s+/g, '')}`, () =>
        actions.locator('button').filter({ hasText: label }).first().click(),
      );
    }
  }

  /** One role's walk: every screen of the router, its tabs, dialogs and action forms, and two refusals. */
  async function walkRole(role: string, userId: string): Promise<TextWalk> {
    const seen = new TextWalk(() => [petitionId.slice(0, 8)]);
    const page = await console.signedIn(userId);
    await settle(page);
    await seen.check(page, `${role} 首页`);
    for (const path of routerPaths()) {
      const target = concrete(path);
      const where = `${role} /${path}`;
      // A minute, not the context's 20 s: on a loaded machine a screen after a heavy one (the
      // whole province's lists, as the admin sees them) can be slow to load; the walk is about words.
      await page.goto(`${console.baseUrl}/console/${target}`, { timeout: 60_000 });
      await settle(page);
      await seen.check(page, where);
      await walkTabs(page, seen, where);
      await walkExpandedRows(page, seen, where);
      if (path === 'cases/:id') {
        if (role !== 'admin')
          await page
            .getByTestId('case-number')
            .first()
            .waitFor({ timeout: 10_000 })
            .catch(() => undefined);
        await walkActions(page, seen, where);
      }
      if (path === 'audit/cases/:id' && role === 'auditor') {
        // The replay report names the case by its number.
        await button(page, '重放本案').click();
        const report = page.getByTestId('replay-report');
        await report.getByText('确定性一致', { exact: true }).waitFor({ timeout: 120_000 });
        await expect(report.innerText()).resolves.toContain(caseNumber);
        await seen.check(page, `${where} › 重放本案`);
      }
      await walkOpeners(page, seen, where);
      // A form of the screen (search, intake) submitted as it stands: empty or defaults.
      const submit = page.locator('.ant-layout-content form button[type="submit"]').first();
      if (
        path !== 'cases/:id' &&
        (await submit.count()) &&
        (await submit.isVisible()) &&
        !(await submit.isDisabled())
      ) {
        await submit.click();
        await settle(page);
        await seen.check(page, `${where} › 提交`);
      }
    }
    // A case that does not exist (or is not the role's to see).
    await page.goto(`${console.baseUrl}/console/cases/${randomUUID()}`);
    await settle(page);
    await seen.check(page, `${role} 不存在的案件`);
    // A case number nobody has.
    await page.goto(`${console.baseUrl}/console/cases`);
    await settle(page);
    const numberField = page.getByLabel('信访件编号');
    if (await numberField.count()) {
      await numberField.fill('示县信〔2026〕第99999号');
      await button(page, '查询').click();
      await settle(page);
      await seen.check(page, `${role} 案件查询 › 无此编号`);
      await numberField.fill('信访123');
      await button(page, '查询').click();
      await settle(page);
      await seen.check(page, `${role} 案件查询 › 编号格式不对`);
    }
    await page.context().close();
    return seen;
  }

  // The roles walk two at a time: a walk mostly waits for its screens to settle, and one after
  // another the seven took seven minutes of the test run.
  browserTest(
    'every role: every screen, tab, dialog and refusal is Chinese and names cases by number',
    async () => {
      const roles = Object.entries(WALKERS);
      const walks = new Map<string, TextWalk>();
      const walkNext = async (): Promise<void> => {
        for (let next = roles.shift(); next; next = roles.shift()) walks.set(next[0], await walkRole(...next));
      };
      await Promise.all([walkNext(), walkNext()]);
      expect([...walks.keys()].sort()).toEqual(Object.keys(WALKERS).sort());
      for (const [role, seen] of walks) {
        // Every screen of the router was read, and the dialogs and refusals besides.
        expect({ role, read: seen.checked.length > routerPaths().length }).toEqual({ role, read: true });
        expect(seen.report()).toBe('');
      }
    },
    600_000,
  );

  browserTest('refusals: a wrong password, a late registration without its reason', async () => {
    newWalk();
    const page = await console.newPage();
    await page.goto(`${console.baseUrl}/console/login`);
    await page.getByLabel('用户名').fill('x-registrar');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await page.getByRole('alert').first().waitFor();
    await walk.check(page, '登录 › 密码错误');
    await page.getByLabel('用户名').fill('');
    await page.getByLabel('密码').fill('');
    await page.getByRole('button', { name: /登\s*录/ }).click();
    await settle(page);
    await walk.check(page, '登录 › 空表');

    const registrar = await console.signedIn('x-registrar');
    await registrar.goto(`${console.baseUrl}/console/intake`);
    await registrar.getByLabel('信访类别').waitFor();
    await choose(registrar, '信访类别', '申诉求决');
    await choose(registrar, '来源渠道', '来访');
    await registrar.getByLabel('信访人姓名').fill('孙某');
    await registrar.getByLabel('信访事项摘要').fill('村道硬化工程质量问题');
    await pickInstant(registrar, '收到时间', beijing(Date.now() - 730 * 86_400_000));
    await button(registrar, '登记').click();
    await registrar.locator('.ant-form-item-explain-error, [role="alert"]').first().waitFor();
    await settle(registrar);
    await walk.check(registrar, '登记 › 逾期登记未说明理由');

    // The admin resets a password to one too short (a user of this test's own).
    const { id: userId } = await createTestUser(console.service.dataSource, 'handler', 'x-zjj');
    const admin = await console.signedIn('admin');
    await admin.goto(`${console.baseUrl}/console/admin/users`);
    await admin.getByRole('searchbox', { name: '查找用户' }).fill(userId);
    await admin
      .getByRole('row')
      .filter({ hasText: userId })
      .getByRole('button', { name: /重置密码/ })
      .click();
    const reset = admin.getByRole('dialog').filter({ hasText: '重置密码' });
    await reset.getByLabel('新密码').fill('too-short');
    await button(reset, '重置').click();
    await reset.locator('.ant-form-item-explain-error').first().waitFor();
    await walk.check(admin, '用户管理 › 密码太短');
    expect(walk.report()).toBe('');
  });

  browserTest('the petitioner page: a wrong 查询码, an unknown number, then the case', async () => {
    newWalk();
    const page = await console.newPage({ viewport: PHONE, isMobile: true });
    await page.goto(`${console.baseUrl}/console/petitioner`);
    await settle(page);
    await walk.check(page, '信访人 首页');
    const lookup = async (number: string, code: string) => {
      await page.getByLabel('信访件编号').fill(number);
      await page.getByLabel('查询码').fill(code);
      await page.getByRole('button', { name: /查\s*询/ }).click();
      await settle(page);
    };
    await lookup(caseNumber, 'AAAA-BBBB-CCCC');
    await page.getByRole('alert').first().waitFor();
    await walk.check(page, '信访人 › 查询码错误');
    await lookup('示县信〔2026〕第99999号', queryCode);
    await page.getByRole('alert').first().waitFor();
    await walk.check(page, '信访人 › 无此编号');
    await lookup('信访123', queryCode);
    await walk.check(page, '信访人 › 编号格式不对');
    await lookup(caseNumber, queryCode);
    await page.getByTestId('petitioner-case-number').waitFor();
    await walk.check(page, '信访人 › 本案');
    expect(await page.getByTestId('petitioner-case-number').innerText()).toContain(caseNumber);
    expect(walk.report()).toBe('');
  });
});
