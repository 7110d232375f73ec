/**
 * 信访件编号 in the console: the registrar registers a petition and sees its number beside the
 * 查询码, opens the 登记回执 (a PDF saying the number, the code and the office), and finds the case
 * in 案件查询 by its number, the petitioner's name and phone; the name and the phone never reach
 * the address bar.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { staffBearer } from '../support/auth';
import { accessibilityViolations, browserTest, untilQuiet, useConsole } from '../support/browser';
import { pdfWords } from '../support/pdf-text';
import { button, choose, pickInstant } from './steps/console-steps';

const beijing = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('case numbers, the registration receipt and the search by number, name and phone in the console', () => {
  const console = useConsole();
  const tag = randomUUID().slice(0, 6);
  const name = `司马${tag}`;
  const phone = `137${String(Date.now()).slice(-8)}`;
  const summary = `农村宅基地确权纠纷（${tag}）`;

  browserTest(
    'registers, shows the number, opens the receipt and finds the case by number, name and phone',
    async () => {
      const page = await console.signedIn('x-registrar');
      await page.goto(`${console.baseUrl}/console/intake`);
      await page.getByLabel('信访类别').waitFor();
      await choose(page, '信访类别', '申诉求决');
      await choose(page, '来源渠道', '来访');
      await page.getByLabel('信访人姓名').fill(name);
      await page.getByLabel('联系方式').fill(phone);
      await page.getByLabel('信访事项摘要').fill(summary);
      await pickInstant(page, '收到时间', beijing(Date.now() - 3_600_000));
      await button(page, '登记').click();

      const caseNumber = (await page.getByTestId('case-number').textContent())!.trim();
      const queryCode = (await page.getByTestId('query-code').textContent())!.trim();
      const petitionId = (await page.getByTestId('case-number').getAttribute('data-petition-id'))!;
      expect(caseNumber).toMatch(/^示县信〔\d{4}〕第\d{5}号$/);
      const shown = await request(console.service.app.getHttpServer())
        .get(`/petitions/${petitionId}`)
        .set('Authorization', staffBearer('x-registrar'))
        .expect(200);
      expect(shown.body.caseNumber).toBe(caseNumber);
      expect(await accessibilityViolations(page)).toEqual([]);

      // 打印登记回执: the PDF opens in the browser's viewer; its text (the bytes the console received,
      // passed through on their way) says the number, the code and the office.
      let bytes: Buffer<ArrayBufferLike> = Buffer.alloc(0);
      await page.route('**/receipt', async (route) => {
        const response = await route.fetch();
        bytes = await response.body();
        await route.fulfill({ response });
      });
      const [viewer] = await Promise.all([
        page.context().waitForEvent('page'),
        page.getByTestId('open-receipt').click(),
      ]);
      expect(viewer.url()).toMatch(/^blob:/);
      const text = pdfWords(bytes);
      for (const expected of ['信访事项登记回执', caseNumber, queryCode, '示范县信访局'])
        expect(text).toContain(expected);
      await viewer.close();

      const searchBy = async (label: string, value: string) => {
        await page.goto(`${console.baseUrl}/console/cases`);
        await page.getByLabel(label).fill(value);
        await button(page, '查询').click();
        // The page's first list may hold the case too: wait for the search's own answer.
        await untilQuiet(page);
        await page.getByTestId('case-number-cell').filter({ hasText: caseNumber }).waitFor();
      };
      // The number as a clerk types it: plain brackets, no 第.
      await searchBy('信访件编号', caseNumber.replace('〔', '[').replace('〕', ']').replace('第', ''));
      await expect(page.getByTestId('case-number-cell').count()).resolves.toBe(1);
      expect(await accessibilityViolations(page)).toEqual([]);
      await searchBy('信访人姓名', name.slice(0, 4));
      expect(decodeURIComponent(page.url())).not.toContain(name.slice(0, 4));
      await searchBy('联系电话', `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`);
      expect(page.url()).not.toContain(phone.slice(3, 7));

      // The case page names it by its number and offers the receipt to the registering office.
      await page.getByRole('link', { name: summary }).click();
      await expect(page.getByTestId('case-number').textContent()).resolves.toBe(caseNumber);
      await page.getByTestId('open-receipt').waitFor();
    },
  );
});
