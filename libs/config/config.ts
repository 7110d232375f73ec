/**
 * Every setting the API and the worker read, from the environment only, so that `npm start`,
 * the tests and docker-compose configure the same code the same way.
 */
export interface ServiceConfig {
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
}

/** The variables a deployment must set (docker-compose is checked against this list). */
export const REQUIRED_ENV = ['DATABASE_URL', 'TEMPORAL_ADDRESS'] as const;
/** Variables with defaults; listed so deployments can see every knob. */
export const OPTIONAL_ENV = {
  TEMPORAL_NAMESPACE: 'default',
  TEMPORAL_TASK_QUEUE: 'petitions',
  API_PORT: '3000',
  API_HOST: '0.0.0.0',
  TEMPORAL_UI_URL: 'http://localhost:8233',
  QUERY_CODE_SECRET: 'dev-only-query-code-secret',
} as const;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const missing = REQUIRED_ENV.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new ConfigError(
      `missing environment variable(s): ${missing.join(', ')} ` +
        `(npm start sets them for the embedded servers; see README "Configuration")`,
    );
  }
  const get = (name: keyof typeof OPTIONAL_ENV) => env[name] || OPTIONAL_ENV[name];
  const apiPort = Number(get('API_PORT'));
  if (!Number.isInteger(apiPort) || apiPort <= 0 || apiPort > 65535) {
    throw new ConfigError(`API_PORT must be a TCP port number, got "${env.API_PORT}"`);
  }
  return {
    databaseUrl: env.DATABASE_URL!,
    temporalAddress: env.TEMPORAL_ADDRESS!,
    temporalNamespace: get('TEMPORAL_NAMESPACE'),
    taskQueue: get('TEMPORAL_TASK_QUEUE'),
    apiPort,
    apiHost: get('API_HOST'),
    temporalUiUrl: get('TEMPORAL_UI_URL'),
    queryCodeSecret: get('QUERY_CODE_SECRET'),
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
