/**
 * 网上信访 settings: the ALTCHA proof-of-work (its HMAC key and how much work one submission costs),
 * the limits per address and per phone, the attachments, and where they are kept. All optional;
 * the defaults suit a county office.
 */
import { hkdfSync } from 'node:crypto';

export interface OnlinePetitionConfig {
  altcha: {
    /** Signs the challenges (HMAC-SHA-256): ALTCHA_HMAC_KEY, or derived from QUERY_CODE_SECRET. */
    hmacKey: string;
    /** PBKDF2 iterations per attempt. */
    cost: number;
    /** The solution's counter is drawn from 1..maxCounter: the expected work is about half of it times `cost`. */
    maxCounter: number;
    /** A challenge must be solved and sent within this many seconds. */
    expiresSeconds: number;
  };
  limits: {
    windowSeconds: number;
    /** Submissions accepted per client address in the window. */
    perAddress: number;
    /** Submissions accepted per phone number (normalized) in the window. */
    perPhone: number;
  };
  /** Attachments go to the service's object store (ServiceConfig.storage), as materials do. */
  files: { maxFiles: number; maxBytes: number };
}

const positive = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1`);
  return value;
};

export function onlinePetitionConfig(env: NodeJS.ProcessEnv, queryCodeSecret: string): OnlinePetitionConfig {
  // Like the petitioner-identity key: no second secret to manage unless an operator wants one.
  const derived = Buffer.from(hkdfSync('sha256', queryCodeSecret, 'petitions', 'altcha-hmac', 32)).toString('base64');
  return {
    altcha: {
      hmacKey: env.ALTCHA_HMAC_KEY?.trim() || derived,
      cost: positive(env, 'ALTCHA_COST', 1000),
      maxCounter: positive(env, 'ALTCHA_MAX_COUNTER', 5000),
      expiresSeconds: positive(env, 'ALTCHA_EXPIRES_SECONDS', 1200),
    },
    limits: {
      windowSeconds: positive(env, 'ONLINE_LIMIT_WINDOW_SECONDS', 24 * 3600),
      perAddress: positive(env, 'ONLINE_SUBMISSIONS_PER_ADDRESS', 10),
      perPhone: positive(env, 'ONLINE_SUBMISSIONS_PER_PHONE', 3),
    },
    files: {
      maxFiles: positive(env, 'ONLINE_MAX_FILES', 5),
      maxBytes: positive(env, 'ONLINE_MAX_FILE_BYTES', 10 * 1024 * 1024),
    },
  };
}
