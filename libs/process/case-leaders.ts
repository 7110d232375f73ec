/**
 * Who may be a case leader (包案领导) of a case: a leader of a unit over the case at the level they
 * are assigned for, and never one of the accused unit or of a unit under it (DOMAIN §6: the accused
 * never handles, sees or owns the accusation). One rule for the petition workflow's
 * assignCaseLeader and the campaign workflow's assignLeader.
 */
import type { RejectionCode } from './action-args';
import type { RefusalKey } from './refusal';
import type { UnitLevel } from './units';

/** Where a leader sits in the unit tree, looked up by the API (the workflows cannot read the directory). */
export interface LeaderPlacement {
  userId: string;
  unitId: string;
  level: UnitLevel;
  /** The petition office of the leader's own region and level: where the leader's unit stands. */
  officeId: string | null;
  /** The leader's unit and its ancestors (parent, grandparent, …). */
  unitChain: string[];
}

/** The case as the rule sees it. */
export interface LeaderSeat {
  /** The level the leader is assigned for (a petition case: its handling unit's level). */
  level: UnitLevel;
  /** The petition offices over the case's unit, at every level (its own region's first). */
  officesOverCase: string[];
  accusedUnitId: string | null;
}

/** null when the leader may lead the case; otherwise the refusal (without echoing what the client typed). */
export function caseLeaderRefusal(
  leader: LeaderPlacement,
  seat: LeaderSeat,
): ({ code: RejectionCode; message: string } & RefusalKey) | null {
  if (seat.accusedUnitId && leader.unitChain.includes(seat.accusedUnitId)) {
    return {
      code: 'protectedParty',
      message:
        'leaderUserId: a leader of the accused unit (or of a unit under it) cannot lead an accusation against it; the attempt is recorded',
      messageKey: 'leader.ofAccusedUnit',
      params: { field: 'leaderUserId' },
    };
  }
  if (leader.level !== seat.level) {
    return {
      code: 'wrongUnit',
      message: `leaderUserId: the case needs a ${seat.level}-level leader; this leader is of a ${leader.level}-level unit`,
      messageKey: 'leader.wrongLevel',
      params: { field: 'leaderUserId', level: seat.level, leaderLevel: leader.level },
    };
  }
  if (!leader.officeId || !seat.officesOverCase.includes(leader.officeId)) {
    return {
      code: 'wrongUnit',
      message: `leaderUserId: the leader's unit is not over the case at the ${seat.level} level (another region)`,
      messageKey: 'leader.otherRegion',
      params: { field: 'leaderUserId', level: seat.level },
    };
  }
  return null;
}
