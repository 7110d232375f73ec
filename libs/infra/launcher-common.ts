/** What `npm start` and `npm run start:cluster` share: port choice, readiness wait, the banner. */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEMO_USERS, demoPassword } from '../persistence/demo-seed';
import { generatePayloadKeyEntry } from '../temporal/payload-codec';
import { PROJECT_ROOT, freePort, isPortFree } from './local-servers';
import { ProcessOutput, SupervisedProcess } from './supervised-process';

export async function preferredPort(preferred: number): Promise<number> {
  return (await isPortFree(preferred)) ? preferred : freePort();
}

/** Like preferredPort, and says so when another program holds the preferred port. */
export async function announcedPort(preferred: number, what: string, log: (line: string) => void): Promise<number> {
  const port = await preferredPort(preferred);
  if (port !== preferred)
    log(`port ${preferred} is taken by another program: ${what} listens on ${port} instead (the banner shows it)`);
  return port;
}

/** Waits for a 200 from url (a health check); the error names what did not answer and its last output. */
export async function waitUntilReady(
  url: string,
  options: { timeoutMs?: number; process?: SupervisedProcess } = {},
): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = `${response.status} ${await response.text()}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  const who = options.process ? `${options.process.name} did not answer` : 'no answer from';
  const output = options.process ? `:\n${options.process.recentOutput()}` : '';
  throw new Error(`${who} ${url} within ${timeoutMs / 1000} s (${last})${output}`);
}

/** A worker or API process of ours (node dist/…), supervised: restarted with backoff when it crashes. */
export function nodeAppProcess(
  name: string,
  entry: string,
  env: NodeJS.ProcessEnv,
  output: ProcessOutput,
  log: (m: string) => void,
  ready: (p: SupervisedProcess) => Promise<void>,
  nodeArgs: string[] = [],
): SupervisedProcess {
  return new SupervisedProcess({
    name,
    command: process.execPath,
    args: [...nodeArgs, join(PROJECT_ROOT, 'dist', entry)],
    env: { ...process.env, ...env },
    output,
    // compose: stop_grace_period 60 s (worker) / 30 s (api) to drain in-flight work.
    stopGraceMs: name.startsWith('worker') ? 60_000 : 30_000,
    log,
    ready,
  });
}

export function printBanner(options: {
  title: string;
  apiUrl: string;
  temporalUiUrl: string | null;
  lines?: string[];
  demoUsers: boolean;
  footer: string;
}): void {
  const { apiUrl } = options;
  const users = DEMO_USERS.map((u) => `    ${u.role.padEnd(11)} ${u.id.padEnd(13)} password ${u.password}`).join('\n');
  const demo = options.demoUsers
    ? `
  Demo users (unit tree 省 p-* → 市 c-* → 县 x-*; xfj 信访局, zjj 住建, jw 纪委监委); sign in with POST /auth/login:
${users}

  Try it (the docs' examples use $BASE):
    export BASE=${apiUrl}
    TOKEN=$(curl -s -X POST $BASE/auth/login -H 'Content-Type: application/json' \\
      -d '{"userId":"x-registrar","password":"${demoPassword('x-registrar')}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')
    curl -s -X POST $BASE/petitions -H "Authorization: Bearer $TOKEN" -H 'Idempotency-Key: demo-1' \\
      -H 'Content-Type: application/json' \\
      -d '{"category":"appeal","channel":"visit","receivedAt":"${new Date().toISOString()}","petitionerName":"张某","summary":"物业维修基金使用不透明"}'
    curl -s $BASE/petitions/<petitionId> -H "Authorization: Bearer $TOKEN"
`
    : '';
  console.log(`
  ${options.title}
    API           ${apiUrl}
    OpenAPI docs  ${apiUrl}/docs
    Temporal UI   ${options.temporalUiUrl ?? '(not started)'}
${(options.lines ?? []).map((l) => `    ${l}`).join('\n')}
${demo}
  ${options.footer}
`);
}

/**
 * A secret of `npm start`: the variable if set; otherwise one generated on first start into file
 * (32 random bytes, base64) and kept for every later start, instead of the published development value.
 */
export function localSecret(name: string, file: string, what: string, log: (message: string) => void): string {
  const set = process.env[name];
  if (set) return set;
  if (process.env.NODE_ENV === 'production')
    throw new Error(`${name} is not set: a production start refuses to run without it (README "Secrets")`);
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    log(`generated the ${what} in ${file} (keep it with the data)`);
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * The payload encryption keys: PAYLOAD_CODEC_KEYS if set; otherwise (not in production) the key
 * generated on first start into keysFile, kept for every later start (the histories need it).
 */
export function payloadCodecKeys(keysFile: string, log: (message: string) => void): string {
  if (process.env.PAYLOAD_CODEC_KEYS) return process.env.PAYLOAD_CODEC_KEYS;
  if (process.env.NODE_ENV === 'production') {
    throw new Error(
      'PAYLOAD_CODEC_KEYS is not set: a production start refuses to run without the payload encryption key (README "Configuration")',
    );
  }
  if (!existsSync(keysFile)) {
    mkdirSync(dirname(keysFile), { recursive: true });
    writeFileSync(keysFile, `${generatePayloadKeyEntry()}\n`, { mode: 0o600, flag: 'wx' });
    log(
      `generated the payload encryption key in ${keysFile} (keep it with the data: the histories are encrypted with it)`,
    );
  }
  return readFileSync(keysFile, 'utf8').trim();
}
