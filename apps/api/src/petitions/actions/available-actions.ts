/**
 * Which actions a staff member may take on a case now, so a client can build its forms: who may act
 * (step, role, acting unit, the level above) is the one rule the workflow's validator also calls
 * (libs/process/who-may-act.ts), applied to the case's live view and the unit tree; then the
 * preconditions the view shows (a clock that must be running, a reply that must be supported, a
 * hearing that must be open…). The validator stays the authority on the arguments.
 */
import { CALENDAR_VERSIONS } from '@/libs/process/calendar';
import { ActionName, ClockId, Role, policyByVersion } from '@/libs/process/policy';
import type { PetitionView } from '@/libs/process';
import { actorRefusal, type CaseStanding, type CaseUnits } from '@/libs/process/who-may-act';
import { feedbackStanding } from '@/libs/process/lapse-supervision';
import { ACTION_NAMES } from '@/libs/process/action-names';

export interface Caller {
  role: Role;
  unitId: string;
}

export type { CaseUnits };

/** Unit ids to look up for a view: the case's units (their parents come with them). */
export function unitIdsOf(view: PetitionView): string[] {
  return [view.routingUnitId, view.handlingUnitId, view.reviewUnitId, view.reReviewUnitId].filter(
    (id): id is string => id !== null,
  );
}

function running(view: PetitionView, id: ClockId) {
  return view.clocks.find((c) => c.id === id && c.status === 'running');
}

function currentReplyKey(view: PetitionView): string {
  return view.step === 'reReviewWindow' ? `reviewReply#${view.handlingRound}` : `reply#${view.handlingRound}`;
}

/** What the view shows must hold for each action beyond role, unit and step. */
function preconditionHolds(action: ActionName, view: PetitionView, units: CaseUnits, now: number): boolean {
  const policy = policyByVersion(view.policyVersion);
  switch (action) {
    case 'objectMisroute':
      return running(view, 'misrouteObjection') !== undefined && !view.pendingObjection;
    case 'decideMisrouteObjection':
      return !!view.pendingObjection;
    case 'accept':
      return !(view.caseLeaderRequired && !view.caseLeader);
    case 'redirect':
      return view.category === 'appeal';
    case 'extendHandling': {
      const handling = running(view, 'handling');
      return (
        view.extensionsUsed < policy.maxHandlingExtensions &&
        handling !== undefined &&
        handling.dueAt !== null &&
        now < handling.dueAt
      );
    }
    case 'confirmImplementation':
      return view.replyOutcome === 'supported' && !view.implementationConfirmed;
    case 'requestReview':
      return running(view, 'reviewRequestWindow') !== undefined;
    case 'requestReReview':
      return running(view, 'reReviewRequestWindow') !== undefined;
    case 'startHearing':
      return !view.hearingOpen && !view.draft;
    case 'endHearing':
      return view.hearingOpen;
    // 签发: one draft at a time; the head approves or returns the draft awaiting approval.
    case 'issueReply':
    case 'issueReviewDecision':
      return !view.draft;
    case 'issueReReviewDecision':
      return !view.hearingOpen && !view.draft;
    case 'approveDraft':
    case 'returnDraft':
      return !!view.draft;
    case 'reportBack':
      return running(view, 'assignedReport') !== undefined;
    case 'decideReportBack':
      return !!view.reportBack && view.reportBack.reportedBackAt !== null && !view.reportBack.accepted;
    case 'reportUrgent':
      return running(view, 'urgentReport') !== undefined;
    case 'issueSupervision':
      return view.handlingUnitId !== null;
    case 'decideSupervisionFeedback':
      return view.supervisionTasks.some((t) => t.kind === 'supervision' && t.status === 'answered');
    case 'recordSupervisionFeedback':
      return running(view, 'supervisionFeedback') !== undefined;
    case 'listForSupervision':
      return view.listedForSupervision === null;
    case 'unlistFromSupervision':
      return view.listedForSupervision !== null;
    case 'takeOver':
      return (
        units.handling?.parentId != null &&
        view.clocks.some((c) => c.status === 'running' && c.firedRungs.includes('takeoverAvailable'))
      );
    case 'recordFollowUp':
      return view.followUps.some((f) => f.status === 'open');
    case 'rate':
      return !view.ratings.some((r) => r.replyKey === currentReplyKey(view));
    case 'reprojectCalendar':
      return CALENDAR_VERSIONS.indexOf(view.calendarVersion) < CALENDAR_VERSIONS.length - 1;
    default:
      return true;
  }
}

/** The case as the one rule of who may act reads it (libs/process/who-may-act.ts), from its view. */
export function standingOf(view: PetitionView, units: CaseUnits): CaseStanding {
  return {
    policyVersion: view.policyVersion,
    step: view.step,
    units,
    ...(view.accountableUnits ? { accountableUnits: feedbackStanding(view.supervisionTasks, view.clocks) } : {}),
  };
}

export function mayTake(
  action: ActionName,
  caller: Caller,
  view: PetitionView,
  units: CaseUnits,
  now: number,
): boolean {
  const actor = { userId: '', role: caller.role, unitId: caller.unitId };
  if (actorRefusal(action, actor, standingOf(view, units)) !== null) return false;
  return preconditionHolds(action, view, units, now);
}

/** In the policy's order. */
export function availableActions(caller: Caller, view: PetitionView, units: CaseUnits, now: number): ActionName[] {
  return ACTION_NAMES.filter((action) => mayTake(action, caller, view, units, now));
}
