/** One validated configuration: a bad value stops the start naming the variable; production refuses development secrets. */
import { randomBytes } from 'node:crypto';
import { ConfigError, MIN_SECRET_BITS, SECRET_ENV, estimatedSecretBits, loadConfig } from '../../libs/config/config';

const base = { DATABASE_URL: 'postgres://u:p@db:5432/petitions', TEMPORAL_ADDRESS: 'temporal:7233' };
/** What `openssl rand -base64 32` gives (the seed only tells the values apart where a test reads them). */
const strong = (_seed: string) => randomBytes(32).toString('base64');
const productionSecrets = {
  QUERY_CODE_SECRET: strong('q'),
  TOKEN_SIGNING_KEY: strong('t'),
  PAYLOAD_CODEC_KEYS: `k1=${strong('k')}`,
};

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('configuration', () => {
  it('fills every default outside production, with development secrets', () => {
    const config = loadConfig(base);
    expect(config).toMatchObject({
      nodeEnv: 'development',
      apiPort: 3000,
      taskQueue: 'petitions',
      queryCodeSecret: SECRET_ENV.QUERY_CODE_SECRET,
    });
    expect(config.auth).toEqual({
      tokenSigningKey: SECRET_ENV.TOKEN_SIGNING_KEY,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlSeconds: 43200,
      cacheSeconds: 5,
      oidc: null,
    });
    expect(config.retention).toEqual({
      personalDataDays: 1825,
      historyArchiveDays: 10950,
      documentDays: 10950,
      unregisteredSubmissionFileDays: 180,
      orphanGraceHours: 24,
      intervalHours: 24,
    });
    expect(config.http.serverTiming).toBe(false);
  });

  it('refuses a retention period under a year and a token cache over a minute', () => {
    expect(refusal({ ...base, RETENTION_PERSONAL_DATA_DAYS: '30' })).toMatch(
      /RETENTION_PERSONAL_DATA_DAYS must be at least 365/,
    );
    expect(refusal({ ...base, RETENTION_DOCUMENT_DAYS: '364' })).toMatch(
      /RETENTION_DOCUMENT_DAYS must be at least 365/,
    );
    expect(refusal({ ...base, RETENTION_UNREGISTERED_FILE_DAYS: '7' })).toMatch(
      /RETENTION_UNREGISTERED_FILE_DAYS must be at least 30/,
    );
    expect(refusal({ ...base, AUTH_CACHE_SECONDS: '61' })).toMatch(/AUTH_CACHE_SECONDS is at most 60/);
    expect(loadConfig({ ...base, AUTH_CACHE_SECONDS: '0' }).auth.cacheSeconds).toBe(0);
  });

  it('names each missing or malformed variable', () => {
    expect(refusal({})).toMatch(/DATABASE_URL is required[\s\S]*TEMPORAL_ADDRESS is required/);
    expect(refusal({ ...base, API_PORT: 'http' })).toMatch(/API_PORT must be a TCP port number/);
    expect(refusal({ ...base, API_PORT: '70000' })).toMatch(/API_PORT must be a TCP port number/);
    expect(refusal({ ...base, ACCESS_TOKEN_TTL_SECONDS: '1.5' })).toMatch(
      /ACCESS_TOKEN_TTL_SECONDS must be a whole number of seconds/,
    );
    expect(refusal({ ...base, NODE_ENV: 'staging' })).toMatch(/NODE_ENV/);
    expect(refusal({ ...base, OIDC_ISSUER: 'https://sso.example' })).toMatch(
      /OIDC needs all of OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL/,
    );
  });

  it('with NODE_ENV=production refuses each secret that is unset, the development default or short, naming it', () => {
    const unset = refusal({ ...base, NODE_ENV: 'production' });
    expect(unset).toMatch(/QUERY_CODE_SECRET is not set/);
    expect(unset).toMatch(/TOKEN_SIGNING_KEY is not set/);
    expect(
      refusal({
        ...base,
        NODE_ENV: 'production',
        ...productionSecrets,
        QUERY_CODE_SECRET: SECRET_ENV.QUERY_CODE_SECRET,
      }),
    ).toMatch(/QUERY_CODE_SECRET is the development default/);
    const short = refusal({ ...base, NODE_ENV: 'production', ...productionSecrets, TOKEN_SIGNING_KEY: 'abc' });
    expect(short).toMatch(/TOKEN_SIGNING_KEY is shorter than 32 characters/);
    expect(short).not.toMatch(/QUERY_CODE_SECRET/);
    expect(loadConfig({ ...base, NODE_ENV: 'production', ...productionSecrets }).queryCodeSecret).toBe(
      productionSecrets.QUERY_CODE_SECRET,
    );
  });

  it('a production start without the payload encryption key refuses; a malformed key is refused in any mode', () => {
    const { PAYLOAD_CODEC_KEYS: _key, ...withoutKey } = productionSecrets;
    expect(refusal({ ...base, NODE_ENV: 'production', ...withoutKey })).toMatch(/PAYLOAD_CODEC_KEYS is not set/);
    expect(
      refusal({
        ...base,
        NODE_ENV: 'production',
        ...productionSecrets,
        PAYLOAD_CODEC_KEYS: SECRET_ENV.PAYLOAD_CODEC_KEYS,
      }),
    ).toMatch(/PAYLOAD_CODEC_KEYS is the development default/);
    expect(refusal({ ...base, PAYLOAD_CODEC_KEYS: 'k1=c2hvcnQ=' })).toMatch(
      /PAYLOAD_CODEC_KEYS: key "k1" must be 32 bytes/,
    );
    const rotated = loadConfig({
      ...base,
      NODE_ENV: 'production',
      ...productionSecrets,
      PAYLOAD_CODEC_KEYS: `k2=${strong('n')},${productionSecrets.PAYLOAD_CODEC_KEYS}`,
    });
    expect(rotated.payloadKeys.map((k) => k.id)).toEqual(['k2', 'k1']);
    expect(loadConfig(base).payloadKeys.map((k) => k.id)).toEqual(['dev-only']);
  });

  it('with NODE_ENV=production refuses a guessable secret: one character repeated, a short unit repeated, a long word of few letters', () => {
    for (const guessable of ['a'.repeat(32), 'abc'.repeat(11), 'passwordpasswordpasswordpassword1', '0'.repeat(44)]) {
      expect([
        guessable,
        refusal({ ...base, NODE_ENV: 'production', ...productionSecrets, TOKEN_SIGNING_KEY: guessable }),
      ]).toEqual([
        guessable,
        expect.stringMatching(/TOKEN_SIGNING_KEY is guessable \(estimated \d+ bits, at least 128 needed/),
      ]);
    }
    expect(
      refusal({ ...base, NODE_ENV: 'production', ...productionSecrets, QUERY_CODE_SECRET: 'a'.repeat(32) }),
    ).toMatch(/QUERY_CODE_SECRET is guessable/);
    expect(
      refusal({
        ...base,
        NODE_ENV: 'production',
        ...productionSecrets,
        PAYLOAD_CODEC_KEYS: `k1=${Buffer.alloc(32, 7).toString('base64')}`,
      }),
    ).toMatch(/PAYLOAD_CODEC_KEYS: key "k1" is not random/);
  });

  it('estimates generated secrets well above the bar: openssl rand -base64 32, -hex 32', () => {
    for (let i = 0; i < 50; i++) {
      expect(estimatedSecretBits(randomBytes(32).toString('base64'))).toBeGreaterThanOrEqual(MIN_SECRET_BITS + 40);
      expect(estimatedSecretBits(randomBytes(32).toString('hex'))).toBeGreaterThanOrEqual(MIN_SECRET_BITS + 60);
      expect(estimatedSecretBits(randomBytes(32))).toBeGreaterThanOrEqual(MIN_SECRET_BITS);
    }
  });

  it('with NODE_ENV=production refuses the same value for the query-code secret and the token-signing key', () => {
    const same = strong('s');
    expect(
      refusal({
        ...base,
        NODE_ENV: 'production',
        ...productionSecrets,
        QUERY_CODE_SECRET: same,
        TOKEN_SIGNING_KEY: same,
      }),
    ).toMatch(/TOKEN_SIGNING_KEY equals QUERY_CODE_SECRET/);
  });

  it('turns OIDC on when issuer, audience and JWKS URL are all set; the user claim defaults to sub', () => {
    const config = loadConfig({
      ...base,
      OIDC_ISSUER: 'https://sso.example',
      OIDC_AUDIENCE: 'petitions',
      OIDC_JWKS_URL: 'https://sso.example/jwks',
    });
    expect(config.auth.oidc).toEqual({
      issuer: 'https://sso.example',
      audience: 'petitions',
      jwksUrl: 'https://sso.example/jwks',
      userClaim: 'sub',
    });
  });
});
