/**
 * Stops the servers global-setup started. Before that, one check over everything the run wrote:
 * no accountability record lacks its responsible person (DOMAIN §5: "no record without one"). A
 * test that produces such a row points at a missing person in charge or a rule that names nobody.
 */
import { DataSource } from 'typeorm';

async function recordsWithoutResponsiblePerson(): Promise<string[]> {
  const url = process.env.DATABASE_OWNER_URL;
  if (!url) return [];
  const db = new DataSource({ type: 'postgres', url });
  await db.initialize();
  try {
    const rows: { record_key: string; rule: string; unit_id: string; responsible_by: string | null }[] = await db.query(
      `SELECT record_key, rule, unit_id, responsible_by FROM accountability_records
          WHERE kind = 'trigger' AND responsible_user_id IS NULL ORDER BY id LIMIT 20`,
    );
    return rows.map((r) => `${r.rule} at ${r.unit_id} (${r.responsible_by ?? 'no rule'}): ${r.record_key}`);
  } finally {
    await db.destroy();
  }
}

export default async function globalTeardown(): Promise<void> {
  let missing: string[];
  try {
    missing = await recordsWithoutResponsiblePerson();
  } finally {
    for (const server of (globalThis.__petitionTestServers ?? []).reverse()) await server.stop();
  }
  if (missing.length > 0)
    throw new Error(`accountability records without a responsible person:\n  ${missing.join('\n  ')}`);
}
