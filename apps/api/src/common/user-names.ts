/**
 * People read names, not login ids: the names of the given users in one query, for views whose ids
 * live in a workflow's JSON view (a campaign's plan owners, leaders) where a join cannot reach them.
 */
import type { EntityManager } from 'typeorm';

export async function userNamesOf(manager: EntityManager, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)];
  if (wanted.length === 0) return new Map();
  const rows: { id: string; name: string }[] = await manager.query(`SELECT id, name FROM users WHERE id = ANY($1)`, [
    wanted,
  ]);
  return new Map(rows.map((r) => [r.id, r.name]));
}
