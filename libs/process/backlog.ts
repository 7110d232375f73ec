/**
 * Backlog that predates the service (信访积案, DOMAIN §9): a case registered with its history — when
 * the petitioner first came, how many times, and the earlier replies and decisions by reference.
 * Its statutory clocks run from the import, never from a years-old date, so they do not fire
 * against today's staff for what happened before the service existed; its first receipt still
 * says how long the matter has been open (a campaign's "open longer than" rule reads it).
 */
import { isValidDate, shanghaiDateOf } from './calendar';

/** 处理意见书 · 复查意见 · 复核意见 · 终结备案 · other decision */
export const EARLIER_DECISION_KINDS = [
  'reply',
  'reviewDecision',
  'reReviewDecision',
  'terminationFiled',
  'other',
] as const;
export type EarlierDecisionKind = (typeof EARLIER_DECISION_KINDS)[number];

export interface EarlierDecision {
  kind: EarlierDecisionKind;
  /** 文号 or file reference of the document; the document itself stays where it is kept. */
  documentRef: string;
  /** YYYY-MM-DD */
  date: string;
}

export interface BacklogHistory {
  /** When the petitioner first came with this matter. */
  firstReceivedAt: number;
  /** How many times the petitioner has come with it (信访次数), this registration included. */
  visits: number;
  earlierDecisions: EarlierDecision[];
  /** Where the earlier record is kept (the 台账 or file number it is imported from). */
  sourceRef: string;
}

export const MAX_EARLIER_DECISIONS = 50;

/** The first thing wrong with an imported history, or null. */
export function backlogHistoryProblem(history: BacklogHistory, now: number): string | null {
  if (!history || typeof history !== 'object') return 'backlog history is required';
  if (!Number.isSafeInteger(history.firstReceivedAt)) return 'backlog.firstReceivedAt must be an instant';
  if (history.firstReceivedAt > now) return 'backlog.firstReceivedAt is in the future';
  if (!Number.isInteger(history.visits) || history.visits < 1 || history.visits > 10_000)
    return 'backlog.visits must be a whole number from 1 to 10000';
  if (
    typeof history.sourceRef !== 'string' ||
    history.sourceRef.trim().length === 0 ||
    history.sourceRef.length > 200
  ) {
    return 'backlog.sourceRef is required (the 台账 or file it is imported from, at most 200 characters)';
  }
  if (!Array.isArray(history.earlierDecisions) || history.earlierDecisions.length > MAX_EARLIER_DECISIONS) {
    return `backlog.earlierDecisions must list at most ${MAX_EARLIER_DECISIONS} decisions`;
  }
  const first = shanghaiDateOf(history.firstReceivedAt);
  const today = shanghaiDateOf(now);
  for (const [i, d] of history.earlierDecisions.entries()) {
    if (!d || !EARLIER_DECISION_KINDS.includes(d.kind))
      return `backlog.earlierDecisions[${i}].kind must be one of ${EARLIER_DECISION_KINDS.join(', ')}`;
    if (typeof d.documentRef !== 'string' || d.documentRef.trim().length === 0 || d.documentRef.length > 200)
      return `backlog.earlierDecisions[${i}].documentRef is required`;
    if (!isValidDate(d.date)) return `backlog.earlierDecisions[${i}].date must be a date YYYY-MM-DD`;
    if (d.date < first || d.date > today)
      return `backlog.earlierDecisions[${i}].date must fall between the first receipt (${first}) and today`;
  }
  return null;
}
