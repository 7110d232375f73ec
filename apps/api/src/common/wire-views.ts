/**
 * Every response's instants, converted in one place. The workflow, the activities and the read
 * model keep epoch milliseconds (or `timestamptz`); each mapper here names the fields that are
 * instants and renders them as ISO-8601 +08:00 (libs/process/wire-time), so nothing is converted
 * by guessing from a value.
 */
import type { ReadModelTimelineRow } from '@/libs/audit/history-timeline';
import type { ClockView, DraftView, PetitionView } from '@/libs/process';
import { isProvisionalBasis } from '@/libs/process/calendar';
import { isOverdue, remainingDays } from '@/libs/process/clock-standing';
import { currentReplyKey } from '@/libs/process/replies';
import { formatInstant, formatOptionalInstant } from '@/libs/process/wire-time';
import type { AccountabilityRecordView, DispositionView } from '../accountability/dto/accountability-views';
import type {
  ClockWireView,
  DraftWireView,
  PetitionWireView,
  TimelineEventView,
} from '../petitions/dto/petition-views';
import type { PetitionerView } from '../public/petitioner-view';
import type {
  EscalationView,
  OverdueClockView,
  OverdueList,
  SupervisionTaskView,
} from '../supervision/dto/supervision-views';

type Instant = number | Date;

/** A clock as of `now`: remaining days and overdue are judged then (a projected view is older). */
export function clockToWire(clock: ClockView, now: number): ClockWireView {
  const running = clock.status === 'running';
  return {
    key: clock.key,
    id: clock.id,
    generation: clock.generation,
    unitId: clock.unitId,
    status: clock.status,
    startedAt: formatInstant(clock.startedAt),
    lengthDays: clock.lengthDays,
    excludedDays: clock.excludedDays,
    dueAt: formatOptionalInstant(clock.dueAt),
    lastDay: clock.lastDay,
    remainingDays: running && clock.lastDay !== null ? remainingDays(clock.lastDay, now) : null,
    rolledForward: clock.rolledForward,
    overdue: isOverdue(clock, now),
    stoppedAt: formatOptionalInstant(clock.stoppedAt),
    firedRungs: [...clock.firedRungs],
    calendarBasis: clock.calendarBasis,
    // Derived rather than read: views projected before the field existed lack it.
    provisional: isProvisionalBasis(clock.calendarBasis),
    calendarVersion: clock.calendarVersion,
  };
}

/** The workflow's view of a case (live, or as projected into the read model), judged at `now`. */
export function petitionViewToWire(view: PetitionView, now: number): PetitionWireView {
  return {
    petitionId: view.petitionId,
    caseNumber: view.caseNumber ?? null,
    step: view.step,
    policyVersion: view.policyVersion,
    calendarVersion: view.calendarVersion,
    category: view.category,
    urgent: view.urgent,
    // Views projected before these fields existed lack them.
    collective: view.collective ?? false,
    repeatOf: view.repeatOf ?? [],
    accusedUnitId: view.accusedUnitId ?? null,
    receivedAt: formatInstant(view.receivedAt),
    registeredAt: formatInstant(view.registeredAt),
    routingUnitId: view.routingUnitId,
    handlingUnitId: view.handlingUnitId,
    reviewUnitId: view.reviewUnitId,
    reReviewUnitId: view.reReviewUnitId,
    handlingRound: view.handlingRound,
    extensionsUsed: view.extensionsUsed,
    replyOutcome: view.replyOutcome,
    implementationConfirmed: view.implementationConfirmed,
    reviewDecision: view.reviewDecision,
    reReviewDecision: view.reReviewDecision,
    hearingOpen: view.hearingOpen,
    final: view.final,
    closedAt: formatOptionalInstant(view.closedAt),
    clocks: view.clocks.map((c) => clockToWire(c, now)),
    milestones: view.milestones.map((m) => ({ ...m, at: formatInstant(m.at) })),
    caseLeader: view.caseLeader && {
      userId: view.caseLeader.userId,
      assignedAt: formatInstant(view.caseLeader.assignedAt),
    },
    caseLeaderRequired: view.caseLeaderRequired,
    listedForSupervision: view.listedForSupervision && {
      ...view.listedForSupervision,
      at: formatInstant(view.listedForSupervision.at),
    },
    supervisionTasks: view.supervisionTasks.map((t) => ({
      ...t,
      openedAt: formatInstant(t.openedAt),
      closedAt: formatOptionalInstant(t.closedAt),
    })),
    followUps: view.followUps.map((f) => ({
      ...f,
      dueAt: formatInstant(f.dueAt),
      recordedAt: formatOptionalInstant(f.recordedAt),
    })),
    ratings: view.ratings.map((r) => ({ ...r, at: formatInstant(r.at) })),
    firstTimeResolution: view.firstTimeResolution,
    reopenedCount: view.reopenedCount,
    imported: view.imported ?? false,
    backlog: view.backlog
      ? {
          ...view.backlog,
          firstReceivedAt: formatInstant(view.backlog.firstReceivedAt),
          earlierDecisions: view.backlog.earlierDecisions.map((d) => ({ ...d })),
        }
      : null,
    // Views projected before written notices have neither field.
    documents: (view.documents ?? []).map((d) => ({ ...d, issuedAt: formatInstant(d.issuedAt) })),
    awaitingDelivery: view.awaitingDelivery ?? null,
    accountableUnits: view.accountableUnits ?? false,
    handlers: (view.handlers ?? []).map((h) => ({ ...h, assignedAt: formatInstant(h.assignedAt) })),
    pendingObjection: view.pendingObjection
      ? { ...view.pendingObjection, at: formatInstant(view.pendingObjection.at) }
      : null,
    takeovers: (view.takeovers ?? []).map((t) => ({ ...t, at: formatInstant(t.at) })),
    reportBack: view.reportBack
      ? {
          ...view.reportBack,
          assignedAt: formatInstant(view.reportBack.assignedAt),
          reportedBackAt:
            view.reportBack.reportedBackAt === null ? null : formatInstant(view.reportBack.reportedBackAt),
        }
      : null,
    deliveries: (view.deliveries ?? []).map((d) => ({
      ...d,
      receiptFileId: d.receiptFileId ?? null,
      deliveredAt: formatInstant(d.deliveredAt),
      recordedAt: formatInstant(d.recordedAt),
    })),
    approvals: view.approvals ?? false,
    draft: view.draft ? draftToWire(view.petitionId, view.draft) : null,
    returnedDraft: view.returnedDraft
      ? { ...view.returnedDraft, returnedAt: formatInstant(view.returnedDraft.returnedAt) }
      : null,
    revision: view.revision,
    asOf: formatInstant(now),
  };
}

/** A draft awaiting 签发: its outcome or decision and grounds, and where its 草稿 preview is. */
export function draftToWire(petitionId: string, draft: DraftView): DraftWireView {
  const d = draft.details;
  const grounds = 'grounds' in d ? d.grounds : { facts: '', reasons: '', legalBasis: '' };
  return {
    draftNo: draft.draftNo,
    kind: draft.kind,
    unitId: draft.unitId,
    outcome: d.kind === 'reply' ? d.outcome : null,
    decision: d.kind === 'reviewDecision' || d.kind === 'reReviewDecision' ? d.decision : null,
    facts: grounds.facts,
    reasons: grounds.reasons,
    legalBasis: grounds.legalBasis,
    draftedAt: formatInstant(draft.draftedAt),
    draftedBy: draft.draftedBy,
    previewPath: draftPreviewPath(petitionId),
  };
}

export const draftPreviewPath = (petitionId: string): string => `/petitions/${petitionId}/draft.pdf`;

/** Renders the named fields of a record that hold an instant; other fields pass as they are. */
function withInstants(data: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out = { ...data };
  for (const field of fields) if (typeof out[field] === 'number') out[field] = formatInstant(out[field] as number);
  return out;
}

/** The instant fields of each timeline event's data, as the workflow writes them (workflows/petition/*.ts). */
const EVENT_INSTANT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  registered: ['receivedAt'],
  clockStarted: ['startedAt', 'dueAt'],
  escalationRungFired: ['dueAt'],
  handlingExtended: ['newDueAt'],
  hearingEnded: ['newDueAt'],
  replyDelivered: ['deliveredAt'],
  reviewReplyDelivered: ['deliveredAt'],
  reReviewReplyDelivered: ['deliveredAt'],
  reviewRequested: ['receivedAt', 'postmarkedAt'],
  reReviewRequested: ['receivedAt', 'postmarkedAt'],
  closed: ['finalAt'],
  followUpScheduled: ['dueAt'],
};

/** A corrected receipt (`field: receivedAt`) carries instants in `from` and `to`. */
function correctionToWire(data: Record<string, unknown>): Record<string, unknown> {
  return data.field === 'receivedAt' ? withInstants(data, ['from', 'to']) : data;
}

export function eventDataToWire(type: string, data: Record<string, unknown>): Record<string, unknown> {
  if (type === 'registrationCorrected') return correctionToWire(data);
  if (type === 'registered' && data.backlog && typeof data.backlog === 'object') {
    return {
      ...withInstants(data, EVENT_INSTANT_FIELDS.registered),
      backlog: withInstants(data.backlog as Record<string, unknown>, ['firstReceivedAt']),
    };
  }
  if (type === 'calendarReprojected' && Array.isArray(data.clocks)) {
    return {
      ...data,
      clocks: (data.clocks as Record<string, Record<string, unknown>>[]).map((c) => ({
        ...c,
        from: withInstants(c.from, ['dueAt']),
        to: withInstants(c.to, ['dueAt']),
      })),
    };
  }
  return withInstants(data, EVENT_INSTANT_FIELDS[type] ?? []);
}

/** A read-model timeline row (as the auditors' comparison reads it) with its instant on the wire. */
export interface TimelineRow extends Omit<ReadModelTimelineRow, 'at'> {
  at: Instant;
  /** The instant the event is about, when not when it was recorded (a rung already due at registration). */
  refersTo: Instant | null;
  /** Names people read beside the ids (users.name, units.name), joined in the same query. */
  actorName: string | null;
  actorUnitName: string | null;
}

export function timelineEventToWire(row: TimelineRow): TimelineEventView {
  return {
    ...row,
    at: formatInstant(row.at),
    refersTo: formatOptionalInstant(row.refersTo),
    data: eventDataToWire(row.type, row.data),
  };
}

/** The instant fields of a ledger record's detail (libs/process/policy accountability rules). */
export function ledgerDetailToWire(rule: string, detail: Record<string, unknown>): Record<string, unknown> {
  if (rule === 'registrationCorrected') return correctionToWire(detail);
  return withInstants(detail, ['receivedAt', 'registeredAt', 'dueAt', 'asOf', 'refersTo']);
}

// ---------------------------------------------------------------------------------------------
// The accountability ledger (问责) as read from accountability_records

export interface TriggerRow {
  id: string;
  petition_id: string | null;
  case_number?: string | null;
  campaign_id: string | null;
  rule: string;
  unit_id: string;
  responsible_user_id: string | null;
  responsible_name?: string | null;
  responsible_by: string | null;
  severity: string;
  suggested_action: string;
  basis: string;
  evidence: AccountabilityRecordView['evidence'];
  detail: Record<string, unknown>;
  occurred_at: Instant;
  recorded_at: Instant;
}

export interface DispositionRow {
  id: string;
  disposes_record_id: string;
  petition_id: string | null;
  rule: string;
  unit_id: string;
  disposition: string;
  detail: { note?: string };
  recorded_by: string;
  recorded_by_name?: string | null;
  recorded_at: Instant;
}

export function ledgerRecordToWire(r: TriggerRow, dispositions: DispositionView[]): AccountabilityRecordView {
  return {
    id: r.id,
    petitionId: r.petition_id,
    caseNumber: r.case_number ?? null,
    campaignId: r.campaign_id,
    rule: r.rule,
    unitId: r.unit_id,
    responsibleUserId: r.responsible_user_id,
    responsibleName: r.responsible_name ?? null,
    responsibleBy: r.responsible_by,
    severity: r.severity,
    suggestedAction: r.suggested_action,
    basis: r.basis,
    evidence: r.evidence,
    detail: ledgerDetailToWire(r.rule, r.detail),
    occurredAt: formatInstant(r.occurred_at),
    recordedAt: formatInstant(r.recorded_at),
    dispositions,
  };
}

export function dispositionToWire(d: DispositionRow): DispositionView {
  return {
    id: d.id,
    disposesRecordId: d.disposes_record_id,
    petitionId: d.petition_id,
    rule: d.rule,
    unitId: d.unit_id,
    disposition: d.disposition,
    note: d.detail.note ?? '',
    recordedBy: d.recorded_by,
    recordedByName: d.recorded_by_name ?? null,
    recordedAt: formatInstant(d.recorded_at),
  };
}

// ---------------------------------------------------------------------------------------------
// Supervision lists (escalations, tasks, overdue clocks)

export type EscalationRow = Omit<EscalationView, 'firedAt' | 'dueAt'> & { firedAt: Instant; dueAt: Instant };

export function escalationToWire(row: EscalationRow): EscalationView {
  return { ...row, firedAt: formatInstant(row.firedAt), dueAt: formatInstant(row.dueAt) };
}

export type SupervisionTaskRow = Omit<SupervisionTaskView, 'openedAt' | 'closedAt'> & {
  openedAt: Instant;
  closedAt: Instant | null;
};

export function supervisionTaskToWire(row: SupervisionTaskRow): SupervisionTaskView {
  return { ...row, openedAt: formatInstant(row.openedAt), closedAt: formatOptionalInstant(row.closedAt) };
}

export type OverdueClockRow = Omit<OverdueClockView, 'startedAt' | 'dueAt' | 'remainingDays'> & {
  startedAt: Instant;
  dueAt: Instant;
};

/** Running clocks judged at `asOf`, the database instant the list was read at. */
export function overdueListToWire(asOf: Instant, rows: OverdueClockRow[]): OverdueList {
  const now = typeof asOf === 'number' ? asOf : asOf.getTime();
  return {
    asOf: formatInstant(asOf),
    clocks: rows.map((row) => ({
      ...row,
      startedAt: formatInstant(row.startedAt),
      dueAt: formatInstant(row.dueAt),
      remainingDays: remainingDays(row.lastDay, now),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// The petitioner's view (阳光信访)

const PETITIONER_CLOCKS = [
  'acceptanceNotice',
  'handling',
  'reviewRequestWindow',
  'review',
  'reReviewRequestWindow',
  'reReview',
];

export function petitionerViewToWire(view: PetitionView, now: number): Omit<PetitionerView, 'caseNumber'> {
  const current =
    view.clocks.find((c) => (c.status === 'running' || c.status === 'suspended') && PETITIONER_CLOCKS.includes(c.id)) ??
    null;
  const clock = current && clockToWire(current, now);
  return {
    petitionId: view.petitionId,
    step: view.step,
    final: view.final,
    milestones: view.milestones.map((m) => ({ ...m, at: formatInstant(m.at) })),
    currentDeadline: clock
      ? {
          clockId: clock.id,
          suspended: clock.status === 'suspended',
          dueAt: clock.dueAt,
          lastDay: clock.lastDay,
          remainingDays: clock.remainingDays,
          provisional: clock.provisional,
        }
      : null,
    canRequestReview: view.step === 'reviewWindow' || view.step === 'reReviewWindow',
    canRate:
      (view.step === 'reviewWindow' || view.step === 'reReviewWindow') &&
      !view.ratings.some((r) => r.replyKey === currentReplyKey(view.step, view.handlingRound)),
  };
}
