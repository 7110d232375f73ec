/**
 * Every setting the API and the worker read, from the environment only, so that `npm start`,
 * the tests and docker-compose configure the same code the same way. One schema (zod) validates
 * all of it at start; a bad value stops the process with a message naming the variable.
 */
import type { NotifyChannelsConfig } from './notify-channels';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../infra/local-servers';
import { PayloadKey, parsePayloadKeys } from '../temporal/payload-codec';
import { type OnlinePetitionConfig, onlinePetitionConfig } from './online-petitions';
import { type StorageConfig, storageConfigFromEnv } from '../storage/storage-config';

export interface OidcConfig {
  /** `iss` the provider puts in its tokens. */
  issuer: string;
  /** `aud` our API is registered as at the provider. */
  audience: string;
  /** Where the provider publishes its signing keys. */
  jwksUrl: string;
  /** The token claim whose value is a user's `oidc_subject` here. */
  userClaim: string;
}

export interface AuthConfig {
  /** HMAC key (HS256) of the access tokens this service issues. */
  tokenSigningKey: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  /**
   * How long one token's user/session read may be reused (apps/api/src/auth/user-cache.ts; emptied
   * at once on any account, unit or session change): the staleness bound if change notifications
   * silently stop. 0: read on every request.
   */
  cacheSeconds?: number;
  /** Bearer JWTs of an OIDC provider (single sign-on), when configured. */
  oidc: OidcConfig | null;
}

/**
 * Abuse limits on sign-in and the petitioner's query-code endpoints (counts per window). None of
 * them can be tripped by others to refuse a user the right password or query code: per account
 * and per petition they only slow down (see libs/auth/slow-down.ts).
 */
export interface RateLimitConfig {
  windowSeconds: number;
  /** How long a client over a throttled limit (refreshes, query codes per address) is refused. */
  blockSeconds: number;
  /** Failed sign-ins from one address before it is refused; also refreshes per session (or unknown tokens per address). */
  signInPerAddress: number;
  /** Failed sign-ins for one account from one address before each further attempt from there is slowed down. */
  signInPerAccount: number;
  queryCodePerAddress: number;
  /** Wrong query codes for one petition before each further attempt on it is slowed down (never refused). */
  queryCodePerPetition: number;
  /** The longest a slowed-down attempt waits. */
  maxDelaySeconds: number;
}

export interface HttpConfig {
  /** Largest request body accepted; a larger one gets 413 naming the limit. */
  bodyLimitKb: number;
  /** Origins allowed by CORS; empty: no cross-origin access (the default). */
  corsOrigins: string[];
  /** Express `trust proxy`: which proxies' X-Forwarded-For to believe for the client address (false: none). */
  trustProxy: string | false;
  /** API_SERVER_TIMING=1: answers say the API's own time apart from Temporal's (Server-Timing), for the benchmark. */
  serverTiming: boolean;
}

export interface ServiceConfig {
  /** `production` refuses development secrets (see SECRET_ENV). */
  nodeEnv: 'production' | 'development' | 'test';
  databaseUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
  taskQueue: string;
  apiPort: number;
  apiHost: string;
  /** Base URL of the Temporal Web UI, linked from case views for auditors. */
  temporalUiUrl: string;
  /** Key from which each petition's 查询码 is derived (HMAC); set a real secret in production. */
  queryCodeSecret: string;
  auth: AuthConfig;
  rateLimits: RateLimitConfig;
  http: HttpConfig;
  worker: WorkerTuning;
  /** AES-256-GCM keys of the payload codec: the first encrypts, all decrypt (PAYLOAD_CODEC_KEYS). */
  payloadKeys: PayloadKey[];
  /**
   * The Temporal Web UI cannot send a bearer token to a codec server the dev server points it at:
   * it calls /codec/ui/<token>/… instead, acting as this auditor (set by `npm start` only).
   */
  temporalUiCodec: { token: string; userId: string } | null;
  /** How often a worker looks for closed cases to archive (0: this worker does not archive). */
  historyArchiveIntervalMs: number;
  registration: {
    /** A receivedAt further back than this needs a lateRegistrationReason. */
    maxReceivedAgeDays: number;
  };
  /** pino level of the JSON logs. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Where the worker serves Temporal's SDK metrics for Prometheus (0: not served). */
  workerMetricsPort: number;
  retention: RetentionConfig;
  /** 网上信访: the public submission page's proof-of-work, limits and attachments. */
  online: OnlinePetitionConfig;
  /** Notifications by mail (libs/notify/channels/email.ts): off while SMTP_URL is unset. */
  smtp: { url: string; from: string; consoleBaseUrl?: string } | null;
  /**
   * How long the dispatcher holds a delivery it claimed before another round may send it again
   * (NOTIFICATION_LEASE_SECONDS): the wait before a crash between acceptance and record is repaired.
   */
  notificationLeaseMs?: number;
  /**
   * The robots, the signed webhook and SMS (libs/config/notify-channels.ts). Read from the
   * environment when the API starts unless given here (the tests give receivers of their own).
   */
  notifyChannels?: NotifyChannelsConfig;
  /** When the morning's warning digest is assembled, HH:MM Beijing time (NOTIFY_DIGEST_AT; 08:00). */
  notifyDigestAt?: string;
  /** Where materials are stored (S3_* or a directory) and their size limits (libs/storage/storage-config.ts). */
  storage: StorageConfig;
}

/** How long what a case leaves behind is kept after the case closed (docs/operations.md "Retention"). */
export interface RetentionConfig {
  /** Then the petitioner's name and contact, and the accused person, are pseudonymised in the registration record. */
  personalDataDays: number;
  /** Then the archived complete history is deleted. */
  historyArchiveDays: number;
  /** Then the case's generated documents (notices) are deleted; their 文号 stay reserved. */
  documentDays: number;
  /** Then the files of an online submission never registered (不予登记, or never decided) are deleted. */
  unregisteredSubmissionFileDays: number;
  /** An object no row names is deleted once this old (libs/storage/object-retention.ts). */
  orphanGraceHours: number;
  /** How often the retention schedule runs. */
  intervalHours: number;
}

/** The worker's own limits (the API ignores them). */
export interface WorkerTuning {
  /**
   * Workflows kept in the worker's memory between tasks. A case not cached is replayed from its
   * history at its next task (short histories: milliseconds); the cache is what the worker's memory
   * grows with as open cases accumulate (bench/open-cases.ts).
   */
  maxCachedWorkflows: number;
}

/** The variables a deployment must set (docker-compose is checked against this list). */
export const REQUIRED_ENV = ['DATABASE_URL', 'TEMPORAL_ADDRESS'] as const;

/**
 * Secrets, with the development value used when one is unset outside production. With
 * NODE_ENV=production the API and the worker refuse to start while any of them is unset, equal
 * to its development value, or shorter than MIN_SECRET_LENGTH. Generate each with
 * `openssl rand -base64 32`.
 */
export const SECRET_ENV = {
  QUERY_CODE_SECRET: 'dev-only-query-code-secret',
  TOKEN_SIGNING_KEY: 'dev-only-token-signing-key',
  /**
   * The payload codec's AES-256-GCM keys, `keyId=base64(32 random bytes)`, comma-separated, newest
   * first (README "Configuration"). `npm start` generates a real one into .data/ on first start.
   */
  PAYLOAD_CODEC_KEYS: 'dev-only=ZGV2LW9ubHktcGF5bG9hZC1jb2RlYy1rZXktMzJieXQ=',
} as const;
export type SecretName = keyof typeof SECRET_ENV;
export const MIN_SECRET_LENGTH = 32;
/** The least estimated strength of a production secret (`openssl rand -base64 32` gives about 190). */
export const MIN_SECRET_BITS = 128;

/**
 * A conservative estimate of a secret's strength in bits: its length times the empirical entropy
 * of its characters, taken over one period when the secret is one short unit repeated. It is not
 * a proof of randomness; it catches what people type instead of generating: one character
 * repeated (`aaaa…`), `abcabc…`, a long word over a few letters.
 */
export function estimatedSecretBits(value: string | Uint8Array): number {
  const symbols = typeof value === 'string' ? [...value] : [...value].map(String);
  if (symbols.length === 0) return 0;
  let unit = symbols;
  for (let period = 1; period <= Math.floor(symbols.length / 2); period++) {
    if (symbols.every((c, i) => c === symbols[i % period])) {
      unit = symbols.slice(0, period);
      break;
    }
  }
  const counts = new Map<string, number>();
  for (const c of unit) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perSymbol = 0;
  for (const n of counts.values()) perSymbol -= (n / unit.length) * Math.log2(n / unit.length);
  return perSymbol * unit.length;
}

/** Variables with defaults; listed so deployments can see every knob (docker-compose sets each). */
export const OPTIONAL_ENV = {
  TEMPORAL_NAMESPACE: 'default',
  TEMPORAL_TASK_QUEUE: 'petitions',
  API_PORT: '3000',
  API_HOST: '0.0.0.0',
  TEMPORAL_UI_URL: 'http://localhost:8233',
  ACCESS_TOKEN_TTL_SECONDS: '900',
  REFRESH_TOKEN_TTL_SECONDS: '43200',
  AUTH_CACHE_SECONDS: '5',
  RATE_LIMIT_WINDOW_SECONDS: '60',
  RATE_LIMIT_BLOCK_SECONDS: '300',
  RATE_LIMIT_SIGN_IN_PER_ADDRESS: '20',
  RATE_LIMIT_SIGN_IN_PER_ACCOUNT: '10',
  RATE_LIMIT_QUERY_CODE_PER_ADDRESS: '30',
  RATE_LIMIT_QUERY_CODE_PER_PETITION: '20',
  RATE_LIMIT_MAX_DELAY_SECONDS: '8',
  BODY_LIMIT_KB: '256',
  WORKER_MAX_CACHED_WORKFLOWS: '1000',
  HISTORY_ARCHIVE_INTERVAL_SECONDS: '60',
  NOTIFICATION_LEASE_SECONDS: '300',
  RECEIVED_AT_MAX_AGE_DAYS: '365',
  LOG_LEVEL: 'info',
  WORKER_METRICS_PORT: '9464',
  RETENTION_PERSONAL_DATA_DAYS: '1825',
  RETENTION_HISTORY_ARCHIVE_DAYS: '10950',
  RETENTION_DOCUMENT_DAYS: '10950',
  RETENTION_UNREGISTERED_FILE_DAYS: '180',
  RETENTION_ORPHAN_OBJECT_HOURS: '24',
  RETENTION_INTERVAL_HOURS: '24',
} as const;

/** Variables that switch a feature on when set, and are absent otherwise. */
export const FEATURE_ENV = [
  'OIDC_ISSUER',
  'OIDC_AUDIENCE',
  'OIDC_JWKS_URL',
  'OIDC_USER_CLAIM',
  'CORS_ORIGINS',
  'TRUST_PROXY',
  'API_SERVER_TIMING',
  // mTLS to the Temporal frontend (libs/temporal/connection.ts temporalTls): files of the client certificate.
  'TEMPORAL_TLS_CA',
  'TEMPORAL_TLS_CERT',
  'TEMPORAL_TLS_KEY',
  'TEMPORAL_TLS_SERVER_NAME',
  // Traces to this OTLP/HTTP collector (libs/observability/tracing.ts, read there by its standard name).
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  // Notifications by mail: smtp(s)://user:pass@host:port; unset, no mail is sent. SMTP_FROM: the sender.
  'SMTP_URL',
  'SMTP_FROM',
  // The console's public address (https://xf.example.gov.cn), for the link in a notification mail.
  'CONSOLE_PUBLIC_URL',
  // When the morning's warning digest (预警汇总) is mailed, HH:MM Beijing time; default 08:00.
  'NOTIFY_DIGEST_AT',
] as const;
/** Set by `npm start` for the Temporal UI it runs (README "Auditors"); absent in deployments. */
export const LOCAL_UI_ENV = ['TEMPORAL_UI_CODEC_TOKEN', 'TEMPORAL_UI_CODEC_USER'] as const;

export class ConfigError extends Error {}

const text = (name: string) =>
  z
    .string({ error: `${name} is required` })
    .trim()
    .min(1, `${name} is required`);
const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const withDefault = (name: keyof typeof OPTIONAL_ENV) => optionalText.transform((v) => v ?? OPTIONAL_ENV[name]);
const integer = (message: string) => z.number({ error: message }).int(message);
const seconds = (name: keyof typeof OPTIONAL_ENV, max: number) =>
  withDefault(name)
    .transform(Number)
    .pipe(
      integer(`${name} must be a whole number of seconds`)
        .min(1, `${name} must be at least 1`)
        .max(max, `${name} is at most ${max}`),
    );
const count = (name: keyof typeof OPTIONAL_ENV, max: number) =>
  withDefault(name)
    .transform(Number)
    .pipe(
      integer(`${name} must be a whole number`)
        .min(1, `${name} must be at least 1`)
        .max(max, `${name} is at most ${max}`),
    );

const atLeast = (name: keyof typeof OPTIONAL_ENV, min: number, max: number) =>
  withDefault(name)
    .transform(Number)
    .pipe(
      integer(`${name} must be a whole number of days`)
        .min(min, `${name} must be at least ${min}`)
        .max(max, `${name} is at most ${max}`),
    );

const schema = z
  .object({
    NODE_ENV: optionalText.transform((v) => v ?? 'development').pipe(z.enum(['production', 'development', 'test'])),
    DATABASE_URL: text('DATABASE_URL'),
    TEMPORAL_ADDRESS: text('TEMPORAL_ADDRESS'),
    TEMPORAL_NAMESPACE: withDefault('TEMPORAL_NAMESPACE'),
    TEMPORAL_TASK_QUEUE: withDefault('TEMPORAL_TASK_QUEUE'),
    API_PORT: withDefault('API_PORT')
      .transform(Number)
      .pipe(
        integer('API_PORT must be a TCP port number')
          .min(1, 'API_PORT must be a TCP port number')
          .max(65535, 'API_PORT must be a TCP port number'),
      ),
    API_HOST: withDefault('API_HOST'),
    TEMPORAL_UI_URL: withDefault('TEMPORAL_UI_URL').pipe(z.url('TEMPORAL_UI_URL must be a URL')),
    QUERY_CODE_SECRET: optionalText,
    TOKEN_SIGNING_KEY: optionalText,
    ACCESS_TOKEN_TTL_SECONDS: seconds('ACCESS_TOKEN_TTL_SECONDS', 24 * 3600),
    REFRESH_TOKEN_TTL_SECONDS: seconds('REFRESH_TOKEN_TTL_SECONDS', 90 * 24 * 3600),
    AUTH_CACHE_SECONDS: withDefault('AUTH_CACHE_SECONDS')
      .transform(Number)
      .pipe(
        integer('AUTH_CACHE_SECONDS must be a whole number of seconds (0: no cache)')
          .min(0, 'AUTH_CACHE_SECONDS must be at least 0')
          .max(60, 'AUTH_CACHE_SECONDS is at most 60'),
      ),
    OIDC_ISSUER: optionalText,
    OIDC_AUDIENCE: optionalText,
    OIDC_JWKS_URL: optionalText.pipe(z.url('OIDC_JWKS_URL must be a URL').optional()),
    OIDC_USER_CLAIM: optionalText,
    RATE_LIMIT_WINDOW_SECONDS: seconds('RATE_LIMIT_WINDOW_SECONDS', 24 * 3600),
    RATE_LIMIT_BLOCK_SECONDS: seconds('RATE_LIMIT_BLOCK_SECONDS', 24 * 3600),
    RATE_LIMIT_SIGN_IN_PER_ADDRESS: count('RATE_LIMIT_SIGN_IN_PER_ADDRESS', 1_000_000),
    RATE_LIMIT_SIGN_IN_PER_ACCOUNT: count('RATE_LIMIT_SIGN_IN_PER_ACCOUNT', 1_000_000),
    RATE_LIMIT_QUERY_CODE_PER_ADDRESS: count('RATE_LIMIT_QUERY_CODE_PER_ADDRESS', 1_000_000),
    RATE_LIMIT_QUERY_CODE_PER_PETITION: count('RATE_LIMIT_QUERY_CODE_PER_PETITION', 1_000_000),
    RATE_LIMIT_MAX_DELAY_SECONDS: seconds('RATE_LIMIT_MAX_DELAY_SECONDS', 60),
    BODY_LIMIT_KB: count('BODY_LIMIT_KB', 100 * 1024),
    WORKER_MAX_CACHED_WORKFLOWS: count('WORKER_MAX_CACHED_WORKFLOWS', 1_000_000),
    CORS_ORIGINS: optionalText.transform((v) =>
      v
        ? v
            .split(',')
            .map((o) => o.trim())
            .filter(Boolean)
        : [],
    ),
    TRUST_PROXY: optionalText,
    API_SERVER_TIMING: optionalText.transform((v) => v === '1' || v === 'true'),
    PAYLOAD_CODEC_KEYS: optionalText,
    HISTORY_ARCHIVE_INTERVAL_SECONDS: withDefault('HISTORY_ARCHIVE_INTERVAL_SECONDS')
      .transform(Number)
      .pipe(
        integer('HISTORY_ARCHIVE_INTERVAL_SECONDS must be a whole number of seconds (0 turns archiving off)')
          .min(0)
          .max(24 * 3600),
      ),
    NOTIFICATION_LEASE_SECONDS: withDefault('NOTIFICATION_LEASE_SECONDS')
      .transform(Number)
      .pipe(
        integer('NOTIFICATION_LEASE_SECONDS must be a whole number of seconds')
          .min(1)
          .max(24 * 3600),
      ),
    TEMPORAL_UI_CODEC_TOKEN: optionalText,
    TEMPORAL_UI_CODEC_USER: optionalText,
    TEMPORAL_TLS_CA: optionalText,
    TEMPORAL_TLS_CERT: optionalText,
    TEMPORAL_TLS_KEY: optionalText,
    TEMPORAL_TLS_SERVER_NAME: optionalText,
    SMTP_URL: optionalText.pipe(
      z.url('SMTP_URL must be a URL such as smtp://user:password@mail.example:587').optional(),
    ),
    SMTP_FROM: optionalText,
    NOTIFY_DIGEST_AT: optionalText.pipe(
      z
        .string()
        .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'NOTIFY_DIGEST_AT must be HH:MM (Beijing time), e.g. 08:00')
        .optional(),
    ),
    CONSOLE_PUBLIC_URL: optionalText.pipe(
      z.url('CONSOLE_PUBLIC_URL must be a URL such as https://xf.example.gov.cn').optional(),
    ),
    RECEIVED_AT_MAX_AGE_DAYS: count('RECEIVED_AT_MAX_AGE_DAYS', 36_500),
    // At least a year: the 30-day request windows and the 回头看 follow-ups are long over by then.
    RETENTION_PERSONAL_DATA_DAYS: atLeast('RETENTION_PERSONAL_DATA_DAYS', 365, 36_500),
    RETENTION_HISTORY_ARCHIVE_DAYS: atLeast('RETENTION_HISTORY_ARCHIVE_DAYS', 365, 36_500),
    RETENTION_DOCUMENT_DAYS: atLeast('RETENTION_DOCUMENT_DAYS', 365, 36_500),
    // A submission that never became a petition: a month at least, for a late registration.
    RETENTION_UNREGISTERED_FILE_DAYS: atLeast('RETENTION_UNREGISTERED_FILE_DAYS', 30, 36_500),
    // Longer than any upload in flight: an object younger than this may be about to get its row.
    RETENTION_ORPHAN_OBJECT_HOURS: atLeast('RETENTION_ORPHAN_OBJECT_HOURS', 1, 24 * 365),
    RETENTION_INTERVAL_HOURS: count('RETENTION_INTERVAL_HOURS', 24 * 365),
    LOG_LEVEL: withDefault('LOG_LEVEL').pipe(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace'], {
        error: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace',
      }),
    ),
    WORKER_METRICS_PORT: withDefault('WORKER_METRICS_PORT')
      .transform(Number)
      .pipe(
        integer('WORKER_METRICS_PORT must be a TCP port number, or 0')
          .min(0, 'WORKER_METRICS_PORT must be a TCP port number, or 0')
          .max(65535, 'WORKER_METRICS_PORT must be a TCP port number, or 0'),
      ),
  })
  .superRefine((env, ctx) => {
    const oidc = [env.OIDC_ISSUER, env.OIDC_AUDIENCE, env.OIDC_JWKS_URL];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_ISSUER'],
        message: 'OIDC needs all of OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL (or none)',
      });
    }
    if (env.PAYLOAD_CODEC_KEYS) {
      try {
        parsePayloadKeys(env.PAYLOAD_CODEC_KEYS);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['PAYLOAD_CODEC_KEYS'], message: (error as Error).message });
      }
    }
    if (env.TEMPORAL_UI_CODEC_TOKEN && (env.TEMPORAL_UI_CODEC_TOKEN.length < 24 || !env.TEMPORAL_UI_CODEC_USER)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_UI_CODEC_TOKEN'],
        message:
          'TEMPORAL_UI_CODEC_TOKEN must be at least 24 characters and comes with TEMPORAL_UI_CODEC_USER (an auditor or admin)',
      });
    }
    const tls = [env.TEMPORAL_TLS_CA, env.TEMPORAL_TLS_CERT, env.TEMPORAL_TLS_KEY];
    if (tls.some(Boolean) && !tls.every(Boolean)) {
      ctx.addIssue({
        code: 'custom',
        path: ['TEMPORAL_TLS_CERT'],
        message: 'mTLS to Temporal needs all of TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY (or none)',
      });
    }
    if (env.NODE_ENV !== 'production') return;
    for (const problem of productionSecretProblems(env))
      ctx.addIssue({ code: 'custom', path: [problem.name], message: problem.message });
  });

/**
 * What is wrong with the secrets for a production start: each unset, development-valued, short or
 * guessable one (estimatedSecretBits below MIN_SECRET_BITS; for the payload keys, of the key bytes),
 * and the same value used for two secrets (one leak would then give away both).
 */
export function productionSecretProblems(
  env: Partial<Record<SecretName, string>>,
): { name: SecretName; message: string }[] {
  const problems: { name: SecretName; message: string }[] = [];
  const generate = 'generate one with `openssl rand -base64 32`';
  for (const [name, devValue] of Object.entries(SECRET_ENV) as [SecretName, string][]) {
    const value = env[name]?.trim();
    if (!value)
      problems.push({ name, message: `${name} is not set; NODE_ENV=production needs a real secret (${generate})` });
    else if (value === devValue)
      problems.push({
        name,
        message: `${name} is the development default; NODE_ENV=production needs a real secret (${generate})`,
      });
    else if (value.length < MIN_SECRET_LENGTH)
      problems.push({ name, message: `${name} is shorter than ${MIN_SECRET_LENGTH} characters (${generate})` });
    else if (name === 'PAYLOAD_CODEC_KEYS') {
      let keys: PayloadKey[];
      try {
        keys = parsePayloadKeys(value);
      } catch {
        continue; // the schema names the format error
      }
      const weak = keys.find((k) => estimatedSecretBits(k.key) < MIN_SECRET_BITS);
      if (weak)
        problems.push({
          name,
          message: `${name}: key "${weak.id}" is not random (estimated ${Math.round(estimatedSecretBits(weak.key))} bits, at least ${MIN_SECRET_BITS} needed; make one with node -e "console.log('k1='+require('crypto').randomBytes(32).toString('base64'))")`,
        });
    } else if (estimatedSecretBits(value) < MIN_SECRET_BITS) {
      problems.push({
        name,
        message: `${name} is guessable (estimated ${Math.round(estimatedSecretBits(value))} bits, at least ${MIN_SECRET_BITS} needed: ${generate})`,
      });
    }
  }
  const query = env.QUERY_CODE_SECRET?.trim();
  if (query && query === env.TOKEN_SIGNING_KEY?.trim()) {
    problems.push({
      name: 'TOKEN_SIGNING_KEY',
      message:
        'TOKEN_SIGNING_KEY equals QUERY_CODE_SECRET; each secret must be its own (generate each with `openssl rand -base64 32`)',
    });
  }
  return problems;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? 'configuration');
      return issue.message.includes(name)
        ? issue.message
        : `${name}: ${issue.message} (got ${JSON.stringify(env[name] ?? null)})`;
    });
    throw new ConfigError(
      `invalid configuration (npm start sets the embedded servers; see README "Configuration"):\n  - ${lines.join('\n  - ')}`,
    );
  }
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    databaseUrl: e.DATABASE_URL,
    temporalAddress: e.TEMPORAL_ADDRESS,
    temporalNamespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    apiPort: e.API_PORT,
    apiHost: e.API_HOST,
    temporalUiUrl: e.TEMPORAL_UI_URL,
    queryCodeSecret: e.QUERY_CODE_SECRET ?? SECRET_ENV.QUERY_CODE_SECRET,
    auth: {
      tokenSigningKey: e.TOKEN_SIGNING_KEY ?? SECRET_ENV.TOKEN_SIGNING_KEY,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
      cacheSeconds: e.AUTH_CACHE_SECONDS,
      oidc:
        e.OIDC_ISSUER && e.OIDC_AUDIENCE && e.OIDC_JWKS_URL
          ? {
              issuer: e.OIDC_ISSUER,
              audience: e.OIDC_AUDIENCE,
              jwksUrl: e.OIDC_JWKS_URL,
              userClaim: e.OIDC_USER_CLAIM ?? 'sub',
            }
          : null,
    },
    rateLimits: {
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      blockSeconds: e.RATE_LIMIT_BLOCK_SECONDS,
      signInPerAddress: e.RATE_LIMIT_SIGN_IN_PER_ADDRESS,
      signInPerAccount: e.RATE_LIMIT_SIGN_IN_PER_ACCOUNT,
      queryCodePerAddress: e.RATE_LIMIT_QUERY_CODE_PER_ADDRESS,
      queryCodePerPetition: e.RATE_LIMIT_QUERY_CODE_PER_PETITION,
      maxDelaySeconds: e.RATE_LIMIT_MAX_DELAY_SECONDS,
    },
    http: {
      bodyLimitKb: e.BODY_LIMIT_KB,
      corsOrigins: e.CORS_ORIGINS,
      trustProxy: e.TRUST_PROXY ?? false,
      serverTiming: e.API_SERVER_TIMING,
    },
    worker: { maxCachedWorkflows: e.WORKER_MAX_CACHED_WORKFLOWS },
    payloadKeys: parsePayloadKeys(e.PAYLOAD_CODEC_KEYS ?? SECRET_ENV.PAYLOAD_CODEC_KEYS),
    temporalUiCodec:
      e.TEMPORAL_UI_CODEC_TOKEN && e.TEMPORAL_UI_CODEC_USER
        ? { token: e.TEMPORAL_UI_CODEC_TOKEN, userId: e.TEMPORAL_UI_CODEC_USER }
        : null,
    historyArchiveIntervalMs: e.HISTORY_ARCHIVE_INTERVAL_SECONDS * 1000,
    registration: { maxReceivedAgeDays: e.RECEIVED_AT_MAX_AGE_DAYS },
    logLevel: e.LOG_LEVEL,
    workerMetricsPort: e.WORKER_METRICS_PORT,
    retention: {
      personalDataDays: e.RETENTION_PERSONAL_DATA_DAYS,
      historyArchiveDays: e.RETENTION_HISTORY_ARCHIVE_DAYS,
      documentDays: e.RETENTION_DOCUMENT_DAYS,
      unregisteredSubmissionFileDays: e.RETENTION_UNREGISTERED_FILE_DAYS,
      orphanGraceHours: e.RETENTION_ORPHAN_OBJECT_HOURS,
      intervalHours: e.RETENTION_INTERVAL_HOURS,
    },
    online: onlinePetitionConfig(env, e.QUERY_CODE_SECRET ?? SECRET_ENV.QUERY_CODE_SECRET),
    smtp: e.SMTP_URL
      ? {
          url: e.SMTP_URL,
          from: e.SMTP_FROM ?? '信访工作平台 <petitions@localhost>',
          ...(e.CONSOLE_PUBLIC_URL ? { consoleBaseUrl: e.CONSOLE_PUBLIC_URL } : {}),
        }
      : null,
    ...(e.NOTIFY_DIGEST_AT ? { notifyDigestAt: e.NOTIFY_DIGEST_AT } : {}),
    notificationLeaseMs: e.NOTIFICATION_LEASE_SECONDS * 1000,
    storage: storageConfigFromEnv(env, PROJECT_ROOT),
  };
}

/** A database URL with its password hidden, for messages that say where we looked. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable DATABASE_URL>';
  }
}

/** Where `npm start` keeps the payload key it generated on first start (development only). */
export const LOCAL_PAYLOAD_KEYS_FILE = '.data/payload-codec.keys';
/**
 * Where `npm start` keeps the token-signing key and the query-code secret it generated on first
 * start (development only): the development values in SECRET_ENV are published, so a start that
 * used them would let anyone sign a token or compute a case's 查询码.
 */
export const LOCAL_SECRET_FILES = {
  TOKEN_SIGNING_KEY: '.data/token-signing.key',
  QUERY_CODE_SECRET: '.data/query-code.secret',
} as const;
/** Where `npm start` notes the addresses it started its servers on (development only). */
export const LOCAL_ENDPOINTS_FILE = '.data/local-endpoints.json';

/**
 * Outside production, a process started by hand in this checkout (the API, the worker, the audit
 * CLI) uses the keys `npm start` generated, unless the variable is set: the histories in .data/
 * are sealed with the payload key, the 查询码 handed out derive from the query-code secret.
 * Production never reads them.
 */
export function withLocalPayloadKeys(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env.NODE_ENV === 'production') return env;
  const local: NodeJS.ProcessEnv = {};
  const files: [string, string][] = [
    ['PAYLOAD_CODEC_KEYS', LOCAL_PAYLOAD_KEYS_FILE],
    ...Object.entries(LOCAL_SECRET_FILES),
  ];
  for (const [name, relative] of files) {
    const file = join(PROJECT_ROOT, relative);
    if (!env[name] && existsSync(file)) local[name] = readFileSync(file, 'utf8').trim();
  }
  return Object.keys(local).length ? { ...env, ...local } : env;
}

/**
 * Outside production, a tool run by hand in this checkout while `npm start` runs (the audit CLI)
 * finds its database and Temporal server without any variable set.
 */
export function withLocalEndpoints(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  if (env.NODE_ENV === 'production' || (env.DATABASE_URL && env.TEMPORAL_ADDRESS)) return env;
  const file = join(PROJECT_ROOT, LOCAL_ENDPOINTS_FILE);
  if (!existsSync(file)) return env;
  const noted = JSON.parse(readFileSync(file, 'utf8')) as { databaseUrl?: string; temporalAddress?: string };
  return {
    ...env,
    DATABASE_URL: env.DATABASE_URL || noted.databaseUrl,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS || noted.temporalAddress,
  };
}
