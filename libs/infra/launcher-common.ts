/** What `npm start` and `npm run start:cluster` share: port choice, readiness wait, the banner. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DEMO_USERS, demoPassword } from '../persistence/demo-seed';
import { generatePayloadKeyEntry } from '../temporal/payload-codec';
import { freePort, isPortFree } from './local-servers';

export async function preferredPort(preferred: number): Promise<number> {
  return (await isPortFree(preferred)) ? preferred : freePort();
}

export async function waitUntilReady(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
      last = await response.text();
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the API did not become ready at ${url}: ${last}`);
}

export function printBanner(options: { title: string; apiUrl: string; temporalUiUrl: string | null; lines?: string[]; demoUsers: boolean; footer: string }): void {
  const { apiUrl } = options;
  const users = DEMO_USERS.map((u) => `    ${u.role.padEnd(11)} ${u.id.padEnd(13)} password ${u.password}`).join('\n');
  const demo = options.demoUsers
    ? `
  Demo users (unit tree 省 p-* → 市 c-* → 县 x-*; xfj 信访局, zjj 住建, jw 纪委监委); sign in with POST /auth/login:
${users}

  Try it:
    TOKEN=$(curl -s -X POST ${apiUrl}/auth/login -H 'Content-Type: application/json' \\
      -d '{"userId":"x-registrar","password":"${demoPassword('x-registrar')}"}' | node -pe 'JSON.parse(require("fs").readFileSync(0)).accessToken')
    curl -s -X POST ${apiUrl}/petitions -H "Authorization: Bearer $TOKEN" -H 'Idempotency-Key: demo-1' \\
      -H 'Content-Type: application/json' \\
      -d '{"category":"appeal","channel":"visit","receivedAt":"${new Date().toISOString()}","petitionerName":"张某","summary":"物业维修基金使用不透明"}'
    curl -s ${apiUrl}/petitions/<petitionId> -H "Authorization: Bearer $TOKEN"
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
 * The payload encryption keys: PAYLOAD_CODEC_KEYS if set; otherwise (not in production) the key
 * generated on first start into keysFile, kept for every later start (the histories need it).
 */
export function payloadCodecKeys(keysFile: string, log: (message: string) => void): string {
  if (process.env.PAYLOAD_CODEC_KEYS) return process.env.PAYLOAD_CODEC_KEYS;
  if (process.env.NODE_ENV === 'production') {
    throw new Error('PAYLOAD_CODEC_KEYS is not set: a production start refuses to run without the payload encryption key (README "Configuration")');
  }
  if (!existsSync(keysFile)) {
    mkdirSync(dirname(keysFile), { recursive: true });
    writeFileSync(keysFile, `${generatePayloadKeyEntry()}\n`, { mode: 0o600, flag: 'wx' });
    log(`generated the payload encryption key in ${keysFile} (keep it with the data: the histories are encrypted with it)`);
  }
  return readFileSync(keysFile, 'utf8').trim();
}
