/**
 * `npm run start:cluster` runs the compose topology natively: it must read the compose file's
 * variables with the same defaults, and hand the Temporal server the environment the compose
 * service `temporal` sets (the server renders the same config template from it).
 */
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import YAML from 'yaml';
import {
  APP_ENV_VARIABLES,
  CLUSTER_ENV_VARIABLES,
  ClusterSettingsError,
  DOCKER_ONLY_VARIABLES,
  clusterSettingsFromEnv,
} from '../../libs/infra/cluster-settings';
import { temporalServerEnvironment } from '../../libs/infra/temporal-cluster';

const ROOT = resolve(__dirname, '..', '..');
const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const compose = YAML.parse(composeText, { merge: true });

/** ${VAR}, ${VAR:-default}, ${VAR:?message} as compose interpolates them ($${VAR} is the container's own shell); the value is the default, if any. */
function interpolatedVariables(): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  const withoutComments = composeText
    .split('\n')
    .filter((line) => !line.trim().startsWith('#'))
    .join('\n');
  for (const match of withoutComments.matchAll(/(\$?)\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g)) {
    if (match[1] === '$') continue;
    const fallback = match[3]?.endsWith('-') ? match[4] : undefined;
    if (!found.has(match[2]) || found.get(match[2]) === undefined) found.set(match[2], fallback);
  }
  return found;
}

describe('npm run start:cluster reads the variables of docker-compose.yml', () => {
  const variables = interpolatedVariables();

  it('finds the variables the compose file interpolates (the check below can fail)', () => {
    expect(variables.get('WORKER_REPLICAS')).toBe('2');
    expect(variables.has('POSTGRES_USER')).toBe(true);
  });

  it('reads every compose variable, or passes it on to the app, except the ones that only mean something to Docker', () => {
    const known = new Set<string>([...CLUSTER_ENV_VARIABLES, ...APP_ENV_VARIABLES, ...DOCKER_ONLY_VARIABLES]);
    expect([...variables.keys()].filter((name) => !known.has(name))).toEqual([]);
  });

  it('has the compose defaults (SEED_DEMO aside: a local start seeds the demo users; secrets compose requires get development values)', () => {
    const settings = clusterSettingsFromEnv({});
    const defaults = Object.fromEntries(variables);
    expect(settings.workerReplicas).toBe(Number(defaults.WORKER_REPLICAS));
    expect(settings.apiReplicas).toBe(Number(defaults.API_REPLICAS));
    expect(settings.numHistoryShards).toBe(Number(defaults.TEMPORAL_NUM_HISTORY_SHARDS));
    expect(settings.temporalSqlMaxConns).toBe(Number(defaults.TEMPORAL_SQL_MAX_CONNS));
    expect(settings.postgresMaxConnections).toBe(Number(defaults.POSTGRES_MAX_CONNECTIONS));
    expect(settings.postgresUser).toBe(defaults.POSTGRES_USER);
    expect(variables.has('POSTGRES_PASSWORD') && defaults.POSTGRES_PASSWORD === undefined).toBe(true);
    expect(variables.has('DATABASE_RUNTIME_PASSWORD') && defaults.DATABASE_RUNTIME_PASSWORD === undefined).toBe(true);
    expect(settings.postgresPassword).toBe('petitions');
    expect(settings.runtimePassword).toBe('petitions-runtime-dev');
    expect(clusterSettingsFromEnv({ POSTGRES_PASSWORD: 'p', DATABASE_RUNTIME_PASSWORD: 'r' })).toMatchObject({
      postgresPassword: 'p',
      runtimePassword: 'r',
    });
    expect(settings.appDatabase).toBe(defaults.APP_DB_NAME);
    expect(settings.temporalNamespace).toBe(defaults.TEMPORAL_NAMESPACE);
    expect(settings.temporalNamespaceRetention).toBe(defaults.TEMPORAL_NAMESPACE_RETENTION);
    expect(settings.taskQueue).toBe(defaults.TEMPORAL_TASK_QUEUE);
    expect(settings.temporalLogLevel).toBe(defaults.TEMPORAL_LOG_LEVEL);
    expect(settings.apiPublish.port).toBe(Number(defaults.API_PUBLISH));
    expect(settings.temporalPublishPort).toBe(Number(defaults.TEMPORAL_PUBLISH_PORT));
    expect(`${settings.temporalUiPublish.host}:${settings.temporalUiPublish.port}`).toBe(defaults.TEMPORAL_UI_PUBLISH);
    expect(defaults.SEED_DEMO).toBe('false');
    expect(settings.seedDemo).toBe(true);
    expect(clusterSettingsFromEnv({ SEED_DEMO: 'false' }).seedDemo).toBe(false);
  });

  it('takes overrides, and refuses a bad value naming the variable', () => {
    const settings = clusterSettingsFromEnv({
      WORKER_REPLICAS: '4',
      API_REPLICAS: '3',
      API_PUBLISH: '127.0.0.1:8080',
      TEMPORAL_UI_PUBLISH: '9000',
    });
    expect(settings).toMatchObject({
      workerReplicas: 4,
      apiReplicas: 3,
      apiPublish: { host: '127.0.0.1', port: 8080 },
      temporalUiPublish: { host: '0.0.0.0', port: 9000 },
    });
    expect(() => clusterSettingsFromEnv({ WORKER_REPLICAS: 'two' })).toThrow(ClusterSettingsError);
    expect(() => clusterSettingsFromEnv({ WORKER_REPLICAS: 'two' })).toThrow(/WORKER_REPLICAS/);
    expect(() => clusterSettingsFromEnv({ API_PUBLISH: 'localhost:port' })).toThrow(/API_PUBLISH/);
    expect(() => clusterSettingsFromEnv({ SEED_DEMO: 'yes' })).toThrow(/SEED_DEMO/);
  });

  it('gives the Temporal server every variable the compose service `temporal` sets', () => {
    const serviceEnv = Object.keys(compose.services.temporal.environment);
    const native = temporalServerEnvironment({
      pg: { host: '127.0.0.1', port: 5432, user: 'petitions', password: 'petitions' },
      databases: { temporal: 'temporal', visibility: 'temporal_visibility', app: 'petitions' },
      ports: {
        frontend: 7233,
        frontendHttp: 7243,
        history: 7234,
        matching: 7235,
        worker: 7239,
        frontendMembership: 6933,
        historyMembership: 6934,
        matchingMembership: 6935,
        workerMembership: 6939,
        metrics: 8000,
      },
      numHistoryShards: 128,
      sqlMaxConns: 40,
      logLevel: 'info',
      dynamicConfigFile: join(ROOT, 'deploy/temporal/dynamicconfig/docker.yaml'),
      certs: {
        dir: '/certs',
        ca: '/certs/ca.pem',
        serverCert: '/certs/server.pem',
        serverKey: '/certs/server.key',
        clientCert: '/certs/client.pem',
        clientKey: '/certs/client.key',
        serverName: 'temporal',
      },
    });
    expect(serviceEnv.filter((name) => !(name in native))).toEqual([]);
    // Both require client certificates on the frontend, with the same settings.
    const tls = Object.keys(native).filter((name) => name.startsWith('TEMPORAL_TLS_'));
    expect(tls.length).toBeGreaterThan(5);
    expect(tls.filter((name) => !serviceEnv.includes(name))).toEqual([]);
    expect(compose.services.temporal.environment.TEMPORAL_TLS_REQUIRE_CLIENT_AUTH).toBe('true');
    expect(native).toMatchObject({
      DB: compose.services.temporal.environment.DB,
      DBNAME: 'temporal',
      VISIBILITY_DBNAME: 'temporal_visibility',
    });
  });
});
