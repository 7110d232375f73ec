import { CLOCKS } from '../process/policy';
import type { PetitionView } from '../process';

/** What the work queues and the case search read from a case, beside its full view. */
export interface CaseListColumns {
  collective: boolean;
  repeatOf: string[];
  accusedUnitId: string | null;
  /** Every unit the case has passed through: 属地管理 decides who sees it from these. */
  unitIds: string[];
  /** The running obligation due soonest (a window that runs out is nobody's failing). */
  nextDue: { at: number; clockKey: string; clockId: string; lastDay: string | null } | null;
}

export function caseListColumns(view: PetitionView): CaseListColumns {
  const unitIds = [
    ...new Set(
      [
        view.routingUnitId,
        view.handlingUnitId,
        view.reviewUnitId,
        view.reReviewUnitId,
        // 提级办理: the unit the case was taken from still owes its 督办 feedback, so it still sees the case.
        ...(view.takeovers ?? []).map((t) => t.fromUnitId),
      ].filter((u): u is string => u !== null),
    ),
  ];
  const due = view.clocks
    .filter((c) => c.status === 'running' && c.dueAt !== null && CLOCKS[c.id].kind === 'obligation')
    .sort((a, b) => a.dueAt! - b.dueAt! || a.key.localeCompare(b.key))[0];
  return {
    collective: view.collective ?? false,
    repeatOf: view.repeatOf ?? [],
    accusedUnitId: view.accusedUnitId ?? null,
    unitIds,
    nextDue: due ? { at: due.dueAt!, clockKey: due.key, clockId: due.id, lastDay: due.lastDay } : null,
  };
}
