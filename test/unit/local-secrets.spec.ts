/**
 * No published secrets (issue 20): `npm start` and `start:cluster` generate the token-signing key
 * and the query-code secret into a fresh data folder on first start, keep them for later starts,
 * and never fall back to the development values in libs/config/config.ts, from which anyone could
 * compute every demo 查询码 or sign a token.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveQueryCode } from '../../libs/auth/query-code';
import { MIN_SECRET_BITS, SECRET_ENV, estimatedSecretBits } from '../../libs/config/config';
import { localSecret } from '../../libs/infra/launcher-common';

describe('the secrets of a local start', () => {
  let dir: string;
  const saved = { QUERY_CODE_SECRET: process.env.QUERY_CODE_SECRET, NODE_ENV: process.env.NODE_ENV };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'local-secrets-'));
    delete process.env.QUERY_CODE_SECRET;
    delete process.env.NODE_ENV;
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    for (const [name, value] of Object.entries(saved))
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  });

  it('a fresh data folder gets a random secret, kept for the next start, readable by its owner only', () => {
    const said: string[] = [];
    const file = join(dir, 'query-code.secret');
    const first = localSecret('QUERY_CODE_SECRET', file, 'query-code secret', (m) => said.push(m));
    expect(first).not.toBe(SECRET_ENV.QUERY_CODE_SECRET);
    expect(estimatedSecretBits(first)).toBeGreaterThanOrEqual(MIN_SECRET_BITS);
    expect(said).toEqual([expect.stringContaining(`generated the query-code secret in ${file}`)]);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(localSecret('QUERY_CODE_SECRET', file, 'query-code secret', (m) => said.push(m))).toBe(first);
    expect(readFileSync(file, 'utf8').trim()).toBe(first);
    expect(said).toHaveLength(1);
  });

  it('the 查询码 of a fresh data folder are not those computed from the published development secret', () => {
    const secret = localSecret(
      'QUERY_CODE_SECRET',
      join(dir, 'query-code.secret'),
      'query-code secret',
      () => undefined,
    );
    const petitionId = '4d9124fd-a158-4d14-bbe1-c5d9e932bb58';
    expect(deriveQueryCode(secret, petitionId)).not.toBe(deriveQueryCode(SECRET_ENV.QUERY_CODE_SECRET, petitionId));
    const another = mkdtempSync(join(tmpdir(), 'local-secrets-'));
    try {
      expect(
        localSecret('QUERY_CODE_SECRET', join(another, 'query-code.secret'), 'query-code secret', () => undefined),
      ).not.toBe(secret);
    } finally {
      rmSync(another, { recursive: true, force: true });
    }
  });

  it('a value set in the environment wins; production never generates one', () => {
    process.env.QUERY_CODE_SECRET = 'set-by-the-operator-0123456789abcdef';
    expect(localSecret('QUERY_CODE_SECRET', join(dir, 'q'), 'query-code secret', () => undefined)).toBe(
      'set-by-the-operator-0123456789abcdef',
    );
    delete process.env.QUERY_CODE_SECRET;
    process.env.NODE_ENV = 'production';
    expect(() => localSecret('QUERY_CODE_SECRET', join(dir, 'q'), 'query-code secret', () => undefined)).toThrow(
      /QUERY_CODE_SECRET is not set: a production start refuses/,
    );
  });
});
