/**
 * Which notifications one projection batch owes (issue 19): each event a person must hear of
 * becomes one notification per audience, keyed by the case, the event's seq and the audience, so
 * the same event always yields the same keys and a retried or replayed projection adds nothing.
 *
 * Pure: the batch in, drafts out. Who the audience's people are (the users of a unit in a role) is
 * resolved when the notification is read or sent; the accused unit of an accusation is dropped by
 * the writer (libs/persistence/notification-outbox.ts), which knows the intake.
 */
import type { ProjectedEvent, ProjectionBatch } from '../process/projection';
import type { Role, RungId } from '../process/policy';
import type { ClockView } from '../process/view';

/** Staff kinds (the console's bell, per-user preferences), and two that are not: see below. */
export type NotificationKind =
  | 'caseRouted'
  | 'handlerAssigned'
  | 'draftAwaitingApproval'
  | 'escalation'
  | 'supervisionIssued'
  | 'followUpDue'
  /** A campaign's bulletin (专项攻坚 通报), to its units and its office: libs/notify/campaign-bulletin.ts. */
  | 'campaignBulletin'
  /** To the petitioner who opted in: one milestone of DOMAIN §7, by mail or SMS only. */
  | 'petitionerMilestone'
  /** One mail a morning listing a user's warnings (libs/notify/digest.ts); never derived from a batch. */
  | 'warningDigest';
export const NOTIFICATION_KINDS: readonly NotificationKind[] = [
  'caseRouted',
  'handlerAssigned',
  'draftAwaitingApproval',
  'escalation',
  'supervisionIssued',
  'followUpDue',
  'campaignBulletin',
];

/** A unit and the roles in it who must hear of it, one named person, or the case's petitioner. */
export type Audience = { unitId: string; roles: Role[] } | { userId: string } | { petitioner: true };

/**
 * The milestones of DOMAIN §7 a petitioner who opted in hears of, by the event that records each.
 * The message names only the case number and the milestone (libs/notify/messages.ts), never the
 * matter, so it may go to a mailbox or a phone others can read.
 */
export const PETITIONER_MILESTONES = {
  registered: 'registered',
  routed: 'routed',
  handedDown: 'routed',
  accepted: 'accepted',
  declined: 'declined',
  notAcceptedAgain: 'notAcceptedAgain',
  redirected: 'redirected',
  extended: 'extended',
  replyIssued: 'replyIssued',
  reviewDecided: 'reviewDecided',
  reReviewDecided: 'reReviewDecided',
  closed: 'closed',
} as const;
export type PetitionerMilestone = (typeof PETITIONER_MILESTONES)[keyof typeof PETITIONER_MILESTONES];

/** What the text is built from (libs/notify/messages.ts): ids, codes and instants, no personal data. */
export interface NotificationData {
  caseNumber?: string | null;
  clockId?: string;
  rung?: RungId;
  /** The last day of the clock the event is about (YYYY-MM-DD, Asia/Shanghai). */
  lastDay?: string | null;
  dueAt?: number | null;
  /** A 督办's feedback clock: the last day its written feedback is owed. */
  feedbackLastDay?: string | null;
  unitId?: string | null;
  reportBackDays?: number | null;
  draftKind?: string;
  /** 'handedDown' for 交办, 'routed' for 转送. */
  how?: string;
  /** petitionerMilestone: which one. */
  milestone?: PetitionerMilestone;
  /** campaignBulletin: the campaign, the bulletin and the recipient's own figures (never a case). */
  campaign?: CampaignBulletinData;
  at: number;
}

/** What a bulletin's notification says: a unit's own line, or the office's totals. */
export interface CampaignBulletinData {
  campaignId: string;
  name: string;
  bulletinNo: number;
  final: boolean;
  /** 'unit': the recipient's own line; 'office': the campaign's totals. */
  for: 'unit' | 'office';
  verdict?: 'praise' | 'laggard' | null;
  inScope: number;
  resolved: number;
  rate: number;
  praised?: number;
  laggards?: number;
}

export interface NotificationDraft {
  key: string;
  /** Null for what is about no one case (a campaign bulletin). */
  petitionId: string | null;
  /** The case's event seq; for a campaign bulletin, its number. */
  eventSeq: number;
  kind: NotificationKind;
  audience: Audience;
  urgent: boolean;
  data: NotificationData;
}

/** The audience's part of a notification's key: `unit:x-zjj` or `user:x-leader`. */
export function audienceKey(audience: Audience): string {
  if ('petitioner' in audience) return 'petitioner';
  return 'userId' in audience ? `user:${audience.userId}` : `unit:${audience.unitId}`;
}

/** The deterministic key of one event's notification to one audience. */
export function notificationKey(petitionId: string, eventSeq: number, audience: Audience): string {
  return `${petitionId}:${eventSeq}:${audienceKey(audience)}`;
}

/** Who in a unit owes its next act: its head, its 承办人, and at a petition office its registrars. */
const UNIT_STAFF: Role[] = ['unitHead', 'handler', 'registrar'];
const SUPERVISORS: Role[] = ['supervisor'];
const URGENT_RUNGS: ReadonlySet<RungId> = new Set(['breach', 'listedSupervision', 'takeoverAvailable']);

export function notificationsOf(batch: ProjectionBatch): NotificationDraft[] {
  const v = batch.view;
  const clock = (key: string | null | undefined): ClockView | undefined =>
    key ? v.clocks.find((c) => c.key === key) : undefined;
  const drafts: NotificationDraft[] = [];
  const add = (
    event: ProjectedEvent,
    kind: NotificationKind,
    audience: Audience,
    urgent: boolean,
    data: Partial<NotificationData>,
  ) => {
    const key = notificationKey(batch.petitionId, event.seq, audience);
    // One audience hears of one event once, even when two rules name it (a case leader who is also the unit head).
    if (drafts.some((d) => d.key === key)) return;
    drafts.push({
      key,
      petitionId: batch.petitionId,
      eventSeq: event.seq,
      kind,
      audience,
      // A petitioner's message says nothing of the matter, its urgency included.
      urgent: 'petitioner' in audience ? false : urgent || v.urgent,
      data: { caseNumber: v.caseNumber ?? null, at: event.at, ...data },
    });
  };
  for (const event of batch.events) {
    const d = event.data;
    const milestone = PETITIONER_MILESTONES[event.type as keyof typeof PETITIONER_MILESTONES];
    // Whether the petitioner opted in is the writer's to know (the intake): derived for every case.
    if (milestone && d.handledDirectly !== true)
      add(event, 'petitionerMilestone', { petitioner: true }, false, { milestone });
    switch (event.type) {
      case 'routed':
      case 'handedDown': {
        if (d.handledDirectly === true) break;
        const unitId = String(d.unitId);
        add(event, 'caseRouted', { unitId, roles: UNIT_STAFF }, false, {
          unitId,
          how: event.type,
          reportBackDays: (d.reportBackDays as number | null) ?? null,
          lastDay: v.clocks.find((c) => c.id === 'acceptanceNotice' && c.unitId === unitId && c.status === 'running')
            ?.lastDay,
        });
        break;
      }
      case 'handlerAssigned':
        add(event, 'handlerAssigned', { userId: String(d.handlerUserId) }, false, { unitId: String(d.unitId) });
        break;
      case 'draftSubmitted':
        add(event, 'draftAwaitingApproval', { unitId: String(d.unitId), roles: ['unitHead'] }, false, {
          unitId: String(d.unitId),
          draftKind: String(d.kind),
        });
        break;
      case 'supervisionIssued': {
        // A 督办 by hand: the unit holding the case owes its written feedback.
        const unitId = v.handlingUnitId ?? v.routingUnitId;
        const task = [...v.supervisionTasks]
          .reverse()
          .find((t) => t.source === 'manual' && t.key.endsWith(`:manual:${event.seq}`));
        add(event, 'supervisionIssued', { unitId: task?.supervisedUnitId ?? unitId, roles: UNIT_STAFF }, true, {
          unitId: (d.byUnitId as string | null) ?? null,
          feedbackLastDay: clock(task?.feedbackClockKey)?.lastDay ?? null,
        });
        break;
      }
      case 'escalationRungFired': {
        const rung = d.rung as RungId;
        const entry = batch.escalations.find((e) => e.clockKey === event.clockKey && e.rung === rung);
        if (!entry) break;
        const c = clock(event.clockKey);
        const task = v.supervisionTasks.find(
          (t) => t.clockKey === event.clockKey && t.key.endsWith(`:${event.clockKey}:${rung}`),
        );
        const data: Partial<NotificationData> = {
          clockId: entry.clockId,
          rung,
          unitId: entry.unitId,
          lastDay: c?.lastDay ?? null,
          dueAt: entry.dueAt,
          feedbackLastDay: clock(task?.feedbackClockKey)?.lastDay ?? null,
        };
        for (const r of entry.recipients) {
          const urgent = URGENT_RUNGS.has(rung);
          if (r.userId) add(event, 'escalation', { userId: r.userId }, urgent, data);
          else if (r.unitId && r.kind !== 'handlingUnit')
            add(event, 'escalation', { unitId: r.unitId, roles: SUPERVISORS }, urgent, data);
          else if (r.unitId) {
            // Warnings go to the 承办人 the unit named (分办) and its head; before 分办, to all who may act there.
            const handler = v.handlers?.find((h) => h.unitId === r.unitId);
            if (handler) {
              add(event, 'escalation', { userId: handler.userId }, urgent, data);
              add(event, 'escalation', { unitId: r.unitId, roles: ['unitHead'] }, urgent, data);
            } else add(event, 'escalation', { unitId: r.unitId, roles: UNIT_STAFF }, urgent, data);
          }
        }
        break;
      }
      case 'followUpDue': {
        const c = clock(event.clockKey);
        const unitId = c?.unitId ?? v.handlingUnitId;
        if (unitId)
          add(event, 'followUpDue', { unitId, roles: UNIT_STAFF }, false, { unitId, lastDay: c?.lastDay ?? null });
        break;
      }
    }
  }
  return drafts;
}
