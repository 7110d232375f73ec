/**
 * Which actions a staff member may take on a case now: the policy's role, step and acting unit for
 * each action, applied to the case's live view and the unit tree, plus the preconditions the view
 * shows (a clock that must be running, a reply that must be supported, a hearing that must be
 * open…). It mirrors the workflow's validator so a client can build its forms; the validator stays
 * the authority and refuses anything this list got wrong.
 */
import { CALENDAR_VERSIONS } from '../../../../../libs/process/calendar';
import { ACTIONS, ActionName, ClockId, Role, TERMINAL_STEPS, policyByVersion } from '../../../../../libs/process/policy';
import type { PetitionView, UnitRef } from '../../../../../libs/process';
import { ACTION_NAMES } from './action-catalog';

export interface Caller {
  role: Role;
  unitId: string;
}

/** The units of the case the rules refer to, resolved from the unit tree. */
export interface CaseUnits {
  routing: UnitRef;
  handling: UnitRef | null;
  review: UnitRef | null;
  reReview: UnitRef | null;
}

/** Unit ids to look up for a view: the case's units (their parents come with them). */
export function unitIdsOf(view: PetitionView): string[] {
  return [view.routingUnitId, view.handlingUnitId, view.reviewUnitId, view.reReviewUnitId].filter((id): id is string => id !== null);
}

const SUPERVISION_ACTIONS: ActionName[] = ['issueSupervision', 'listForSupervision', 'unlistFromSupervision', 'takeOver'];
const LEVEL_ABOVE_ACTIONS: ActionName[] = ['listForSupervision', 'unlistFromSupervision', 'takeOver'];

function running(view: PetitionView, id: ClockId) {
  return view.clocks.find((c) => c.id === id && c.status === 'running');
}

function replyingUnit(view: PetitionView, units: CaseUnits): UnitRef | null {
  if (view.step === 'reviewDecided') return units.review;
  if (view.step === 'reReviewDecided') return units.reReview;
  return units.handling;
}

/** The unit that must act, as the workflow's validator resolves it. */
function actingUnitId(action: ActionName, view: PetitionView, units: CaseUnits): string | null {
  switch (ACTIONS[action].actingUnit) {
    case 'routingUnit':
      return units.routing.id;
    case 'handlingUnit':
      return units.handling?.id ?? null;
    case 'reviewUnit':
      return units.review?.id ?? units.handling?.parentId ?? null;
    case 'reReviewUnit':
      return units.reReview?.id ?? units.review?.parentId ?? null;
    case 'replyingUnit':
      return replyingUnit(view, units)?.id ?? null;
    case 'supervisingOffice':
      return (units.handling ?? units.routing).supervisingOfficeId;
    case 'anyUnit':
      return null;
  }
}

/** Units that may also act (a petition office on behalf of a unit, a request handed in anywhere on the case's path). */
function alsoAllowed(action: ActionName, caller: Caller, view: PetitionView, units: CaseUnits): string[] {
  if (action === 'requestReview' || action === 'requestReReview') {
    return [units.routing, units.handling, units.review].filter((u): u is UnitRef => u !== null).flatMap((u) => [u.id, u.supervisingOfficeId ?? u.id]);
  }
  if ((action === 'recordDelivery' || action === 'rate') && caller.role === 'registrar') return [replyingUnit(view, units)?.supervisingOfficeId ?? ''];
  if (action === 'reportUrgent') return [units.handling?.id ?? ''];
  if (action === 'assignCaseLeader' && caller.role === 'supervisor') return [units.handling?.supervisingOfficeId ?? '', units.routing.id];
  if (SUPERVISION_ACTIONS.includes(action)) return (units.handling ?? units.routing).supervisingOffices;
  return [];
}

function currentReplyKey(view: PetitionView): string {
  return view.step === 'reReviewWindow' ? `reviewReply#${view.handlingRound}` : `reply#${view.handlingRound}`;
}

/** What the view shows must hold for each action beyond role, unit and step. */
function preconditionHolds(action: ActionName, caller: Caller, view: PetitionView, units: CaseUnits, now: number): boolean {
  const policy = policyByVersion(view.policyVersion);
  switch (action) {
    case 'objectMisroute':
      return running(view, 'misrouteObjection') !== undefined;
    case 'accept':
      return !(view.caseLeaderRequired && !view.caseLeader);
    case 'redirect':
      return view.category === 'appeal';
    case 'extendHandling': {
      const handling = running(view, 'handling');
      return view.extensionsUsed < policy.maxHandlingExtensions && handling !== undefined && handling.dueAt !== null && now < handling.dueAt;
    }
    case 'confirmImplementation':
      return view.replyOutcome === 'supported' && !view.implementationConfirmed;
    case 'requestReview':
      return running(view, 'reviewRequestWindow') !== undefined;
    case 'requestReReview':
      return running(view, 'reReviewRequestWindow') !== undefined;
    case 'startHearing':
      return !view.hearingOpen;
    case 'endHearing':
      return view.hearingOpen;
    case 'issueReReviewDecision':
      return !view.hearingOpen;
    case 'reportBack':
      return running(view, 'assignedReport') !== undefined;
    case 'reportUrgent':
      return running(view, 'urgentReport') !== undefined;
    case 'issueSupervision':
      return view.handlingUnitId !== null;
    case 'recordSupervisionFeedback':
      return running(view, 'supervisionFeedback') !== undefined;
    case 'listForSupervision':
      return view.listedForSupervision === null;
    case 'unlistFromSupervision':
      return view.listedForSupervision !== null;
    case 'takeOver':
      return units.handling?.parentId != null && view.clocks.some((c) => c.status === 'running' && c.firedRungs.includes('takeoverAvailable'));
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

export function mayTake(action: ActionName, caller: Caller, view: PetitionView, units: CaseUnits, now: number): boolean {
  const rule = policyByVersion(view.policyVersion).actions[action];
  const stepAllowed = rule.steps === 'open' ? !TERMINAL_STEPS.includes(view.step) : rule.steps.includes(view.step);
  if (!stepAllowed || !rule.roles.includes(caller.role)) return false;
  if (rule.actingUnit !== 'anyUnit') {
    const unitId = actingUnitId(action, view, units);
    if (!unitId || (caller.unitId !== unitId && !alsoAllowed(action, caller, view, units).includes(caller.unitId))) return false;
  }
  if (LEVEL_ABOVE_ACTIONS.includes(action) && !(units.handling ?? units.routing).supervisingOffices.slice(1).includes(caller.unitId)) return false;
  return preconditionHolds(action, caller, view, units, now);
}

/** In the policy's order. */
export function availableActions(caller: Caller, view: PetitionView, units: CaseUnits, now: number): ActionName[] {
  return ACTION_NAMES.filter((action) => mayTake(action, caller, view, units, now));
}
