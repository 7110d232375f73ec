/** Users a test creates for itself (a test that changes a user never changes a demo user). */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword } from '../../libs/auth/passwords';
import type { Role } from '../../libs/process/policy';

export interface TestAccount {
  id: string;
  password: string;
}

export async function createTestUser(
  dataSource: DataSource,
  role: Role,
  unitId: string,
  extra: { oidcSubject?: string } = {},
): Promise<TestAccount> {
  const id = `t-${role}-${randomUUID().slice(0, 8)}`;
  const password = `pw-${randomUUID()}`;
  await dataSource.query(
    `INSERT INTO users (id, name, role, unit_id, password_hash, oidc_subject) VALUES ($1, $2, $3, $4, $5, $6)`,
    [id, `测试用户 ${id}`, role, unitId, await hashPassword(password), extra.oidcSubject ?? null],
  );
  return { id, password };
}
