/**
 * `npm run admin -- <command>`: the operator's commands on the database itself, for what no admin
 * account can do yet: the first unit and the first admin of a real deployment, or a locked-out
 * admin's password. Changes go through the same rules as the admin API and are recorded in
 * admin_changes as made by `cli:<os user>`.
 *
 *   npm run admin -- create-unit --id p-xfj --name 省信访局 --kind petitionOffice --level province --region p
 *   npm run admin -- create-admin --id admin --name 系统管理员 --unit p-xfj      (prints a generated password)
 *   npm run admin -- reset-password --id admin [--password-stdin]
 *
 * Reads DATABASE_URL. With --password-stdin the password is read from standard input instead of
 * generated (at least 12 characters).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import type { EntityManager } from 'typeorm';
import { createDataSource } from '@/libs/persistence/data-source';
import {
  DirectoryActor,
  DirectoryError,
  NewUnit,
  createUnit,
  createUser,
  recordRefusedChange,
  resetPassword,
} from '@/libs/persistence/directory-admin';

const USAGE = `usage:
  npm run admin -- create-unit --id <id> --name <name> --kind petitionOffice|functionalDepartment|discipline --level province|city|county|township --region <segment> [--parent <unit id>]
  npm run admin -- create-admin --id <user id> --name <name> --unit <unit id> [--password-stdin]
  npm run admin -- reset-password --id <user id> [--password-stdin]`;

export async function runAdminCommand(
  argv: string[],
  env: NodeJS.ProcessEnv,
  readStdin: () => string,
): Promise<string> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      id: { type: 'string' },
      name: { type: 'string' },
      kind: { type: 'string' },
      level: { type: 'string' },
      region: { type: 'string' },
      parent: { type: 'string' },
      unit: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
    strict: true,
  });
  const need = (name: keyof typeof values): string => {
    const value = values[name];
    if (typeof value !== 'string' || value.length === 0)
      throw new DirectoryError('invalid', `--${name} is required\n${USAGE}`);
    return value;
  };
  const password = () =>
    values['password-stdin'] ? readStdin().replace(/\r?\n$/, '') : randomBytes(18).toString('base64url');
  if (!env.DATABASE_URL)
    throw new DirectoryError('invalid', 'DATABASE_URL is required (the database the service uses)');
  const actor: DirectoryActor = { userId: `cli:${userInfo().username}`, unitId: null, regionPath: null };
  const dataSource = createDataSource(env.DATABASE_URL);
  // A refused change is on the audit trail as the operator's, as a refused change through the API is.
  const change = async <T>(
    action: string,
    target: { kind: 'unit' | 'user'; id: string },
    work: (tx: EntityManager) => Promise<T>,
  ): Promise<T> => {
    try {
      return await dataSource.transaction(work);
    } catch (error) {
      if (error instanceof DirectoryError) await recordRefusedChange(dataSource.manager, actor, action, target, error);
      throw error;
    }
  };
  await dataSource.initialize();
  try {
    switch (command) {
      case 'create-unit': {
        const unit: NewUnit = {
          id: need('id'),
          name: need('name'),
          kind: need('kind') as NewUnit['kind'],
          level: need('level') as NewUnit['level'],
          region: need('region'),
          parentId: values.parent ?? null,
        };
        const created = await change('unitCreated', { kind: 'unit', id: unit.id }, (tx) => createUnit(tx, actor, unit));
        return `created unit ${created.id} (${created.level}, region ${created.regionPath})`;
      }
      case 'create-admin': {
        const secret = password();
        const created = await change('userCreated', { kind: 'user', id: need('id') }, (tx) =>
          createUser(tx, actor, {
            id: need('id'),
            name: need('name'),
            role: 'admin',
            unitId: need('unit'),
            password: secret,
          }),
        );
        return values['password-stdin']
          ? `created admin ${created.id} in ${created.unitId}`
          : `created admin ${created.id} in ${created.unitId}; password (shown once): ${secret}`;
      }
      case 'reset-password': {
        const secret = password();
        const user = await change('passwordReset', { kind: 'user', id: need('id') }, (tx) =>
          resetPassword(tx, actor, need('id'), secret),
        );
        return values['password-stdin']
          ? `password of ${user.id} reset; their sessions ended`
          : `password of ${user.id} reset; their sessions ended; new password (shown once): ${secret}`;
      }
      default:
        throw new DirectoryError('invalid', `unknown command "${command ?? ''}"\n${USAGE}`);
    }
  } finally {
    await dataSource.destroy();
  }
}

if (require.main === module) {
  runAdminCommand(process.argv.slice(2), process.env, () => readFileSync(0, 'utf8'))
    .then((message) => console.log(message))
    .catch((error: Error) => {
      console.error(`[admin] ${error.message}`);
      process.exit(1);
    });
}
