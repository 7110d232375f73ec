import type { AuditContext } from '../context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class UsageError extends Error {}

/** The cases a command runs on: the ids given (each must exist), or all (archived ones, or every case). */
export async function selectPetitions(
  ctx: AuditContext,
  ids: string[],
  all: boolean,
  allMeans: 'archived' | 'every',
): Promise<string[]> {
  if (all === ids.length > 0) throw new UsageError('give petition ids, or --all');
  if (all) {
    const sql =
      allMeans === 'archived'
        ? `SELECT petition_id AS id FROM petition_history_archives ORDER BY closed_at, petition_id`
        : `SELECT petition_id AS id FROM petition_intakes ORDER BY created_at, petition_id`;
    return (await ctx.dataSource.query(sql)).map((r: { id: string }) => r.id);
  }
  const bad = ids.find((id) => !UUID.test(id));
  if (bad) throw new UsageError(`"${bad}" is not a petition id`);
  const found = new Set<string>(
    (
      await ctx.dataSource.query(`SELECT petition_id FROM petition_intakes WHERE petition_id = ANY($1::uuid[])`, [ids])
    ).map((r: { petition_id: string }) => r.petition_id),
  );
  const unknown = ids.find((id) => !found.has(id.toLowerCase()));
  if (unknown) throw new UsageError(`petition ${unknown} not found`);
  return ids.map((id) => id.toLowerCase());
}
