/**
 * Browser tests: the real API (with the console it serves), the real worker, Temporal and
 * PostgreSQL, and Debian's Chromium driven by playwright-core (nothing is downloaded: the install
 * step installs the `chromium` package; CHROMIUM_PATH overrides where it is). A test that fails
 * leaves a screenshot in test-results/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Page,
  type Request as PlaywrightRequest,
} from 'playwright-core';
import { useRunningService, type ServiceUnderTest } from './harness';

const ROOT = join(__dirname, '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Desktop office PC and a phone (the petitioner's page). Pages ask for reduced motion, as some users
 * do, so a click never lands on a dialog still zooming in on a loaded machine.
 */
export const OFFICE_PC = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

export interface PageOptions {
  viewport?: { width: number; height: number };
  isMobile?: boolean;
  timezoneId?: string;
}

export interface ConsoleUnderTest<S extends ConsoleService = ServiceUnderTest> {
  service: S;
  baseUrl: string;
  browser: Browser;
  /**
   * A fresh browser context (its own session storage) with one page; in Beijing time unless
   * `timezoneId` says otherwise (a PC left in UTC).
   */
  newPage(options?: PageOptions): Promise<Page>;
  /** A page signed in as the demo user, on the console's home. */
  signedIn(userId: string, options?: PageOptions): Promise<Page>;
}

/** What the console is served by: the API app and its database (on the dev server, or a time-skipping one). */
export type ConsoleService = Pick<ServiceUnderTest, 'app' | 'dataSource' | 'beforeClose'>;

/** `npm test` builds the console first; a single file run on a checkout without a build builds it here. */
function ensureConsoleBuilt(): void {
  if (existsSync(join(ROOT, 'dist', 'console', 'index.html'))) return;
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      join(ROOT, 'apps', 'console', 'vite.config.mts'),
      '--logLevel',
      'warn',
    ],
    { stdio: 'inherit', cwd: ROOT },
  );
}

/**
 * The console in Chromium, served by `service`: by default the API and worker on the dev server;
 * a test whose rules take weeks passes useApiOnTimeSkippingServer() (called first, so it is up
 * before the console) and moves the server's clock with its `advance`.
 */
export function useConsole<S extends ConsoleService = ServiceUnderTest>(
  service: S = useRunningService() as unknown as S,
): ConsoleUnderTest<S> {
  const contexts: BrowserContext[] = [];
  const under = { service } as ConsoleUnderTest<S>;
  activeBrowser = () => under.browser;
  beforeAll(async () => {
    ensureConsoleBuilt();
    if (!existsSync(CHROMIUM_PATH))
      throw new Error(
        `no Chromium at ${CHROMIUM_PATH}: run npm run setup (it installs Debian's chromium package) or set CHROMIUM_PATH`,
      );
    const server = await service.app.listen(0, '127.0.0.1');
    under.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    under.browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-dev-shm-usage', '--lang=zh-CN'],
    });
    under.newPage = async (options = {}) => {
      const context = await under.browser.newContext({
        viewport: options.viewport ?? OFFICE_PC,
        isMobile: options.isMobile,
        locale: 'zh-CN',
        timezoneId: options.timezoneId ?? 'Asia/Shanghai',
        acceptDownloads: true,
        reducedMotion: 'reduce',
      });
      contexts.push(context);
      context.setDefaultTimeout(20_000);
      return context.newPage();
    };
    under.signedIn = async (userId, options = {}) => {
      const page = await under.newPage(options);
      await page.goto(`${under.baseUrl}/console/login`);
      await page.getByLabel('用户名').fill(userId);
      await page.getByLabel('密码').fill(`${userId}-demo`);
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByTestId('current-user').waitFor();
      return page;
    };
  });
  const closeBrowser = async () => {
    const pagesWereOpen = contexts.length > 0;
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    await under.browser?.close().catch(() => undefined);
    // A handler outlives the request a closed page abandoned. Were the app to close its Temporal
    // connection under it, the client would retry the call on the closed channel from a timer, and
    // that timer's "Channel has been shut down" would fail whichever test file runs next (seen once,
    // in abuse-limits after supervisor-overdue). Half a second lets such handlers finish.
    if (pagesWereOpen) await new Promise((resolve) => setTimeout(resolve, 500));
  };
  // Closed by the service's teardown, before the app closes (its afterAll was declared first and runs
  // first): an open page reconnects its event stream and would hold the server's close open.
  service.beforeClose.push(closeBrowser);
  return under;
}

/**
 * A browser test: on failure, a full-page screenshot of each open page is saved under
 * test-results/screenshots/<test name>-<n>.png before the error is reported.
 */
export function browserTest(name: string, body: () => Promise<void>, timeout = 180_000): void {
  it(
    name,
    async () => {
      try {
        await body();
      } catch (error) {
        await saveScreenshots(name).catch(() => undefined);
        throw error;
      }
    },
    timeout,
  );
}

/** The browser of the file's useConsole(), whose pages a failing browserTest photographs. */
let activeBrowser: (() => Browser | undefined) | undefined;

async function saveScreenshots(name: string): Promise<void> {
  const browser = activeBrowser?.();
  if (!browser) return;
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const safe = name.replace(/[^\p{L}\p{N}-]+/gu, '-').slice(0, 80);
  let n = 0;
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      const path = join(SCREENSHOT_DIR, `${safe}-${++n}.png`);
      await page.screenshot({ path, fullPage: true });
      process.stderr.write(`[browser] screenshot of the failure: ${path}\n`);
    }
  }
}

/**
 * Accessibility of what the page shows now, by axe-core (injected from node_modules): the rules a
 * keyboard and screen-reader user depends on (every field labelled, every button named, ARIA used
 * correctly, no duplicate ids), at WCAG 2 A/AA. Returns the violations, each with the elements.
 */
export async function accessibilityViolations(page: Page): Promise<{ id: string; help: string; targets: string[] }[]> {
  // Evaluated through the DevTools protocol: the console's CSP (rightly) refuses an injected <script>.
  await page.evaluate(readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: unknown,
            options: unknown,
          ): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] },
      rules: { 'color-contrast': { enabled: false } },
    });
  });
  return result.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}

/**
 * Waits until the page has no request in flight for `quietMs` (at most `timeoutMs`). Playwright's
 * 'networkidle' never comes on a staff page: the notification bell holds its event stream open
 * for as long as the page lives, so that stream is not counted.
 */
export async function untilQuiet(page: Page, quietMs = 500, timeoutMs = 10_000): Promise<void> {
  await page.waitForLoadState('load').catch(() => undefined);
  const pending = new Set<PlaywrightRequest>();
  const counted = (r: PlaywrightRequest) => !r.url().includes('/notifications/stream');
  const started = (r: PlaywrightRequest) => counted(r) && pending.add(r);
  const ended = (r: PlaywrightRequest) => pending.delete(r);
  page.on('request', started);
  page.on('requestfinished', ended);
  page.on('requestfailed', ended);
  try {
    const deadline = Date.now() + timeoutMs;
    let quietSince = Date.now();
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (pending.size > 0) quietSince = Date.now();
      else if (Date.now() - quietSince >= quietMs) return;
    }
  } finally {
    page.off('request', started);
    page.off('requestfinished', ended);
    page.off('requestfailed', ended);
  }
}
