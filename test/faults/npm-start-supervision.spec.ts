/**
 * `npm start` keeps its worker and API up: one killed with SIGKILL is started again after a backoff,
 * the launcher says so, and the service goes on. The launcher runs as `npm start` runs it
 * (dist/apps/launcher/main.js), pointed at this test's PostgreSQL and Temporal through
 * DATABASE_URL and TEMPORAL_ADDRESS so it starts no embedded servers of its own.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { chromium } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { PROJECT_ROOT, freePort } from '../../libs/infra/local-servers';
import { SECRET_ENV } from '../../libs/config/config';
import { deriveQueryCode } from '../../libs/auth/query-code';
import { signAccessToken } from '../../libs/auth/access-tokens';
import { callApi, caseRecords, eventually, registrationBody, useCluster } from '../support/cluster-harness';
import { CHROMIUM_PATH } from '../support/browser';

/** The cluster's frontend requires its client certificate. */
const tlsOf = (env: Record<string, string>) =>
  Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('TEMPORAL_TLS_')));

describe('npm start restarts a crashed worker or API', () => {
  const ctx = useCluster({ workers: 0, apis: 1 });
  let launcher: ChildProcess;
  let output = '';
  let apiUrl: string;

  beforeAll(async () => {
    const port = await freePort();
    apiUrl = `http://127.0.0.1:${port}`;
    launcher = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'apps', 'launcher', 'main.js')], {
      // No secrets given: npm start generates its own (never the published development values).
      env: {
        ...process.env,
        QUERY_CODE_SECRET: '',
        TOKEN_SIGNING_KEY: '',
        DATABASE_URL: ctx.cluster.ownerDatabaseUrl,
        DATABASE_RUNTIME_URL: ctx.cluster.databaseUrl,
        TEMPORAL_ADDRESS: ctx.cluster.temporalAddress,
        ...tlsOf(ctx.cluster.appEnv),
        API_PORT: String(port),
        TEMPORAL_TASK_QUEUE: 'petitions',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launcher.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(
      'npm start to print its banner',
      async () => output.includes('Petition service is running.'),
      180_000,
      500,
    );
  }, 240_000);
  afterAll(async () => {
    if (launcher && launcher.exitCode === null) {
      const exited = new Promise((resolve) => launcher.once('exit', resolve));
      launcher.kill('SIGINT');
      await exited;
    }
  }, 120_000);

  /** The pid the launcher last named for that child ("[start] api is ready (pid 1234)", "… is running again (pid 1234, …"). */
  function latestPid(child: 'worker' | 'api'): number {
    const pids = [
      ...output.matchAll(
        new RegExp(`^\\[start\\] ${child} (?:is ready|is running again|was running again) \\(pid (\\d+)`, 'gm'),
      ),
    ].map((m) => Number(m[1]));
    if (pids.length === 0) throw new Error(`no ${child} pid in the launcher's output:\n${output.slice(-2000)}`);
    return pids[pids.length - 1];
  }

  it('as a new user would: the console URL it prints, signed in as the demo handler, shows a queue with the demo cases', async () => {
    const consoleUrl = /^\s*Console\s+(\S+)/m.exec(output)?.[1];
    if (!consoleUrl) throw new Error(`no console URL in the banner:\n${output.slice(-3000)}`);
    expect(output).toMatch(/x-handler\s+x-handler-demo/);
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-dev-shm-usage'],
    });
    try {
      const page = await browser.newPage({ locale: 'zh-CN' });
      await page.goto(consoleUrl);
      await page.getByLabel('用户名').fill('x-handler');
      await page.getByLabel('密码').fill('x-handler-demo');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      // The demo case 交办 to 县住建局 (its report-back deadline near) is the handler's to answer.
      await page.getByText('老旧小区加装电梯补贴迟迟未发放').first().waitFor({ timeout: 30_000 });
      expect(new URL(page.url()).pathname).toBe('/console/queue');
    } finally {
      await browser.close();
    }
  });

  it('uses no published secret: the demo 查询码 it prints are not those of the development secret, and a token re-signed with the development key is refused', async () => {
    // The banner names each demo case by its 信访件编号, with its 查询码.
    const printed = [...output.matchAll(/^\s+(\S+第\d{5}号)\s+(\S+)\s+\S/gm)].map((m) => ({
      caseNumber: m[1],
      queryCode: m[2],
    }));
    expect(printed.length).toBeGreaterThanOrEqual(4);
    for (const c of printed) {
      // The printed codes open the petitioner's page by the number: they are the real ones…
      const opened = await fetch(`${apiUrl}/public/petitions/${encodeURIComponent(c.caseNumber)}`, {
        headers: { 'X-Query-Code': c.queryCode },
      });
      expect(opened.status).toBe(200);
      const { petitionId } = (await opened.json()) as { petitionId: string };
      // …and not the ones the published development secret would give.
      expect(c.queryCode).not.toBe(deriveQueryCode(SECRET_ENV.QUERY_CODE_SECRET, petitionId));
    }

    const login = await callApi(apiUrl, 'POST', '/auth/login', {
      body: { userId: 'x-handler', password: 'x-handler-demo' },
    });
    expect(login.status).toBe(200);
    const claims = JSON.parse(Buffer.from(String(login.body.accessToken).split('.')[1], 'base64url').toString());
    const devKey = {
      tokenSigningKey: SECRET_ENV.TOKEN_SIGNING_KEY,
      accessTokenTtlSeconds: 365 * 86_400,
      refreshTokenTtlSeconds: 43_200,
      oidc: null,
    };
    const forged = await signAccessToken(devKey, {
      userId: claims.sub,
      tokenVersion: claims.ver,
      sessionId: claims.sid,
    });
    expect((await fetch(`${apiUrl}/auth/me`, { headers: { Authorization: `Bearer ${forged}` } })).status).toBe(401);
    expect(
      (await fetch(`${apiUrl}/auth/me`, { headers: { Authorization: `Bearer ${login.body.accessToken}` } })).status,
    ).toBe(200);
  });

  for (const child of ['worker', 'api'] as const) {
    it(`${child === 'api' ? 'an API' : 'a worker'} killed with SIGKILL is restarted with a message, and the service works again`, async () => {
      const pid = latestPid(child);
      process.kill(pid, 'SIGKILL');
      await eventually(
        `the launcher to restart the ${child}`,
        async () => output.includes(`[start] ${child} is running again`),
        180_000,
        250,
      );
      expect(output).toMatch(
        new RegExp(
          `\\[start\\] ${child} \\(pid ${pid}\\) exited with signal SIGKILL after \\d+ s; restarting it in 1 s`,
        ),
      );
      expect(latestPid(child)).not.toBe(pid);
      expect(launcher.exitCode).toBeNull();

      const key = `npm-start-${child}-${randomUUID()}`;
      // Signed in at this start's API: it signs with the key npm start generated, not the cluster's.
      const signedIn = await callApi(apiUrl, 'POST', '/auth/login', {
        body: { userId: 'x-registrar', password: 'x-registrar-demo' },
      });
      const registered = await callApi(apiUrl, 'POST', '/petitions', {
        body: registrationBody(),
        headers: { 'Idempotency-Key': key, Authorization: `Bearer ${signedIn.body.accessToken}` },
      });
      expect(registered.status).toBe(201);
      await eventually(
        'the projection by the worker',
        async () => (await caseRecords(ctx.db, registered.body.petitionId)).events.length === 2,
      );
      output = output.replace(/\[start\] (worker|api) is running again/g, '[start] $1 was running again');
    });
  }
});
