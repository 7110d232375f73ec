/**
 * `npm run start:cluster` reads the variables docker-compose.yml reads, with the same meaning and
 * defaults, so an .env written for the compose file configures the native topology too. The
 * application's own variables (libs/config/config.ts: secrets, token lifetimes, rate limits, …) are
 * passed on to every worker and API replica as they are, as compose's x-app-env does. What only
 * makes sense for Docker (the image name) is listed apart; test/compose checks the lists against
 * the compose file. Secrets compose requires (no default) get development values here, for a
 * local start: PostgreSQL's and the runtime role's passwords (the embedded server listens on
 * 127.0.0.1 only), and the app's own development secrets, which it refuses under NODE_ENV=production.
 */
import { STORAGE_ENV_VARIABLES } from '../storage/storage-config';
import { FEATURE_ENV, OPTIONAL_ENV, REQUIRED_ENV, SECRET_ENV } from '../config/config';

export interface ClusterSettings {
  /** Unset: an embedded PostgreSQL (data under the cluster's data folder). */
  databaseUrl: string | null;
  postgresUser: string;
  postgresPassword: string;
  /** The role the API and the workers connect as (least privilege); migrations run as postgresUser. */
  runtimePassword: string;
  postgresMaxConnections: number;
  appDatabase: string;
  temporalNamespace: string;
  temporalNamespaceRetention: string;
  temporalSearchAttributes: string;
  taskQueue: string;
  numHistoryShards: number;
  temporalSqlMaxConns: number;
  temporalLogLevel: string;
  /** Set: where people's browsers reach the UI; unset: the UI this launcher starts. */
  temporalUiUrl: string | null;
  seedDemo: boolean;
  workerReplicas: number;
  apiReplicas: number;
  /** The proxy in front of the API replicas (compose: api-lb's published port). */
  apiPublish: { host: string; port: number };
  temporalPublishPort: number;
  temporalUiPublish: { host: string; port: number };
  /** Embedded PostgreSQL's preferred port (as for npm start). */
  embeddedPostgresPort: number;
}

/** Every variable the cluster launcher reads. */
export const CLUSTER_ENV_VARIABLES = [
  'DATABASE_URL',
  'POSTGRES_USER',
  'POSTGRES_PASSWORD',
  'POSTGRES_MAX_CONNECTIONS',
  'APP_DB_NAME',
  'TEMPORAL_NAMESPACE',
  'TEMPORAL_NAMESPACE_RETENTION',
  'TEMPORAL_SEARCH_ATTRIBUTES',
  'TEMPORAL_TASK_QUEUE',
  'TEMPORAL_NUM_HISTORY_SHARDS',
  'TEMPORAL_SQL_MAX_CONNS',
  'TEMPORAL_LOG_LEVEL',
  'DATABASE_RUNTIME_PASSWORD',
  'SEED_DEMO',
  'WORKER_REPLICAS',
  'API_REPLICAS',
  'API_PUBLISH',
  'TEMPORAL_PUBLISH_PORT',
  'TEMPORAL_UI_PUBLISH',
  'PETITIONS_PG_PORT',
] as const;

/** The application's own variables: passed on to every worker and API replica unchanged. */
export const APP_ENV_VARIABLES: readonly string[] = [
  ...REQUIRED_ENV,
  ...Object.keys(OPTIONAL_ENV),
  ...Object.keys(SECRET_ENV),
  ...FEATURE_ENV,
  // The object store of materials (S3_*, or a directory) and their limits.
  ...STORAGE_ENV_VARIABLES,
];

/** Variables of docker-compose.yml that only mean something to Docker. */
// The image tag, and compose's TLS edge (nginx on API_PUBLISH_TLS with a certificate for PUBLIC_HOST);
// the native cluster's proxy serves plain HTTP on 127.0.0.1. And compose's Jaeger UI: the native
// cluster runs no trace collector of its own (its build is too slow for the install step: NOTES);
// it passes OTEL_EXPORTER_OTLP_ENDPOINT on to the app, for a collector the operator runs.
export const DOCKER_ONLY_VARIABLES = ['APP_IMAGE', 'API_PUBLISH_TLS', 'PUBLIC_HOST', 'JAEGER_UI_PUBLISH'] as const;

export class ClusterSettingsError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new ClusterSettingsError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

/** "8233", "127.0.0.1:8233" or "0.0.0.0:8233", as compose's ports: entries take them (a bare port: every interface). */
function published(env: NodeJS.ProcessEnv, name: string, fallback: string): { host: string; port: number } {
  const raw = env[name] || fallback;
  const match = /^(?:([0-9.]+|localhost):)?(\d{1,5})$/.exec(raw);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535)
    throw new ClusterSettingsError(`${name} must be a port or host:port, got "${raw}"`);
  return { host: match[1] === 'localhost' ? '127.0.0.1' : (match[1] ?? '0.0.0.0'), port };
}

export function clusterSettingsFromEnv(env: NodeJS.ProcessEnv): ClusterSettings {
  const user = env.POSTGRES_USER || 'petitions';
  const appDatabase = env.APP_DB_NAME || 'petitions';
  if (!/^[a-z_][a-z0-9_]*$/.test(appDatabase))
    throw new ClusterSettingsError(`APP_DB_NAME must be a plain database name, got "${appDatabase}"`);
  const seed = (env.SEED_DEMO ?? 'true').toLowerCase();
  if (!['true', 'false'].includes(seed))
    throw new ClusterSettingsError(`SEED_DEMO must be true or false, got "${env.SEED_DEMO}"`);
  return {
    databaseUrl: env.DATABASE_URL || null,
    postgresUser: user,
    postgresPassword: env.POSTGRES_PASSWORD || 'petitions',
    runtimePassword: env.DATABASE_RUNTIME_PASSWORD || 'petitions-runtime-dev',
    postgresMaxConnections: integer(env, 'POSTGRES_MAX_CONNECTIONS', 300, 20, 10000),
    appDatabase,
    temporalNamespace: env.TEMPORAL_NAMESPACE || OPTIONAL_ENV.TEMPORAL_NAMESPACE,
    temporalNamespaceRetention: env.TEMPORAL_NAMESPACE_RETENTION || '720h',
    temporalSearchAttributes: env.TEMPORAL_SEARCH_ATTRIBUTES || '',
    taskQueue: env.TEMPORAL_TASK_QUEUE || OPTIONAL_ENV.TEMPORAL_TASK_QUEUE,
    numHistoryShards: integer(env, 'TEMPORAL_NUM_HISTORY_SHARDS', 128, 1, 16384),
    temporalSqlMaxConns: integer(env, 'TEMPORAL_SQL_MAX_CONNS', 40, 2, 1000),
    temporalLogLevel: env.TEMPORAL_LOG_LEVEL || 'info',
    temporalUiUrl: env.TEMPORAL_UI_URL || null,
    // compose seeds only when asked (a deployment); a local start wants the demo users.
    seedDemo: seed === 'true',
    workerReplicas: integer(env, 'WORKER_REPLICAS', 2, 0, 64),
    apiReplicas: integer(env, 'API_REPLICAS', 2, 1, 64),
    apiPublish: published(env, 'API_PUBLISH', '3000'),
    temporalPublishPort: integer(env, 'TEMPORAL_PUBLISH_PORT', 7233, 1, 65535),
    temporalUiPublish: published(env, 'TEMPORAL_UI_PUBLISH', '127.0.0.1:8233'),
    embeddedPostgresPort: integer(env, 'PETITIONS_PG_PORT', 55432, 1, 65535),
  };
}
