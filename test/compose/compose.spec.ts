/**
 * The scale-out deployment (docker-compose.yml, Dockerfile, deploy/), checked without a Docker
 * engine: what can be read from the files is checked here; starting the stack is not (see
 * docs/scale-out.md). Variables of the form ${VAR:-default} are read at their defaults, which is
 * what `docker compose up` uses when the operator sets nothing.
 */
import { existsSync, readFileSync } from 'fs';
import { join, resolve } from 'path';
import YAML from 'yaml';
import { ConfigError, FEATURE_ENV, OPTIONAL_ENV, REQUIRED_ENV, SECRET_ENV, loadConfig } from '../../libs/config/config';

const ROOT = resolve(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

type Env = Record<string, string>;
interface Service {
  image?: string;
  build?: unknown;
  command?: string[] | string;
  entrypoint?: string[] | string;
  environment?: Record<string, unknown> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  deploy?: { replicas?: unknown };
  healthcheck?: { test?: string[] | string };
  ports?: unknown[];
  volumes?: unknown[];
  container_name?: string;
}
interface Compose {
  services: Record<string, Service>;
}

const compose: Compose = YAML.parse(read('docker-compose.yml'), { merge: true });
const services = compose.services;
const APP_SERVICES = ['api', 'worker', 'migrate'] as const;

/** What an operator sets before `docker compose up` (the compose file has no defaults for secrets). */
const OPERATOR_SECRETS: Env = {
  POSTGRES_PASSWORD: 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90',
  DATABASE_RUNTIME_PASSWORD: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
  QUERY_CODE_SECRET: 'Ftv51BFoQX7wB9gAuxL/UfxcS4rl8sR1XVJv+cJd+gg=',
  TOKEN_SIGNING_KEY: 'RxVTLD+7HiASOgX0IkNgqi20aEvDkAwgdK9ZqZPbrFM=',
  PAYLOAD_CODEC_KEYS: 'k20260101-ab12cd=7h7Q7uScunGWvdWXpeHGZ9NHXdxyO6RbtxBp0jSH+L0=',
  S3_SECRET_ACCESS_KEY: '5e1f0c9a7b3d2e4f6a8b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f',
};

class MissingVariable extends Error {}

/**
 * Compose interpolation: ${VAR:-d} and ${VAR-d} give d when unset, ${VAR:?msg} and ${VAR?msg}
 * refuse to start (MissingVariable with the message), ${VAR} gives "", $$ gives $.
 */
function interpolate(value: string, overrides: Env = {}): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}/g,
    (match, name: string | undefined, op: string | undefined, fallback: string | undefined) => {
      if (match === '$$') return '$';
      const set = overrides[name!];
      if (op === ':-') return set ? set : (fallback ?? '');
      if (op === '-') return set !== undefined ? set : (fallback ?? '');
      if (op === ':?' && !set) throw new MissingVariable(`${name}: ${fallback}`);
      if (op === '?' && set === undefined) throw new MissingVariable(`${name}: ${fallback}`);
      return set ?? '';
    },
  );
}

function rawEnvironment(service: Service): Env {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((line) => {
        const at = line.indexOf('=');
        return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v == null ? '' : String(v)]));
}

function environmentOf(name: string, overrides: Env = OPERATOR_SECRETS): Env {
  return Object.fromEntries(
    Object.entries(rawEnvironment(services[name])).map(([k, v]) => [k, interpolate(v, overrides)]),
  );
}

function dependsOn(name: string): Record<string, string> {
  const deps = services[name].depends_on ?? {};
  if (Array.isArray(deps)) return Object.fromEntries(deps.map((d) => [d, 'service_started']));
  return Object.fromEntries(Object.entries(deps).map(([d, spec]) => [d, spec?.condition ?? 'service_started']));
}

const argv = (value: string[] | string | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : value.trim().split(/\s+/);

/** One-shot services that borrow an image for a tool in it (temporal-certs, edge-certs: the postgres image's openssl). */
const TOOL_SERVICES = ['temporal-certs', 'edge-certs'];

/** The service running the image whose repository is `repository` (e.g. temporalio/server). */
function serviceRunning(repository: string): string {
  const found = Object.entries(services).filter(
    ([name, s]) => !TOOL_SERVICES.includes(name) && s.image && splitImage(s.image).repository === repository,
  );
  expect(found.map(([n]) => n)).toHaveLength(1);
  return found[0][0];
}

function splitImage(image: string): { repository: string; tag?: string; digest?: string } {
  const [nameAndTag, digest] = image.split('@');
  const slash = nameAndTag.lastIndexOf('/');
  const colon = nameAndTag.lastIndexOf(':');
  if (colon > slash) {
    return { repository: nameAndTag.slice(0, colon), tag: nameAndTag.slice(colon + 1), digest };
  }
  return { repository: nameAndTag, digest };
}

/**
 * An image reference that names one build: a sha256 digest, or a tag carrying a full version
 * (major.minor.patch; PostgreSQL numbers releases major.minor since 10), optionally with a suffix
 * such as -alpine or -bookworm-slim. `latest`, `16`, `1.29`, `20-slim` or no tag are floating.
 */
function isPinned(image: string): boolean {
  if (image.includes('${')) return false;
  const { repository, tag, digest } = splitImage(image);
  if (digest) return /^sha256:[0-9a-f]{64}$/.test(digest);
  if (!tag || /latest/i.test(tag)) return false;
  const base = repository.replace(/^(docker\.io\/)?(library\/)?/, '');
  // PostgreSQL and SeaweedFS number their releases major.minor.
  const version =
    base === 'postgres' || base === 'chrislusf/seaweedfs'
      ? /^\d+\.\d+(?:-[a-z0-9.-]+)?$/
      : /^v?\d+\.\d+\.\d+(?:[-+][A-Za-z0-9.-]+)?$/;
  return version.test(tag);
}

interface DockerInstruction {
  keyword: string;
  args: string;
  stage: number;
}

function parseDockerfile(text: string): DockerInstruction[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  let stage = -1;
  return logical.map((line) => {
    const [keyword, ...rest] = line.split(/\s+/);
    if (keyword.toUpperCase() === 'FROM') stage += 1;
    return { keyword: keyword.toUpperCase(), args: rest.join(' '), stage };
  });
}

const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const dockerfile = parseDockerfile(read('Dockerfile'));

describe('docker-compose.yml: services', () => {
  it('parses as YAML and defines the database, the Temporal cluster, its UI and the app roles', () => {
    for (const name of ['postgresql', 'temporal', 'temporal-ui', 'migrate', 'worker', 'api']) {
      expect(services).toHaveProperty(name);
    }
    expect(splitImage(services.postgresql.image!).repository).toBe('postgres');
    expect(splitImage(services.temporal.image!).repository).toBe('temporalio/server');
    expect(splitImage(services['temporal-ui'].image!).repository).toBe('temporalio/ui');
    for (const name of APP_SERVICES) expect(services[name].build).toBeDefined();
  });

  it('sets up the Temporal schemas with admin-tools before the server starts', () => {
    const schemaName = Object.keys(services).find(
      (n) => services[n].image?.startsWith('temporalio/admin-tools:') && n in dependsOn('temporal'),
    );
    expect(schemaName).toBeDefined();
    const schemaService = services[schemaName!];
    expect(dependsOn('temporal')[schemaName!]).toBe('service_completed_successfully');
    expect(dependsOn(schemaName!).postgresql).toBe('service_healthy');

    const script = argv(schemaService.entrypoint)
      .concat(argv(schemaService.command))
      .find((a) => a.startsWith('/deploy/'));
    expect(script).toBeDefined();
    const mount = (schemaService.volumes ?? []).map(String).find((v) => v.split(':')[1] === script);
    expect(mount).toBeDefined();
    const text = read(mount!.split(':')[0]);
    for (const step of ['create', 'setup-schema -v 0.0', 'update-schema -d']) expect(text).toContain(step);
    expect(text).toMatch(/temporal-sql-tool/);
    expect(text).toContain('/etc/temporal/schema/postgresql/v12');
    expect(text).toContain('/temporal/versioned');
    expect(text).toContain('/visibility/versioned');

    const env = environmentOf(schemaName!);
    const server = environmentOf('temporal');
    expect(env.SQL_HOST).toBe(server.POSTGRES_SEEDS);
    expect(env.SQL_USER).toBe(server.POSTGRES_USER);
    expect(env.SQL_PASSWORD).toBe(server.POSTGRES_PWD);
    expect(env.TEMPORAL_DB).toBe(server.DBNAME);
    expect(env.TEMPORAL_VISIBILITY_DB).toBe(server.VISIBILITY_DBNAME);
  });

  it('uses PostgreSQL for both Temporal stores, in databases apart from the read model', () => {
    const server = environmentOf('temporal');
    expect(server.DB).toBe('postgres12');
    expect(server.POSTGRES_SEEDS).toBe('postgresql');
    expect(server.DBNAME).toBeTruthy();
    expect(server.VISIBILITY_DBNAME).toBeTruthy();
    expect(server.DBNAME).not.toBe(server.VISIBILITY_DBNAME);
    const appDb = new URL(environmentOf('api').DATABASE_URL).pathname.slice(1);
    expect([server.DBNAME, server.VISIBILITY_DBNAME]).not.toContain(appDb);
  });

  it('registers the namespace the app uses once the server is healthy', () => {
    const ns = Object.keys(services).find(
      (n) => services[n].image?.startsWith('temporalio/admin-tools:') && dependsOn(n).temporal === 'service_healthy',
    );
    expect(ns).toBeDefined();
    expect(environmentOf(ns!).NAMESPACE).toBe(environmentOf('api').TEMPORAL_NAMESPACE);
    const script = (services[ns!].volumes ?? []).map(String).find((v) => v.includes('create-namespace.sh'));
    expect(read(script!.split(':')[0])).toMatch(/temporal operator namespace create/);
  });

  it('mounts only files that exist in the repository', () => {
    const binds = Object.values(services)
      .flatMap((s) => (s.volumes ?? []).map(String))
      .filter((v) => v.startsWith('./'));
    expect(binds.length).toBeGreaterThan(0);
    for (const bind of binds) expect(existsSync(join(ROOT, bind.split(':')[0]))).toBe(true);
  });
});

describe('docker-compose.yml: nobody reaches Temporal without the client certificate (mTLS)', () => {
  const CERTS_VOLUME = 'temporal-certs';
  const mountsCerts = (name: string): string | undefined =>
    (services[name].volumes ?? [])
      .map(String)
      .find((v) => v.startsWith(`${CERTS_VOLUME}:`))
      ?.split(':')[1];
  /** Every service that talks to the Temporal frontend: it names TEMPORAL_ADDRESS. */
  const frontendClients = Object.keys(services).filter((name) => 'TEMPORAL_ADDRESS' in rawEnvironment(services[name]));

  it('issues the CA, server and client certificates once, with deploy/temporal/generate-certs.sh, into a volume', () => {
    const certs = services['temporal-certs'];
    expect(argv(certs.entrypoint)).toEqual(['/bin/sh', '/deploy/generate-certs.sh', '/certs']);
    expect((certs.volumes ?? []).map(String)).toEqual(
      expect.arrayContaining([
        './deploy/temporal/generate-certs.sh:/deploy/generate-certs.sh:ro',
        `${CERTS_VOLUME}:/certs`,
      ]),
    );
    expect(isPinned(certs.image!)).toBe(true);
    expect(
      Object.keys((YAML.parse(read('docker-compose.yml')) as { volumes: Record<string, unknown> }).volumes),
    ).toContain(CERTS_VOLUME);
    const script = read('deploy/temporal/generate-certs.sh');
    for (const file of ['ca.pem', 'server.pem', 'server.key', 'client.pem', 'client.key'])
      expect([file, script.includes(file)]).toEqual([file, true]);
    expect(script).toMatch(/subjectAltName=DNS:temporal/);
  });

  it('the Temporal server requires a client certificate of that CA on its frontend, and starts after the certificates exist', () => {
    const temporal = environmentOf('temporal');
    expect(temporal).toMatchObject({
      TEMPORAL_TLS_REQUIRE_CLIENT_AUTH: 'true',
      TEMPORAL_TLS_FRONTEND_CERT: '/certs/server.pem',
      TEMPORAL_TLS_FRONTEND_KEY: '/certs/server.key',
      TEMPORAL_TLS_CLIENT1_CA_CERT: '/certs/ca.pem',
      TEMPORAL_TLS_SERVER_CA_CERT: '/certs/ca.pem',
    });
    expect(mountsCerts('temporal')).toBe('/certs');
    expect(dependsOn('temporal')['temporal-certs']).toBe('service_completed_successfully');
    // Its healthcheck opens a TCP connection only: no TLS handshake needed.
    expect(argv(services.temporal.healthcheck?.test).join(' ')).toMatch(/nc -z temporal 7233/);
  });

  it('every service that talks to the frontend holds the client certificate, mounted where its variables point', () => {
    expect(frontendClients).toEqual(expect.arrayContaining(['api', 'worker', 'temporal-namespace', 'temporal-ui']));
    for (const name of frontendClients) {
      const env = environmentOf(name);
      const mount = mountsCerts(name);
      expect([name, mount]).toEqual([name, '/certs']);
      expect([
        name,
        env.TEMPORAL_TLS_CERT,
        env.TEMPORAL_TLS_KEY,
        env.TEMPORAL_TLS_CA,
        env.TEMPORAL_TLS_SERVER_NAME,
      ]).toEqual([name, '/certs/client.pem', '/certs/client.key', '/certs/ca.pem', 'temporal']);
      // The client key, never the server's or the CA's.
      expect([name, Object.values(env).some((v) => /server\.key|ca\.key/.test(v))]).toEqual([name, false]);
    }
  });

  it('the namespace set-up passes the certificate to every temporal CLI call; the schema set-up talks to PostgreSQL only', () => {
    const script = read('deploy/temporal/create-namespace.sh');
    const calls = script
      .split('\n')
      .filter(
        (line) =>
          /^\s*(until |if |existing=\$\()?\s*temporal /.test(line) || /^\s+temporal (operator|workflow)/.test(line),
      );
    expect(calls.length).toBeGreaterThan(4);
    for (const call of calls) expect([call.trim(), call.includes('$tls')]).toEqual([call.trim(), true]);
    expect(script).toMatch(
      /--tls-cert-path \$TEMPORAL_TLS_CERT --tls-key-path \$TEMPORAL_TLS_KEY --tls-ca-path \$TEMPORAL_TLS_CA/,
    );
    expect('TEMPORAL_ADDRESS' in rawEnvironment(services['temporal-schema'])).toBe(false);
  });

  it('the app reads the certificate from the variables compose sets (all three or none)', () => {
    for (const variable of ['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_SERVER_NAME'])
      expect(FEATURE_ENV).toContain(variable);
    expect(() => loadConfig({ ...environmentOf('api'), TEMPORAL_TLS_KEY: '' })).toThrow(
      /needs all of TEMPORAL_TLS_CA, TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY/,
    );
  });
});

describe('docker-compose.yml: images', () => {
  it('tells pinned image references from floating ones', () => {
    for (const ok of [
      'postgres:16.10',
      'temporalio/server:1.29.1',
      'temporalio/admin-tools:1.29.1-tctl-1.18.4-cli-1.5.0',
      'nginx:1.28.0-alpine',
      `node@sha256:${'a'.repeat(64)}`,
    ]) {
      expect([ok, isPinned(ok)]).toEqual([ok, true]);
    }
    for (const floating of [
      'postgres',
      'postgres:16',
      'postgres:latest',
      'temporalio/server:1.29',
      'temporalio/ui:latest',
      'node:20-bookworm-slim',
      'nginx:${NGINX_TAG:-1.28.0}',
    ]) {
      expect([floating, isPinned(floating)]).toEqual([floating, false]);
    }
  });

  it('pins every image it pulls to an exact version', () => {
    const pulled = Object.entries(services).filter(([, s]) => !s.build);
    expect(pulled.length).toBeGreaterThanOrEqual(4);
    for (const [name, s] of pulled) {
      expect([name, s.image, isPinned(s.image ?? '')]).toEqual([name, s.image, true]);
    }
  });

  it('builds api, worker and migrate from the one Dockerfile as one image', () => {
    const images = new Set(APP_SERVICES.map((n) => services[n].image));
    expect(images.size).toBe(1);
    for (const name of APP_SERVICES) {
      const build = services[name].build as { context?: string; dockerfile?: string } | string;
      const context = typeof build === 'string' ? build : (build.context ?? '.');
      const file = typeof build === 'string' ? 'Dockerfile' : (build.dockerfile ?? 'Dockerfile');
      expect(existsSync(join(ROOT, context, file))).toBe(true);
    }
  });
});

describe('docker-compose.yml: the environment of api, worker and migrate', () => {
  const names = [...REQUIRED_ENV, ...Object.keys(OPTIONAL_ENV), ...Object.keys(SECRET_ENV)];

  it.each(APP_SERVICES)('%s sets every variable libs/config/config.ts reads', (name) => {
    const env = environmentOf(name);
    for (const variable of names) expect([variable, env[variable] ?? '<unset>']).not.toEqual([variable, '<unset>']);
    for (const variable of names) expect([variable, env[variable].length > 0]).toEqual([variable, true]);
    for (const variable of FEATURE_ENV) expect([variable, variable in env]).toEqual([variable, true]);
  });

  it.each(APP_SERVICES)('loadConfig accepts the environment of %s, in production mode', (name) => {
    const env = environmentOf(name);
    expect(env.NODE_ENV).toBe('production');
    const config = loadConfig(env);
    // nginx, the healthcheck and `expose` all use 3000.
    expect(config.apiPort).toBe(3000);
    expect(config.apiHost).toBe('0.0.0.0');
    expect(config.queryCodeSecret).toBe(OPERATOR_SECRETS.QUERY_CODE_SECRET);
    expect(config.auth.tokenSigningKey).toBe(OPERATOR_SECRETS.TOKEN_SIGNING_KEY);
  });

  it.each(['POSTGRES_PASSWORD', 'DATABASE_RUNTIME_PASSWORD', ...Object.keys(SECRET_ENV)])(
    'has no default for the secret %s: compose refuses to start without it, saying how to generate it',
    (secret) => {
      const { [secret]: _left, ...others } = OPERATOR_SECRETS;
      const refusal = (() => {
        try {
          environmentOf('api', others);
          environmentOf('migrate', others);
          return environmentOf('postgresql', others);
        } catch (error) {
          return error;
        }
      })();
      expect(refusal).toBeInstanceOf(MissingVariable);
      expect((refusal as Error).message).toMatch(
        new RegExp(`^${secret}: set ${secret}, e\\.g\\. (k1= followed by )?openssl rand -(hex|base64) 32$`),
      );
    },
  );

  it('the app refuses the development secrets in production even if an operator sets them', () => {
    expect(() => loadConfig(environmentOf('api', { ...OPERATOR_SECRETS, ...SECRET_ENV }))).toThrow(
      /QUERY_CODE_SECRET is the development default/,
    );
  });

  it('loadConfig still refuses an environment without the required variables (the check above can fail)', () => {
    const env = environmentOf('api');
    delete env.DATABASE_URL;
    expect(() => loadConfig(env)).toThrow(ConfigError);
  });

  it("gives the three roles the same configuration, except migrate: the owner's DATABASE_URL, the runtime role to set up, SEED_DEMO", () => {
    const {
      SEED_DEMO,
      DATABASE_URL: ownerUrl,
      DATABASE_RUNTIME_ROLE,
      DATABASE_RUNTIME_PASSWORD,
      ...migrateEnv
    } = environmentOf('migrate');
    expect(SEED_DEMO).toMatch(/^(true|false)$/);
    expect(ownerUrl).not.toBe(environmentOf('api').DATABASE_URL);
    expect(environmentOf('worker')).toEqual(environmentOf('api'));
    const { DATABASE_URL: _runtimeUrl, ...apiEnv } = environmentOf('api');
    expect(migrateEnv).toEqual(apiEnv);
    expect(environmentOf('api')).not.toHaveProperty('SEED_DEMO');
    const runtime = new URL(environmentOf('api').DATABASE_URL);
    expect(decodeURIComponent(runtime.username)).toBe(DATABASE_RUNTIME_ROLE);
    expect(decodeURIComponent(runtime.password)).toBe(DATABASE_RUNTIME_PASSWORD);
  });

  it('points DATABASE_URL at the compose PostgreSQL service: migrate as the owner, api and worker as the runtime role', () => {
    for (const name of APP_SERVICES) {
      const url = new URL(environmentOf(name).DATABASE_URL);
      expect(url.protocol).toMatch(/^postgres(ql)?:$/);
      expect(url.hostname).toBe(serviceRunning('postgres'));
      expect(url.port || '5432').toBe('5432');
      expect(url.pathname).toBe(new URL(environmentOf('migrate').DATABASE_URL).pathname);
    }
    const owner = new URL(environmentOf('migrate').DATABASE_URL);
    expect(owner.username).toBe(environmentOf('postgresql').POSTGRES_USER);
    expect(decodeURIComponent(owner.password)).toBe(environmentOf('postgresql').POSTGRES_PASSWORD);
    for (const name of ['api', 'worker'])
      expect(new URL(environmentOf(name).DATABASE_URL).username).toBe('petitions_runtime');
  });

  it('points TEMPORAL_ADDRESS at the Temporal server service', () => {
    for (const name of APP_SERVICES) {
      const [host, port] = environmentOf(name).TEMPORAL_ADDRESS.split(':');
      expect(host).toBe(serviceRunning('temporalio/server'));
      expect(port).toBe('7233');
    }
  });

  it('never holds a secret: passwords and keys are ${VAR:?how to generate it}, never a literal or a default', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [key, value] of Object.entries(rawEnvironment(service))) {
        if (/PASSWORD|PWD|SECRET|SIGNING_KEY/.test(key))
          expect([name, key, value]).toEqual([name, key, expect.stringMatching(/^\$\{[A-Z0-9_]+:\?[^}]+\}$/)]);
      }
    }
    expect(rawEnvironment(services.migrate).DATABASE_URL).toMatch(
      /^postgres:\/\/\$\{POSTGRES_USER:-[^}]+\}:\$\{POSTGRES_PASSWORD:\?[^}]+\}@/,
    );
    expect(rawEnvironment(services.api).DATABASE_URL).toMatch(
      /^postgres:\/\/petitions_runtime:\$\{DATABASE_RUNTIME_PASSWORD:\?[^}]+\}@/,
    );
  });
});

describe('docker-compose.yml: start order, health and scale', () => {
  it.each(['api', 'worker'])('%s waits for migrate to succeed and for Temporal', (name) => {
    const deps = dependsOn(name);
    expect(deps.migrate).toBe('service_completed_successfully');
    expect(deps[serviceRunning('temporalio/server')]).toBe('service_healthy');
  });

  it('runs migrate after PostgreSQL is healthy', () => {
    expect(dependsOn('migrate')[serviceRunning('postgres')]).toBe('service_healthy');
  });

  it('has healthchecks for PostgreSQL (pg_isready), Temporal and the API (/health/ready on 3000)', () => {
    expect(argv(services.postgresql.healthcheck?.test).join(' ')).toContain('pg_isready');
    expect(argv(services.temporal.healthcheck?.test).join(' ')).toContain('7233');
    const api = argv(services.api.healthcheck?.test).join(' ');
    expect(api).toContain('/health/ready');
    expect(api).toContain(':3000');
  });

  it.each([
    ['worker', 'WORKER_REPLICAS'],
    ['api', 'API_REPLICAS'],
  ])('%s replicas come from %s', (name, variable) => {
    const replicas = String(services[name].deploy?.replicas);
    expect(replicas).toMatch(new RegExp(`^\\$\\{${variable}:-\\d+\\}$`));
    expect(Number(interpolate(replicas))).toBeGreaterThanOrEqual(1);
    expect(interpolate(replicas, { [variable]: '5' })).toBe('5');
  });

  it.each(['api', 'worker'])('%s can run as several replicas (no container_name, no fixed host port)', (name) => {
    expect(services[name].container_name).toBeUndefined();
    expect(services[name].ports ?? []).toEqual([]);
  });

  it('publishes the API through a pinned nginx that proxies to api:3000', () => {
    const lb = Object.keys(services).find((n) => splitImage(services[n].image ?? '').repository === 'nginx');
    expect(lb).toBeDefined();
    expect(dependsOn(lb!).api).toBe('service_healthy');
    const conf = (services[lb!].volumes ?? []).map(String).find((v) => v.includes('nginx.conf'));
    expect(read(conf!.split(':')[0])).toContain('http://api:3000');
  });
});

describe('docker-compose.yml and Dockerfile: commands', () => {
  const scriptCommand = (script: string) => pkg.scripts[script]?.trim().split(/\s+/);

  it.each([
    ['api', 'start:api'],
    ['worker', 'start:worker'],
    ['migrate', 'migrate'],
  ])('%s runs what `npm run %s` runs', (name, script) => {
    expect(scriptCommand(script)).toBeDefined();
    expect(argv(services[name].command)).toEqual(scriptCommand(script));
  });

  it('the image runs the API by default', () => {
    const cmd = dockerfile.filter((i) => i.keyword === 'CMD').pop();
    expect(JSON.parse(cmd!.args)).toEqual(scriptCommand('start:api'));
  });

  it('every entry point is compiled by the build from a source file the build includes', () => {
    const tsconfig = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    const outDir = (JSON.parse(read('tsconfig.json')) as { compilerOptions: { outDir: string } }).compilerOptions
      .outDir;
    expect(pkg.scripts.build).toContain('build:server');
    expect(pkg.scripts['build:server']).toContain('tsconfig.build.json');
    for (const name of APP_SERVICES) {
      const entry = argv(services[name].command)[1];
      expect(entry.startsWith(`${outDir}/`)).toBe(true);
      const source = entry.slice(outDir.length + 1).replace(/\.js$/, '.ts');
      expect(tsconfig.include.some((dir) => source.startsWith(`${dir}/`))).toBe(true);
      expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
    }
  });
});

describe('Dockerfile', () => {
  const froms = dockerfile.filter((i) => i.keyword === 'FROM');

  it('builds in stages from a pinned node 20.19 bookworm-slim image', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      const image = from.args.split(/\s+/)[0];
      expect([image, isPinned(image)]).toEqual([image, true]);
      expect(image).toMatch(/^node:20\.19\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/);
    }
  });

  it('runs only npm scripts that package.json defines, and installs from the lockfile', () => {
    const runs = dockerfile.filter((i) => i.keyword === 'RUN').map((i) => i.args);
    const scripts = runs.flatMap((r) => [...r.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]));
    expect(scripts).toContain('build');
    for (const s of scripts) expect([s, pkg.scripts[s] !== undefined]).toEqual([s, true]);
    expect(runs.some((r) => /npm ci(?!.*--omit=dev)/.test(r))).toBe(true);
    expect(existsSync(join(ROOT, 'package-lock.json'))).toBe(true);
  });

  it('ships production dependencies and dist/ from the build stage in the final stage', () => {
    const last = froms[froms.length - 1].stage;
    const final = dockerfile.filter((i) => i.stage === last);
    expect(final.some((i) => i.keyword === 'RUN' && /npm ci .*--omit=dev/.test(i.args))).toBe(true);
    expect(final.some((i) => i.keyword === 'COPY' && /--from=\S+\s+\S*dist\b/.test(i.args))).toBe(true);
    expect(final.some((i) => i.keyword === 'USER' && i.args !== 'root' && i.args !== '0')).toBe(true);
  });

  it('copies files that exist and does not bake secrets', () => {
    for (const copy of dockerfile.filter((i) => i.keyword === 'COPY' && !i.args.includes('--from='))) {
      const sources = copy.args
        .split(/\s+/)
        .filter((a) => !a.startsWith('--'))
        .slice(0, -1);
      for (const src of sources) expect([src, existsSync(join(ROOT, src))]).toEqual([src, true]);
    }
    for (const i of dockerfile.filter((x) => x.keyword === 'ENV' || x.keyword === 'ARG')) {
      expect(i.args).not.toMatch(/PASSWORD|SECRET|TOKEN|DATABASE_URL|API_KEY/i);
    }
  });

  it('.dockerignore keeps the build inputs and drops node_modules and dist', () => {
    const ignored = read('.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim().replace(/^\/|\/$/g, ''))
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist']));
    const tsconfig = JSON.parse(read('tsconfig.build.json')) as { include: string[] };
    const needed = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', ...tsconfig.include];
    for (const path of needed) expect([path, ignored.includes(path)]).toEqual([path, false]);
  });
});
