/** 分办: the unit holding the case names the 承办人 who owes its next act; a reassignment says why. */
import { holdingUnit } from '../../libs/process/who-may-act';
import { bad, requireText, type Appliers, type ArgumentChecks } from './checks';
import { caseStanding } from './actions';
import type { PetitionState } from './state';

/** The 承办人 a unit named on the case, if any. */
export function handlerOf(state: PetitionState, unitId: string): string | null {
  return state.handlers?.find((h) => h.unitId === unitId)?.userId ?? null;
}

export const INTERNAL_ASSIGNMENT_CHECKS: ArgumentChecks<'assignHandler'> = {
  assignHandler: (state, args) => {
    requireText(args?.handlerUserId, 'handlerUserId', 100);
    const current = handlerOf(state, holdingUnit(caseStanding(state)).id);
    if (current === args.handlerUserId)
      bad('the case is already assigned to this 承办人', 'args.handlerUserId', 'case.handlerUnchanged');
    // A reassignment takes the case from someone: the timeline says why.
    if (current !== null) requireText(args.reason, 'reason');
    else if (args.reason !== undefined) requireText(args.reason, 'reason');
  },
};

export const INTERNAL_ASSIGNMENT: Appliers<'assignHandler'> = {
  assignHandler: (ctx, args) => {
    const s = ctx.state;
    const unitId = holdingUnit(caseStanding(s)).id;
    const previous = handlerOf(s, unitId);
    const assignment = {
      unitId,
      userId: args.handlerUserId,
      assignedAt: ctx.now,
      assignedBy: ctx.actor!.userId,
      reason: args.reason ?? null,
    };
    s.handlers = [...(s.handlers ?? []).filter((h) => h.unitId !== unitId), assignment];
    ctx.event('handlerAssigned', {
      unitId,
      handlerUserId: args.handlerUserId,
      previousHandlerUserId: previous,
      reason: args.reason ?? null,
    });
  },
};
