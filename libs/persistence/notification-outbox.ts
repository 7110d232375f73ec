/**
 * The notification outbox in PostgreSQL (migration 1765750000000): written by the projection in
 * its transaction (keyed: a replay adds nothing), read by the console's notification centre,
 * claimed by the dispatcher (libs/notify/dispatcher.ts). Migration 1765800000000 added the
 * petitioner's milestones (to the address given at registration) and the warning digest.
 */
import type { EntityManager } from 'typeorm';
import { notificationsOf, type NotificationDraft } from '../notify/derive';
import type { ProjectionBatch } from '../process/projection';
import { notAccusedUnit } from './accused-unit';

/**
 * Inserts the batch's notifications and, for those new, one delivery per channel their audience
 * has an address on. A notification already there (a retried or replayed projection) is left as it
 * was, deliveries and all.
 */
export async function writeNotifications(tx: EntityManager, batch: ProjectionBatch): Promise<number> {
  return writeNotificationDrafts(tx, notificationsOf(batch));
}

/**
 * The same for drafts derived elsewhere (a campaign's bulletins: libs/notify/campaign-bulletin.ts),
 * written by that projection in its own transaction. A draft of no case (petition_id null) passes
 * the accused-unit rule trivially: it must name no case.
 */
export async function writeNotificationDrafts(tx: EntityManager, drafts: NotificationDraft[]): Promise<number> {
  if (drafts.length === 0) return 0;
  const rows: { key: string }[] = await tx.query(
    `WITH drafts AS (
       SELECT r.* FROM jsonb_to_recordset($1::jsonb) AS r(key text, petition_id uuid, event_seq integer, kind text,
              audience_unit_id text, audience_roles text[], audience_user_id text, audience_petitioner boolean,
              urgent boolean, data jsonb)
     ), visible AS (
       SELECT d.* FROM drafts d
         LEFT JOIN users u ON u.id = d.audience_user_id
        WHERE ${notAccusedUnit('d.petition_id', 'coalesce(d.audience_unit_id, u.unit_id)')}
          AND (d.audience_user_id IS NULL OR u.id IS NOT NULL)
          AND (d.audience_unit_id IS NULL OR EXISTS (SELECT 1 FROM units un WHERE un.id = d.audience_unit_id))
          -- a petitioner hears of milestones only when they opted in (an address with the registration)
          AND (NOT d.audience_petitioner OR EXISTS (SELECT 1 FROM petition_intakes pi WHERE pi.petition_id = d.petition_id
                AND (pi.milestone_email IS NOT NULL OR pi.milestone_phone IS NOT NULL)))
     ), inserted AS (
       INSERT INTO notifications (key, petition_id, event_seq, kind, audience_unit_id, audience_roles, audience_user_id,
                                  audience_petitioner, urgent, data)
       SELECT v.key, v.petition_id, v.event_seq, v.kind, v.audience_unit_id, coalesce(v.audience_roles, '{}'), v.audience_user_id,
              v.audience_petitioner, v.urgent,
              -- the 信访件编号 from the intake when the view lacks it
              v.data || jsonb_build_object('caseNumber', coalesce(v.data ->> 'caseNumber',
                (SELECT i.case_number FROM petition_intakes i WHERE i.petition_id = v.petition_id)))
         FROM visible v
       ON CONFLICT (key) DO NOTHING
       RETURNING key, kind, petition_id, audience_unit_id, audience_user_id, audience_petitioner, data ->> 'rung' AS rung
     ), held AS (
       -- a 70 %/90 % warning to a person who chose the digest waits for the morning's mail (libs/notify/digest.ts)
       INSERT INTO notification_digest_items (notification_key, user_id)
       SELECT i.key, i.audience_user_id FROM inserted i
         JOIN notification_digest_settings s ON s.user_id = i.audience_user_id AND s.warnings
        WHERE i.kind = 'escalation' AND i.rung IN ('warning70', 'warning90')
          -- one who turned warnings off by mail gets no digest of them either
          AND NOT EXISTS (SELECT 1 FROM notification_preferences p
                           WHERE p.user_id = i.audience_user_id AND p.kind = 'escalation' AND p.channel = 'email' AND NOT p.enabled)
       RETURNING notification_key
     ), addressed AS (
       SELECT i.key, a.channel, i.kind, i.audience_user_id FROM inserted i
         JOIN notification_addresses a
           ON (a.owner_kind = 'unit' AND a.owner_id = i.audience_unit_id) OR (a.owner_kind = 'user' AND a.owner_id = i.audience_user_id)
       UNION ALL
       SELECT i.key, c.channel, i.kind, NULL FROM inserted i
         JOIN petition_intakes pi ON pi.petition_id = i.petition_id AND i.audience_petitioner
         CROSS JOIN LATERAL (VALUES ('email', pi.milestone_email), ('sms', pi.milestone_phone)) AS c(channel, address)
        WHERE c.address IS NOT NULL
     ), deliveries AS (
       INSERT INTO notification_deliveries (notification_key, channel)
       SELECT a.key, a.channel FROM addressed a
        -- a person told by name may have turned this kind off on this channel (the console still shows it)
        WHERE NOT EXISTS (SELECT 1 FROM notification_preferences p
                           WHERE p.user_id = a.audience_user_id AND p.kind = a.kind AND p.channel = a.channel AND NOT p.enabled)
          AND NOT (a.channel = 'email' AND a.key IN (SELECT notification_key FROM held))
       ON CONFLICT DO NOTHING
     )
     SELECT key FROM inserted`,
    [JSON.stringify(drafts.map(toRow))],
  );
  return rows.length;
}

function toRow(d: NotificationDraft) {
  const unit = 'unitId' in d.audience ? d.audience : null;
  const petitioner = 'petitioner' in d.audience;
  return {
    key: d.key,
    petition_id: d.petitionId,
    event_seq: d.eventSeq,
    kind: d.kind,
    audience_unit_id: unit?.unitId ?? null,
    audience_roles: unit?.roles ?? [],
    audience_user_id: 'userId' in d.audience ? d.audience.userId : null,
    audience_petitioner: petitioner,
    urgent: d.urgent,
    data: d.data,
  };
}
