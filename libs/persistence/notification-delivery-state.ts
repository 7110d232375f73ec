/**
 * The operators' view of the outbox's deliveries (issue 19, 运维): per channel and state how many,
 * and the latest that failed or wait for a retry, within a region. A delivery belongs to the region
 * of its audience's unit (a unit, a user's unit) or, for a petitioner's milestone, of the unit
 * handling the case. Never a message's text or an address: the error is cut of anything that looks
 * like a mailbox, a mobile number or a URL's query (a robot's key).
 */
import type { EntityManager } from 'typeorm';
import { NOTIFICATION_CHANNELS } from './notification-admin';

export const DELIVERY_STATES = ['pending', 'retrying', 'sent', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface DeliveryCount {
  channel: string;
  state: DeliveryState;
  count: number;
}
export interface DeliveryProblem {
  notificationKey: string;
  channel: string;
  state: 'failed' | 'retrying';
  kind: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date | null;
  caseNumber: string | null;
}

const REGION_OF_DELIVERY = `
  FROM notification_deliveries d
  JOIN notifications n ON n.key = d.notification_key
  LEFT JOIN users au ON au.id = n.audience_user_id
  LEFT JOIN petitions p ON n.audience_petitioner AND p.id = n.petition_id
  JOIN units ru ON ru.id = coalesce(n.audience_unit_id, au.unit_id, p.handling_unit_id, p.routing_unit_id)
 WHERE (ru.region_path = $1 OR starts_with(ru.region_path, $1 || '.'))`;

/** Every channel × state, zeros included, so a dashboard's table keeps its shape. */
export async function deliveryCounts(db: EntityManager, regionPath: string): Promise<DeliveryCount[]> {
  const rows: { channel: string; state: DeliveryState; count: number }[] = await db.query(
    `SELECT d.channel, d.state, count(*)::int AS count ${REGION_OF_DELIVERY} GROUP BY d.channel, d.state`,
    [regionPath],
  );
  const channels = [...new Set<string>([...NOTIFICATION_CHANNELS, ...rows.map((r) => r.channel)])];
  return channels.flatMap((channel) =>
    DELIVERY_STATES.map((state) => ({
      channel,
      state,
      count: rows.find((r) => r.channel === channel && r.state === state)?.count ?? 0,
    })),
  );
}

/** The latest failed or retrying deliveries (by their last attempt's schedule), newest first. */
export async function deliveryProblems(
  db: EntityManager,
  regionPath: string,
  limit: number,
): Promise<DeliveryProblem[]> {
  const rows: DeliveryProblem[] = await db.query(
    `SELECT d.notification_key AS "notificationKey", d.channel, d.state, n.kind, d.attempts,
            d.last_error AS "lastError", CASE WHEN d.state = 'retrying' THEN d.next_attempt_at END AS "nextAttemptAt",
            nullif(n.data ->> 'caseNumber', '') AS "caseNumber"
       ${REGION_OF_DELIVERY} AND d.state IN ('failed', 'retrying')
      ORDER BY d.next_attempt_at DESC, d.notification_key LIMIT $2`,
    [regionPath, limit],
  );
  return rows.map((r) => ({ ...r, lastError: r.lastError === null ? null : withoutPersonalData(r.lastError) }));
}

/** An SMTP or HTTP error may echo the recipient (`550 <x@y>: unknown user`): kept out of the view. */
export function withoutPersonalData(text: string): string {
  return text
    .replace(/[^\s<>"'(),;:]+@[^\s<>"'(),;:]+/g, '…@…')
    .replace(/(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/g, '1**********')
    .replace(/(https?:\/\/[^\s?#]+)\?[^\s#]*/g, '$1?…');
}
