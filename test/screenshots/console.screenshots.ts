/**
 * `npm run screenshots`: each main screen of the console, as its user sees it over the demo cases
 * `npm start` creates (plus one campaign), photographed in Debian's Chromium at an office PC's size
 * (the petitioner's page at a phone's) into docs/screenshots/. Each shot first waits for the content
 * that makes the screen what it is, so a screen that fails to load fails the run instead of
 * committing a picture of a spinner.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { startDemoCases, type DemoCase } from '../../apps/launcher/demo-cases';
import { staffBearer } from '../support/auth';
import { PHONE, untilQuiet, useConsole } from '../support/browser';

const OUT = join(__dirname, '..', '..', 'docs', 'screenshots');
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe('screenshots of the console', () => {
  const console = useConsole();
  let cases: Record<string, DemoCase>;
  let campaignId: string;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const started = await startDemoCases(console.baseUrl, { bearer: async (userId) => staffBearer(userId) });
    cases = Object.fromEntries(started.map((c) => [c.key, c]));
    const launched = await request(console.service.app.getHttpServer())
      .post('/campaigns')
      .set('Authorization', staffBearer('x-supervisor'))
      .set('Idempotency-Key', 'screenshots-campaign')
      .send({
        name: '甲县信访积案化解专项攻坚',
        planRef: '甲县联席办〔2026〕1号',
        startDate: today(),
        targetDate: inDays(90),
        cadenceDays: 7,
        rules: {
          openLongerThanDays: 10,
          repeatPetitions: false,
          reopenedAfterRelapse: false,
          listedForSupervision: false,
          importedBacklog: false,
        },
      });
    if (launched.status !== 201)
      throw new Error(`the campaign was not launched: ${launched.status} ${JSON.stringify(launched.body)}`);
    campaignId = launched.body.campaignId;
  });

  async function shoot(page: Page, name: string, path: string, shows: string | RegExp): Promise<void> {
    await page.goto(`${console.baseUrl}/console${path}`);
    await page.getByText(shows).first().waitFor({ timeout: 30_000 });
    // Let charts and lazy tables settle before the picture.
    await untilQuiet(page);
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: false });
  }

  it('takes each main screen', async () => {
    const signIn = await console.newPage();
    await signIn.goto(`${console.baseUrl}/console/login`);
    await signIn.getByLabel('用户名').waitFor();
    await signIn.screenshot({ path: join(OUT, 'sign-in.png') });

    const registrar = await console.signedIn('x-registrar');
    await shoot(registrar, 'registrar-routing-queue', '/routing', '小区路灯长期不亮');
    await shoot(registrar, 'registrar-intake', '/intake', '来源渠道');

    const handler = await console.signedIn('x-handler');
    await shoot(handler, 'handler-queue', '/queue', '加装电梯补贴');
    await shoot(handler, 'case-page', `/cases/${cases['near-due'].petitionId}`, '交办报告期限');

    const supervisor = await console.signedIn('x-supervisor');
    await shoot(supervisor, 'supervisor-overdue', '/supervision/overdue', /超期 \d+ 天/);
    await shoot(supervisor, 'supervisor-tasks', '/supervision/tasks', /督办/);
    await shoot(supervisor, 'accountability-ledger', '/accountability', /逾期登记|转送交办超期/);
    await shoot(supervisor, 'assessment-report', '/reports', /及时受理率/);
    await shoot(supervisor, 'campaign', `/campaigns/${campaignId}`, '甲县信访积案化解专项攻坚');

    const auditor = await console.signedIn('p-auditor');
    await shoot(auditor, 'auditor-case', `/audit/cases/${cases.rated.petitionId}`, '读模型核验');

    const admin = await console.signedIn('admin');
    await shoot(admin, 'admin-units', '/admin/units', '示范县住房和城乡建设局');

    const phone = await console.newPage({ viewport: PHONE, isMobile: true });
    await phone.goto(`${console.baseUrl}/console/petitioner?id=${encodeURIComponent(cases.rated.caseNumber)}`);
    await phone.getByLabel('查询码').fill(cases.rated.queryCode);
    await phone.keyboard.press('Enter');
    await phone.getByText('满意度评价').first().waitFor();
    await phone.screenshot({ path: join(OUT, 'petitioner-phone.png'), fullPage: true });
  }, 300_000);
});
