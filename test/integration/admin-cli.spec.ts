/**
 * A real deployment starts with an empty directory: the operator's CLI creates the first unit and
 * the first admin, who can then sign in and administer through the API. Run as the process an
 * operator runs, on the test database.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { signIn } from '../../libs/auth/sessions';
import { loadConfig } from '../../libs/config/config';
import { openDataSource } from '../support/harness';

const ROOT = join(__dirname, '..', '..');

function admin(args: string[], stdin?: string) {
  const result = spawnSync(
    process.execPath,
    ['-r', join(ROOT, 'test/support/register-ts.js'), join(ROOT, 'apps/admin/main.ts'), ...args],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: process.env.DATABASE_URL },
      input: stdin,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run admin: the first unit and the first admin of a deployment', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openDataSource();
  });
  afterAll(async () => {
    await dataSource?.destroy();
  });

  it("creates a top-level unit and an admin in it with a generated password that signs in; both recorded as the operator's", async () => {
    const t = randomUUID().slice(0, 6);
    const unit = admin([
      'create-unit',
      '--id',
      `r${t}-xfj`,
      '--name',
      '另一省信访局',
      '--kind',
      'petitionOffice',
      '--level',
      'province',
      '--region',
      `r${t}`,
    ]);
    expect(unit).toMatchObject({
      status: 0,
      stdout: expect.stringContaining(`created unit r${t}-xfj (province, region r${t})`),
    });
    const created = admin(['create-admin', '--id', `r${t}-admin`, '--name', '系统管理员', '--unit', `r${t}-xfj`]);
    expect(created.status).toBe(0);
    const password = /password \(shown once\): (\S+)/.exec(created.stdout)![1];
    const tokens = await signIn(dataSource, loadConfig(process.env).auth, `r${t}-admin`, password);
    expect(tokens.user).toMatchObject({ role: 'admin', unitId: `r${t}-xfj` });

    const recorded = await dataSource.query(
      `SELECT action, actor_user_id FROM admin_changes WHERE target_id IN ($1, $2) ORDER BY id`,
      [`r${t}-xfj`, `r${t}-admin`],
    );
    expect(recorded).toEqual([
      { action: 'unitCreated', actor_user_id: expect.stringMatching(/^cli:/) },
      { action: 'userCreated', actor_user_id: expect.stringMatching(/^cli:/) },
    ]);

    const reset = admin(['reset-password', '--id', `r${t}-admin`, '--password-stdin'], 'a-new-password-of-length\n');
    expect(reset.status).toBe(0);
    await expect(
      signIn(dataSource, loadConfig(process.env).auth, `r${t}-admin`, 'a-new-password-of-length'),
    ).resolves.toBeDefined();
  });

  it('refuses bad input with a message naming it, and writes nothing', async () => {
    const before = (await dataSource.query(`SELECT count(*)::int AS n FROM users`))[0].n;
    const noUnit = admin(['create-admin', '--id', 'lonely-admin', '--name', 'x', '--unit', 'no-such-unit']);
    expect(noUnit.status).toBe(1);
    expect(noUnit.stderr).toMatch(/unit "no-such-unit" does not exist/);
    const weakId = `weak-admin-${randomUUID().slice(0, 8)}`;
    const weak = admin(
      ['create-admin', '--id', weakId, '--name', 'x', '--unit', 'p-xfj', '--password-stdin'],
      'short\n',
    );
    expect(weak.stderr).toMatch(/at least 12 characters/);
    const repeated = admin(
      ['create-admin', '--id', weakId, '--name', 'x', '--unit', 'p-xfj', '--password-stdin'],
      'aaaaaaaaaaaa\n',
    );
    expect(repeated.status).toBe(1);
    expect(repeated.stderr).toMatch(/the password is too easy to guess .*repeats one character/);
    const refusals = await dataSource.query(
      `SELECT action, detail ->> 'refusal' AS refusal FROM audit_trail WHERE outcome = 'refused' AND detail ->> 'targetId' = $1 ORDER BY seq`,
      [weakId],
    );
    expect(refusals).toEqual([
      { action: 'userCreated', refusal: 'invalid' },
      { action: 'userCreated', refusal: 'invalid' },
    ]);
    expect(admin(['create-admin', '--name', 'x']).stderr).toMatch(/--id is required/);
    expect(admin(['drop-everything']).stderr).toMatch(/unknown command "drop-everything"/);
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM users`))[0].n).toBe(before);
  });
});
