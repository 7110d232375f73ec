/**
 * NODE_ENV=production: the API and the worker, started as the processes a deployment runs, exit
 * non-zero before connecting to anything while a secret is unset or a development default, and
 * say which one.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SECRET_ENV } from '../../libs/config/config';

const ROOT = join(__dirname, '..', '..');
const ENTRIES = { api: 'apps/api/src/main.ts', worker: 'apps/worker/src/main.ts' } as const;

function start(entry: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['-r', join(ROOT, 'test/support/register-ts.js'), join(ROOT, entry)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: 'postgres://u:p@127.0.0.1:1/none',
      TEMPORAL_ADDRESS: '127.0.0.1:1',
      ...env,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stderr: result.stderr };
}

describe('a production start refuses development secrets', () => {
  it.each(Object.entries(ENTRIES))(
    'the %s exits non-zero naming the secret left at its development default',
    (_, entry) => {
      const strong = randomBytes(32).toString('base64');
      const { status, stderr } = start(entry, {
        NODE_ENV: 'production',
        QUERY_CODE_SECRET: SECRET_ENV.QUERY_CODE_SECRET,
        TOKEN_SIGNING_KEY: strong,
      });
      expect(status).not.toBe(0);
      expect(stderr).toMatch(/QUERY_CODE_SECRET is the development default/);
      expect(stderr).not.toMatch(/TOKEN_SIGNING_KEY/);
      expect(stderr).toMatch(/openssl rand -base64 32/);
    },
  );

  it('the api exits non-zero naming every secret that is not set at all', () => {
    const { status, stderr } = start(ENTRIES.api, { NODE_ENV: 'production' });
    expect(status).not.toBe(0);
    expect(stderr).toMatch(/QUERY_CODE_SECRET is not set/);
    expect(stderr).toMatch(/TOKEN_SIGNING_KEY is not set/);
  });

  it('the api exits non-zero for a guessable secret (one character repeated) and for the same value in two secrets', () => {
    const guessable = start(ENTRIES.api, {
      NODE_ENV: 'production',
      QUERY_CODE_SECRET: 'a'.repeat(32),
      TOKEN_SIGNING_KEY: randomBytes(32).toString('base64'),
      PAYLOAD_CODEC_KEYS: `k1=${randomBytes(32).toString('base64')}`,
    });
    expect(guessable.status).not.toBe(0);
    expect(guessable.stderr).toMatch(/QUERY_CODE_SECRET is guessable/);
    const same = randomBytes(32).toString('base64');
    const shared = start(ENTRIES.api, {
      NODE_ENV: 'production',
      QUERY_CODE_SECRET: same,
      TOKEN_SIGNING_KEY: same,
      PAYLOAD_CODEC_KEYS: `k1=${randomBytes(32).toString('base64')}`,
    });
    expect(shared.status).not.toBe(0);
    expect(shared.stderr).toMatch(/TOKEN_SIGNING_KEY equals QUERY_CODE_SECRET/);
  });
});
