/**
 * The warning digest (预警汇总, issue 19): a user who chose it is not mailed each 70 %/90 % warning
 * addressed to them by name; the outbox's writer keeps those back (notification_digest_items) and
 * one mail a morning lists them, by case number, with each clock's last day. The console's bell
 * still shows each warning as it fires.
 *
 * The digest is itself a notification, keyed `digest:<user>:<date>` (the Beijing date of the
 * morning), with one email delivery the dispatcher sends like any other: its key is its Message-ID.
 * Assembling it inserts that key first (ON CONFLICT DO NOTHING) and only then takes the waiting
 * warnings, in one transaction: a second API process doing the same at the same moment waits on the
 * key, finds it there and does nothing, so the mail exists once. Each warning is taken by one
 * digest only (digest_key IS NULL is checked again under the row's lock).
 *
 * Time is a parameter: the API calls it every minute with now; a test calls it with the morning it
 * wants. A morning missed (the service down at 08:00) is caught up at the next call that day.
 */
import type { DataSource } from 'typeorm';
import type { DigestItem } from './messages';

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** `HH:MM`, Beijing time (NOTIFY_DIGEST_AT). */
export const DEFAULT_DIGEST_AT = '08:00';

export function isDigestTime(at: string): boolean {
  return /^([01]\d|2[0-3]):[0-5]\d$/.test(at);
}

/**
 * The digest due at `instant`: that Beijing day's, once its time has come (null before). It takes
 * the warnings kept back before `cutoff` (that morning at `at`), so which warnings a digest lists
 * does not depend on when it is assembled.
 */
export function digestDue(instant: number, at: string = DEFAULT_DIGEST_AT): { date: string; cutoff: number } | null {
  const local = new Date(instant + BEIJING_OFFSET_MS);
  const [hh, mm] = at.split(':').map(Number);
  const cutoff = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), hh, mm) - BEIJING_OFFSET_MS;
  if (instant < cutoff) return null;
  return { date: local.toISOString().slice(0, 10), cutoff };
}

export function digestKey(userId: string, date: string): string {
  return `digest:${userId}:${date}`;
}

/** Thrown inside the transaction to roll the digest's row back when no warning waits for it. */
class NothingToDigest extends Error {}

/** Assembles the digests due at `instant`; returns the keys of those this call created. */
export async function assembleWarningDigests(
  dataSource: DataSource,
  instant: number,
  at: string = DEFAULT_DIGEST_AT,
): Promise<string[]> {
  const due = digestDue(instant, at);
  if (!due) return [];
  const cutoff = new Date(due.cutoff);
  const users: { user_id: string }[] = await dataSource.query(
    `SELECT DISTINCT user_id FROM notification_digest_items WHERE digest_key IS NULL AND created_at < $1`,
    [cutoff],
  );
  const created: string[] = [];
  for (const { user_id: userId } of users) {
    const key = digestKey(userId, due.date);
    try {
      const made = await dataSource.transaction(async (tx) => {
        const inserted: unknown[] = await tx.query(
          `INSERT INTO notifications (key, kind, audience_user_id, urgent, data)
           VALUES ($1, 'warningDigest', $2, false, $3::jsonb) ON CONFLICT (key) DO NOTHING RETURNING key`,
          [key, userId, JSON.stringify({ date: due.date, at: due.cutoff, items: [] })],
        );
        if (inserted.length === 0) return false;
        const taken: { data: DigestItem & { at?: number } }[] = await tx.query(
          `WITH taken AS (
             UPDATE notification_digest_items SET digest_key = $1
              WHERE user_id = $2 AND digest_key IS NULL AND created_at < $3
             RETURNING notification_key
           )
           SELECT n.data FROM taken t JOIN notifications n ON n.key = t.notification_key
            ORDER BY n.data ->> 'lastDay' NULLS LAST, n.data ->> 'caseNumber', n.data ->> 'rung'`,
          [key, userId, cutoff],
        );
        if (taken.length === 0) throw new NothingToDigest();
        const items: DigestItem[] = taken.map(({ data }) => ({
          caseNumber: data.caseNumber ?? null,
          clockId: data.clockId,
          rung: data.rung,
          lastDay: data.lastDay ?? null,
        }));
        await tx.query(
          `UPDATE notifications SET data = data || jsonb_build_object('items', $2::jsonb) WHERE key = $1`,
          [key, JSON.stringify(items)],
        );
        await tx.query(
          `INSERT INTO notification_deliveries (notification_key, channel)
           SELECT $1, 'email' WHERE EXISTS (SELECT 1 FROM notification_addresses
                                             WHERE owner_kind = 'user' AND owner_id = $2 AND channel = 'email')`,
          [key, userId],
        );
        return true;
      });
      if (made) created.push(key);
    } catch (error) {
      if (!(error instanceof NothingToDigest)) throw error;
    }
  }
  return created;
}
