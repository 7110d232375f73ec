/** The case as the workflow's queries and the read model see it. */
import type { ClockView, PetitionView } from '../../libs/process';
import { isProvisionalBasis } from '../../libs/process/calendar';
import { isOverdue } from '../../libs/process/clock-standing';
import { policyByVersion } from '../../libs/process/policy';
import { awaitingDelivery } from './notices';
import type { ClockState, PetitionState } from './state';

export function clockView(clock: ClockState, now: number): ClockView {
  const suspended = clock.status === 'running' && clock.hearingOpenSince !== null;
  return {
    key: clock.key,
    id: clock.id,
    generation: clock.generation,
    unitId: clock.unitId,
    status: suspended ? 'suspended' : clock.status,
    startedAt: clock.startedAt,
    lengthDays: clock.lengthDays,
    excludedDays: clock.excludedDays,
    dueAt: clock.dueAt,
    lastDay: clock.lastDay,
    rolledForward: clock.rolledForward,
    remainingMs: clock.status === 'running' && clock.dueAt !== null ? clock.dueAt - now : null,
    overdue: isOverdue(clock, now),
    stoppedAt: clock.stoppedAt,
    firedRungs: [...clock.firedRungs],
    calendarBasis: clock.calendarBasis,
    provisional: isProvisionalBasis(clock.calendarBasis),
    calendarVersion: clock.calendarVersion,
  };
}

export function petitionView(state: PetitionState, now: number): PetitionView {
  const deliverable = awaitingDelivery(state);
  return {
    petitionId: state.petitionId,
    ...(state.caseNumber ? { caseNumber: state.caseNumber } : {}),
    step: state.step,
    policyVersion: state.policyVersion,
    calendarVersion: state.calendarVersion,
    category: state.category,
    urgent: state.urgent,
    collective: state.collective,
    repeatOf: [...state.repeatOf],
    accusedUnitId: state.accusedUnitId,
    receivedAt: state.receivedAt,
    registeredAt: state.registeredAt,
    routingUnitId: state.routingUnit.id,
    handlingUnitId: state.handlingUnit?.id ?? null,
    reviewUnitId: state.reviewUnit?.id ?? null,
    reReviewUnitId: state.reReviewUnit?.id ?? null,
    handlingRound: state.handlingRound,
    extensionsUsed: state.extensionsUsed,
    replyOutcome: state.reply?.outcome ?? null,
    implementationConfirmed: !!state.reply?.implementationConfirmedAt,
    reviewDecision: state.review?.decision ?? null,
    reReviewDecision: state.reReview?.decision ?? null,
    hearingOpen: !!state.reReview?.hearings.some((h) => h.endDate === null),
    final: state.final,
    closedAt: state.closedAt,
    clocks: state.clocks.map((c) => clockView(c, now)),
    milestones: [...state.milestones],
    caseLeader: state.caseLeader,
    caseLeaderRequired: state.caseLeaderRequired,
    listedForSupervision: state.listedForSupervision,
    supervisionTasks: state.supervisionTasks.map((t) => ({ ...t })),
    followUps: state.followUps.map((f) => ({ ...f })),
    ratings: [...state.ratings],
    firstTimeResolution: state.firstTimeResolution,
    reopenedCount: state.reopenedCount,
    imported: !!state.backlog,
    backlog: state.backlog
      ? { ...state.backlog, earlierDecisions: state.backlog.earlierDecisions.map((d) => ({ ...d })) }
      : null,
    documents: [...(state.documents ?? [])],
    awaitingDelivery: deliverable && deliverable.document ? { ...deliverable.document, kind: deliverable.kind } : null,
    accountableUnits: !!state.accountableUnits,
    handlers: (state.handlers ?? []).map((h) => ({ ...h })),
    ...(policyByVersion(state.policyVersion).misrouteObjections.verifiedByRoutingOffice
      ? {
          pendingObjection: state.pendingObjection ? { ...state.pendingObjection } : null,
          takeovers: (state.takeovers ?? []).map((t) => ({
            fromUnitId: t.fromUnit.id,
            toUnitId: t.toUnitId,
            at: t.at,
            byUnitId: t.byUnitId,
          })),
        }
      : {}),
    ...(state.deliveryRecords ? { deliveries: (state.deliveries ?? []).map((d) => ({ ...d })) } : {}),
    ...(policyByVersion(state.policyVersion).reportBackDecidedByAssigningOffice
      ? {
          reportBack: state.assignment
            ? {
                reportBackDays: state.assignment.reportBackDays,
                assignedAt: state.assignment.assignedAt,
                reportedBackAt: state.assignment.reportedBackAt,
                accepted: state.assignment.accepted ?? false,
              }
            : null,
        }
      : {}),
    ...(state.approvals ? approvalsView(state) : {}),
    revision: state.revision,
  };
}

/** 签发: the draft awaiting approval (without the arguments it is issued with) and the last one returned. */
function approvalsView(state: PetitionState): Pick<PetitionView, 'approvals' | 'draft' | 'returnedDraft'> {
  const d = state.draft;
  return {
    approvals: true,
    draft: d
      ? {
          draftNo: d.draftNo,
          kind: d.kind,
          unitId: d.unitId,
          details: d.details,
          draftedAt: d.draftedAt,
          draftedBy: d.draftedBy,
        }
      : null,
    returnedDraft: state.returnedDraft ? { ...state.returnedDraft } : null,
  };
}
