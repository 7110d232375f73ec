/**
 * Which notifications a campaign's bulletins owe (issue 19, 专项攻坚 通报): each participating unit
 * (a unit line of the bulletin) hears of its own standing — praised (表扬), called in (约谈) or
 * neither — with its own counts, and the launching office hears the bulletin was issued, with the
 * totals. Keyed by the campaign, the bulletin's number and the audience, so the campaign
 * projection's retries and replays insert nothing twice (the writer's ON CONFLICT DO NOTHING).
 *
 * A unit line's petitionIds are never copied into a notification: a case in it may be an accusation
 * against the recipient, and the accused-unit rule (DOMAIN §6) keeps such a case from it.
 */
import type { BulletinFigures, BulletinLine } from '../process/campaign-bulletin';
import type { Role } from '../process/policy';
import type { CampaignBulletinData, NotificationDraft } from './derive';

/** What the campaign projection knows of one transition, as far as its bulletins go. */
export interface CampaignBulletinBatch {
  campaignId: string;
  view: { name: string; office: { unitId: string } };
  bulletins: { bulletinNo: number; kind: 'scheduled' | 'final'; figures: BulletinFigures }[];
}

/** The heads and 承办人 of a unit answer for its standing; at the office, its head and supervisors. */
const UNIT_ROLES: Role[] = ['unitHead', 'handler'];
const OFFICE_ROLES: Role[] = ['unitHead', 'supervisor'];

export function bulletinNotificationKey(campaignId: string, bulletinNo: number, unitId: string): string {
  return `campaign:${campaignId}:bulletin:${bulletinNo}:unit:${unitId}`;
}

export function bulletinNotificationsOf(batch: CampaignBulletinBatch): NotificationDraft[] {
  const drafts: NotificationDraft[] = [];
  for (const bulletin of batch.bulletins) {
    const f = bulletin.figures;
    const base = {
      campaignId: batch.campaignId,
      name: batch.view.name,
      bulletinNo: bulletin.bulletinNo,
      final: bulletin.kind === 'final',
    };
    const counts = (l: BulletinLine) => ({ inScope: l.inScope, resolved: l.resolved, rate: l.rate });
    const add = (unitId: string, roles: Role[], campaign: CampaignBulletinData) => {
      const key = bulletinNotificationKey(batch.campaignId, bulletin.bulletinNo, unitId);
      // The office may also hold cases of its own: it hears once, with the totals.
      if (drafts.some((d) => d.key === key)) return;
      drafts.push({
        key,
        petitionId: null,
        eventSeq: bulletin.bulletinNo,
        kind: 'campaignBulletin',
        audience: { unitId, roles },
        urgent: false,
        data: { caseNumber: null, at: f.asOf, campaign },
      });
    };
    add(batch.view.office.unitId, OFFICE_ROLES, {
      ...base,
      for: 'office',
      ...counts(f.totals),
      praised: f.units.filter((u) => u.verdict === 'praise').length,
      laggards: f.units.filter((u) => u.verdict === 'laggard').length,
    });
    for (const line of f.units)
      add(line.subjectId, UNIT_ROLES, { ...base, for: 'unit', verdict: line.verdict, ...counts(line) });
  }
  return drafts;
}
