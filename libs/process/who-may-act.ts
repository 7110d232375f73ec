/**
 * Who may take a staff action on a case: the step, the role and the acting unit of the policy, the
 * units that may act on another's behalf, and the level-above rule of 挂牌督办, 销号 and 提级办理.
 * One pure function, called by the workflow's validator (which has the last word) and by the API's
 * list of the actions a caller may take now (`GET /petitions/:id/actions`), so the two cannot drift.
 */
import type { Actor } from './actors';
import { TERMINAL_STEPS, policyByVersion, type ActionName, type ActionRule, type Step } from './policy';
import type { RefusalKey } from './refusal';
import type { UnitRef } from './units';
import { officesOverLapse } from './lapse-supervision';

/** The case's units, as the workflow holds them and as the API resolves them from the view's ids. */
export interface CaseUnits {
  routing: UnitRef;
  handling: UnitRef | null;
  review: UnitRef | null;
  reReview: UnitRef | null;
}

export interface CaseStanding {
  policyVersion: string;
  step: Step;
  units: CaseUnits;
  /**
   * Set on cases that name the unit that lapsed (libs/process/lapse-supervision.ts): no office
   * supervises itself, and 督办 feedback comes from the unit that lapsed and is decided by the
   * office that asked. Absent on cases started before, which keep the rules they ran with.
   */
  accountableUnits?: {
    /** The unit that owes 督办 feedback now. */
    feedbackOwedBy: string | null;
    /** The office whose 督办 was answered and waits for its decision. */
    feedbackDecidedBy: string | null;
  };
}

export type ActorRefusal = { code: 'wrongStep' | 'wrongRole' | 'wrongUnit'; message: string } & RefusalKey;

/** Supervision comes from any petition office that supervises the handling unit, at its level or above. */
const SUPERVISION_ACTIONS: readonly ActionName[] = [
  'issueSupervision',
  'decideSupervisionFeedback',
  'listForSupervision',
  'unlistFromSupervision',
  'takeOver',
];
/** 挂牌督办, 销号 and 提级办理 are for a petition office of the level above the handling unit. */
const LEVEL_ABOVE_ACTIONS: Readonly<Partial<Record<ActionName, string>>> = {
  listForSupervision: '挂牌督办',
  unlistFromSupervision: '销号',
  takeOver: '提级办理',
};

/** The unit whose reply is waiting for delivery: the petition office next to it may record delivery. */
export function replyingUnit(standing: CaseStanding): UnitRef | null {
  if (standing.step === 'reviewDecided') return standing.units.review;
  if (standing.step === 'reReviewDecided') return standing.units.reReview;
  return standing.units.handling;
}

/** The unit that holds the case now and may assign it internally (分办): where its next act is owed. */
export function holdingUnit(standing: CaseStanding): UnitRef {
  const { units, step } = standing;
  if ((step === 'review' || step === 'reviewDecided') && units.review) return units.review;
  if ((step === 'reReview' || step === 'reReviewDecided') && units.reReview) return units.reReview;
  return step === 'routing' ? units.routing : (units.handling ?? units.routing);
}

/** The petition offices that supervise the case's unit, nearest first (never the unit itself, on cases that say so). */
function supervisingOfficesOf(standing: CaseStanding): string[] {
  const unit = standing.units.handling ?? standing.units.routing;
  return standing.accountableUnits ? officesOverLapse(unit) : unit.supervisingOffices;
}

/** The unit that must act, by the policy's acting-unit rule. */
export function actingUnitId(standing: CaseStanding, acting: ActionRule['actingUnit']): string | null {
  const { units } = standing;
  switch (acting) {
    case 'routingUnit':
      return units.routing.id;
    case 'handlingUnit':
      return units.handling?.id ?? null;
    case 'reviewUnit':
      return units.review?.id ?? units.handling?.parentId ?? null;
    case 'reReviewUnit':
      return units.reReview?.id ?? units.review?.parentId ?? null;
    case 'replyingUnit':
      return replyingUnit(standing)?.id ?? null;
    case 'supervisingOffice':
      return standing.accountableUnits
        ? (supervisingOfficesOf(standing)[0] ?? null)
        : (units.handling ?? units.routing).supervisingOfficeId;
    case 'lapsedUnit':
      return standing.accountableUnits?.feedbackOwedBy ?? units.handling?.id ?? null;
    case 'feedbackRequester':
      return standing.accountableUnits?.feedbackDecidedBy ?? supervisingOfficesOf(standing)[0] ?? null;
    case 'holdingUnit':
      return holdingUnit(standing).id;
    case 'anyUnit':
      return null;
  }
}

/** Units that may also act: a petition office on behalf of a unit, a request handed in anywhere on the case's path. */
function alsoAllowedUnits(action: ActionName, actor: Actor, standing: CaseStanding): string[] {
  const { units } = standing;
  if (action === 'requestReview' || action === 'requestReReview') {
    // A review request may be handed in at any unit the case passed through, or its petition office;
    // one that came by letter to the reviewing organ is registered by that organ's petition office
    // (the office one level above the unit whose reply is contested).
    const contested = action === 'requestReview' ? units.handling : units.review;
    return (
      [units.routing, units.handling, units.review]
        .filter((u): u is UnitRef => u !== null)
        .flatMap((u) => [u.id, u.supervisingOfficeId ?? u.id])
        // Unit references recorded before offices were listed have none.
        .concat((contested?.supervisingOffices as string[] | undefined)?.[1] ?? [])
    );
  }
  if ((action === 'recordDelivery' || action === 'rate') && actor.role === 'registrar')
    return [replyingUnit(standing)?.supervisingOfficeId ?? ''];
  if (action === 'reportUrgent') return [units.handling?.id ?? ''];
  if (action === 'assignCaseLeader' && actor.role === 'supervisor')
    return [units.handling?.supervisingOfficeId ?? '', units.routing.id];
  // The office that asked decides its feedback; any office over the unit may supervise it.
  if (action === 'decideSupervisionFeedback' && standing.accountableUnits) return [];
  if (SUPERVISION_ACTIONS.includes(action)) return supervisingOfficesOf(standing);
  return [];
}

/** The petition offices of the levels above the handling unit (its own office excluded). */
export function levelAboveOffices(standing: CaseStanding): string[] {
  return supervisingOfficesOf(standing).slice(1);
}

/** Why this actor may not take this action on the case now, or null when step, role and unit allow it. */
export function actorRefusal(action: ActionName, actor: Actor, standing: CaseStanding): ActorRefusal | null {
  const rule = policyByVersion(standing.policyVersion).actions[action];
  const stepAllowed =
    rule.steps === 'open' ? !TERMINAL_STEPS.includes(standing.step) : rule.steps.includes(standing.step);
  if (!stepAllowed)
    return {
      code: 'wrongStep',
      message: `cannot ${rule.describe} while the case is in step "${standing.step}"`,
      messageKey: 'actor.wrongStep',
      params: { action, step: standing.step },
    };
  if (!rule.roles.includes(actor.role)) {
    return {
      code: 'wrongRole',
      message: `only ${rule.roles.join(' or ')} may ${rule.describe}; the actor is ${actor.role}`,
      messageKey: 'actor.wrongRole',
      params: { action, roles: [...rule.roles], role: actor.role },
    };
  }
  if (actor.role !== 'petitioner' && rule.actingUnit !== 'anyUnit') {
    const unitId = actingUnitId(standing, rule.actingUnit);
    if (
      !unitId ||
      (actor.unitId !== unitId && !alsoAllowedUnits(action, actor, standing).includes(actor.unitId ?? ''))
    ) {
      return {
        code: 'wrongUnit',
        message: `only the ${rule.actingUnit} (${unitId ?? 'not yet known'}) may ${rule.describe}; the actor belongs to ${actor.unitId}`,
        messageKey: 'actor.wrongUnit',
        params: { action, actingUnit: rule.actingUnit, unitId, actorUnitId: actor.unitId ?? null },
      };
    }
  }
  const levelAbove = LEVEL_ABOVE_ACTIONS[action];
  if (levelAbove !== undefined) {
    const offices = levelAboveOffices(standing);
    if (!offices.includes(actor.unitId ?? '')) {
      return {
        code: 'wrongUnit',
        message: `${levelAbove} is for a petition office of the level above (${offices.join(', ') || 'none'}); the actor belongs to ${actor.unitId}`,
        messageKey: 'actor.notLevelAbove',
        params: { action, offices, actorUnitId: actor.unitId ?? null },
      };
    }
  }
  return null;
}
