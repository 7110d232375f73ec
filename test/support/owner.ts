/**
 * SQL as the owner of the schema (global-setup's DATABASE_OWNER_URL), for a test that edits rows
 * behind the service's back: the runtime role the suite connects as may not (RuntimeColumnGrants).
 */
import { Client } from 'pg';

export async function asOwner<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const owner = new Client({ connectionString: process.env.DATABASE_OWNER_URL });
  await owner.connect();
  try {
    return (await owner.query(sql, params)).rows as T[];
  } finally {
    await owner.end();
  }
}
