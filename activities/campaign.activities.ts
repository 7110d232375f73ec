/**
 * Activities of the campaign workflow: read the petitions' read model (selection, one case's facts),
 * and project each transition of a campaign into PostgreSQL: its row, its cases, its timeline, the
 * ledger records and escalations it raised, and its bulletins. Every write is keyed by what the
 * workflow decided (campaign revision, event seq, record key, bulletin number), so a retried or
 * replayed activity changes nothing.
 */
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { appendLedgerRecords } from '../libs/persistence/accountability-ledger';
import { writeNotificationDrafts } from '../libs/persistence/notification-outbox';
import { bulletinNotificationsOf } from '../libs/notify/campaign-bulletin';
import { describeCampaignCase, selectCampaignCases } from '../libs/persistence/campaign-selection';
import type { CampaignCaseFacts, SelectionQuery, SelectionResult } from '../libs/process/campaign-selection';
import type { BulletinRecord, CampaignActivities, CampaignProjection } from '../workflows/campaign/campaign.contract';

const at = (ms: number | null) => (ms === null ? null : new Date(ms));

@Injectable()
export class CampaignActivitiesImpl implements CampaignActivities {
  constructor(private readonly dataSource: DataSource) {}

  async selectCampaignCases(query: SelectionQuery): Promise<SelectionResult> {
    return selectCampaignCases(this.dataSource, query);
  }

  async describeCampaignCase(query: {
    petitionId: string;
    regionPath: string;
    officeUnitId: string;
  }): Promise<CampaignCaseFacts | null> {
    return describeCampaignCase(this.dataSource, query);
  }

  async projectCampaign(batch: CampaignProjection): Promise<void> {
    const v = batch.view;
    await this.dataSource.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO campaigns (id, workflow_id, name, plan_ref, office_unit_id, region_path, start_date, target_date, cadence_days, rules,
           policy_version, status, created_by, created_at, closed_at, revision, view, projected_at)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17, now())
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, closed_at = EXCLUDED.closed_at, revision = EXCLUDED.revision,
           view = EXCLUDED.view, projected_at = now()
         WHERE campaigns.revision < EXCLUDED.revision`,
        [
          batch.campaignId,
          batch.workflowId,
          v.name,
          v.planRef,
          v.office.unitId,
          v.office.regionPath,
          v.startDate,
          v.targetDate,
          v.cadenceDays,
          JSON.stringify(v.rules),
          v.policyVersion,
          v.status,
          v.createdBy,
          at(v.createdAt),
          at(v.closedAt),
          batch.revision,
          JSON.stringify(v),
        ],
      );
      for (const c of v.cases) {
        await tx.query(
          `INSERT INTO campaign_cases (campaign_id, petition_id, unit_id, status, joined_at, joined, leader_ids, struck_off_at, removed_at, revision, view)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
           ON CONFLICT (campaign_id, petition_id) DO UPDATE SET unit_id = EXCLUDED.unit_id, status = EXCLUDED.status, joined_at = EXCLUDED.joined_at,
             joined = EXCLUDED.joined, leader_ids = EXCLUDED.leader_ids, struck_off_at = EXCLUDED.struck_off_at, removed_at = EXCLUDED.removed_at,
             revision = EXCLUDED.revision, view = EXCLUDED.view
           WHERE campaign_cases.revision < EXCLUDED.revision`,
          [
            batch.campaignId,
            c.petitionId,
            c.unitId,
            c.status,
            at(c.joinedAt),
            JSON.stringify(c.joined),
            c.leaders.map((l) => l.userId),
            at(c.strikeOff?.at ?? null),
            at(c.removed?.at ?? null),
            batch.revision,
            JSON.stringify(c),
          ],
        );
      }
      for (const e of batch.events) {
        await tx.query(
          `INSERT INTO campaign_events (campaign_id, seq, type, at, actor_user_id, actor_role, actor_unit_id, request_id, petition_id, data)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (campaign_id, seq) DO NOTHING`,
          [
            batch.campaignId,
            e.seq,
            e.type,
            at(e.at),
            e.actor?.userId ?? null,
            e.actor?.role ?? null,
            e.actor?.unitId ?? null,
            e.requestId,
            e.petitionId,
            JSON.stringify(e.data),
          ],
        );
      }
      for (const entry of batch.ledger) await appendLedgerRecords(tx, entry.petitionId, [entry], batch.campaignId);
      for (const e of batch.escalations) {
        await tx.query(
          `INSERT INTO escalations (escalation_key, petition_id, clock_key, clock_id, rung, unit_id, recipients, fired_at, due_at)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (escalation_key) DO NOTHING`,
          [
            e.key,
            e.petitionId,
            e.clockKey,
            e.clockId,
            e.rung,
            e.unitId,
            JSON.stringify(e.recipients),
            at(e.at),
            at(e.dueAt),
          ],
        );
      }
      for (const bulletin of batch.bulletins) await storeBulletin(tx, batch.campaignId, bulletin);
      // In the same transaction as the bulletin, keyed by its number: a retry or replay adds none.
      await writeNotificationDrafts(tx, bulletinNotificationsOf(batch));
    });
  }
}

async function storeBulletin(tx: EntityManager, campaignId: string, bulletin: BulletinRecord): Promise<void> {
  const f = bulletin.figures;
  const inserted: unknown[] = await tx.query(
    `INSERT INTO campaign_bulletins (campaign_id, bulletin_no, kind, as_of, bulletin_date, elapsed_share, expected_rate, days_to_target)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (campaign_id, bulletin_no) DO NOTHING RETURNING bulletin_no`,
    [
      campaignId,
      bulletin.bulletinNo,
      bulletin.kind,
      at(f.asOf),
      f.date,
      f.elapsedShare,
      f.expectedRate,
      f.daysToTarget,
    ],
  );
  if (inserted.length === 0) return; // issued before: a bulletin is never rewritten
  for (const line of [f.totals, ...f.units, ...f.leaders]) {
    await tx.query(
      `INSERT INTO campaign_bulletin_lines (campaign_id, bulletin_no, line_kind, subject_id, in_scope, resolved, struck_off, rate, overdue_steps,
         days_to_target, verdict, petition_ids)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [
        campaignId,
        bulletin.bulletinNo,
        line.kind,
        line.subjectId,
        line.inScope,
        line.resolved,
        line.struckOff,
        line.rate,
        line.overdueSteps,
        line.daysToTarget,
        line.verdict,
        line.petitionIds,
      ],
    );
  }
}
