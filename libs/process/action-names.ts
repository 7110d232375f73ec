/**
 * The staff actions (DOMAIN §2a), listed once. The union, the policy's rules (ACTIONS), the
 * arguments (ActionArgs), the workflow's updates and the API's argument classes are all typed over
 * this list, so an action added here does not compile until each of them has it.
 * The order is the policy's: the API's paths and the console's generated types follow it.
 */
export const ACTION_NAMES = [
  'route',
  'assign',
  'objectMisroute',
  'decideMisrouteObjection',
  'assignHandler',
  'accept',
  'decline',
  'notAcceptedAgain',
  'redirect',
  'extendHandling',
  'issueReply',
  'confirmImplementation',
  'recordDelivery',
  'requestReview',
  'issueReviewDecision',
  'requestReReview',
  'startHearing',
  'endHearing',
  'issueReReviewDecision',
  'approveDraft',
  'returnDraft',
  'reportBack',
  'decideReportBack',
  'reportUrgent',
  'assignCaseLeader',
  'issueSupervision',
  'recordSupervisionFeedback',
  'decideSupervisionFeedback',
  'listForSupervision',
  'unlistFromSupervision',
  'takeOver',
  'recordFollowUp',
  'rate',
  'correctRegistration',
  'reprojectCalendar',
] as const;

export type ActionName = (typeof ACTION_NAMES)[number];

/**
 * A record with one entry per name, made for that name by `make`. TypeScript cannot follow a name
 * through a generic `make` into a mapped type, so the caller states `T` as what `make` returns for
 * each name: `{ [N in K]: ReturnType<typeof make<N>> }`.
 */
export function recordOf<T extends { [N in K]: unknown }, K extends string = keyof T & string>(
  names: readonly K[],
  make: (name: K) => unknown,
): T {
  return Object.fromEntries(names.map((name) => [name, make(name)])) as T;
}
