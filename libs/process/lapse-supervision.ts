/**
 * Who answers for a lapse and who supervises it (DOMAIN §4, §5): one pure rule, used by the
 * workflow (the ledger, the 督办 it opens, who may give and decide feedback) and by the API's list
 * of the actions open to a caller.
 *
 * - The responsible person is the one who owed the act when it lapsed: the 承办人 the unit assigned
 *   the case to (分办), else the unit's designated person in charge of petition work (信访工作负责人,
 *   the unit head by default).
 * - A lapse is supervised by the nearest petition office over the lapsing unit that is not the unit
 *   itself: a petition office's own lapse (its routing clock) goes to the office one level up.
 *   挂牌督办 and 提级办理 go one level above that supervising office.
 */
import type { UnitRef } from './units';

/** Why a record names the person it names. */
export type ResponsibleBy =
  /** The 承办人 the unit assigned the case to (分办). */
  | 'assignedHandler'
  /** The unit's 信访工作负责人 (the unit head by default). */
  | 'personInCharge'
  /** The person whose own act is the subject of the record (a late registration, a refused attempt). */
  | 'actor'
  /** A campaign step's owner or the person a campaign named for a case. */
  | 'namedByCampaign'
  /** Cases started before 分办: the case leader, else the handler who accepted the case. */
  | 'caseLeader'
  | 'acceptingHandler';

export interface Responsible {
  userId: string | null;
  by: ResponsibleBy;
}

/** The 承办人 of a unit on a case (分办). */
export interface HandlerAssignment {
  unitId: string;
  userId: string;
  assignedAt: number;
  assignedBy: string;
  reason: string | null;
}

/** The person who owes a unit's act on the case now: its 承办人, else its person in charge. */
export function responsibleFor(
  unit: UnitRef | null,
  unitId: string,
  handlers: readonly HandlerAssignment[],
): Responsible {
  const handler = handlers.find((h) => h.unitId === unitId);
  if (handler) return { userId: handler.userId, by: 'assignedHandler' };
  return { userId: unit?.personInChargeUserId ?? null, by: 'personInCharge' };
}

/** The petition offices over a unit that may supervise its lapses, nearest first: never the unit itself. */
export function officesOverLapse(unit: Pick<UnitRef, 'id' | 'supervisingOffices'>): string[] {
  return unit.supervisingOffices.filter((id) => id !== unit.id);
}

/** Who supervises a unit's lapse (督办) and who lists it or takes it over (挂牌督办, 提级办理). */
export function lapseSupervisors(unit: Pick<UnitRef, 'id' | 'supervisingOffices'>): {
  supervising: string | null;
  levelAbove: string | null;
} {
  const offices = officesOverLapse(unit);
  return { supervising: offices[0] ?? null, levelAbove: offices[1] ?? offices[0] ?? null };
}

/** The 督办 tasks as the rule reads them: which unit owes feedback, which office decides it. */
export interface FeedbackTask {
  kind: 'supervision' | 'listed' | 'takeoverAvailable';
  supervisingUnitId: string;
  supervisedUnitId: string;
  status: 'open' | 'answered' | 'closed';
  feedbackClockKey: string | null;
}

/** The unit that owes 督办 feedback now (the unit that lapsed), or null when none is owed. */
export function feedbackOwedBy(tasks: readonly FeedbackTask[], runningClockKeys: readonly string[]): string | null {
  const task = tasks.find(
    (t) =>
      t.kind === 'supervision' &&
      t.status === 'open' &&
      t.feedbackClockKey !== null &&
      runningClockKeys.includes(t.feedbackClockKey),
  );
  return task?.supervisedUnitId ?? null;
}

/** Which unit owes 督办 feedback and which office decides it, from the case's tasks and clocks. */
export function feedbackStanding(
  tasks: readonly FeedbackTask[],
  clocks: readonly { key: string; status: string }[],
): { feedbackOwedBy: string | null; feedbackDecidedBy: string | null } {
  const running = clocks.filter((c) => c.status === 'running').map((c) => c.key);
  return { feedbackOwedBy: feedbackOwedBy(tasks, running), feedbackDecidedBy: feedbackDecidedBy(tasks) };
}

/** The office that asked for feedback now given and waiting for its decision (accept or return), or null. */
export function feedbackDecidedBy(tasks: readonly FeedbackTask[]): string | null {
  return tasks.find((t) => t.kind === 'supervision' && t.status === 'answered')?.supervisingUnitId ?? null;
}
