/**
 * A refusal as data: the failure details a workflow attaches to a refused action, and what the API
 * reads back, so neither side parses the other's English. `message` stays for developers and logs;
 * `messageKey` names the rule (a stable dotted key a catalogue renders for people) and `params`
 * holds what the rendering needs. Keys are never renamed once shipped: a catalogue and old clients
 * key on them.
 */
import type { RejectionCode } from './action-args';

/**
 * Every rule a refusal can name: the catalogue of people's messages (next to come) has one entry per
 * key. `args.*` are about an argument (`params.field` names it), `case.*` about the case's state,
 * `actor.*` about who acts, `campaign.*` about a 专项工作 campaign; a key is never renamed once shipped.
 */
export const REFUSAL_MESSAGE_KEYS = [
  'args.accusedUnit',
  'args.afterWindow',
  'args.beforeDelivery',
  'args.beforeHearingStart',
  'args.beforePreviousHearing',
  'args.beforeReplyIssued',
  'args.beforeRequest',
  'args.calendarOlder',
  'args.calendarUnchanged',
  'args.daysOutOfRange',
  'args.deliveryNoSigner',
  'args.deliverySigner',
  'args.documentRequired',
  'args.inFuture',
  'args.inPast',
  'args.notBoolean',
  'args.notDate',
  'args.notInstant',
  'args.notOneOf',
  'args.postmarkAfterReceipt',
  'args.receivedAfterRegistration',
  'args.required',
  'args.tooLong',
  'args.unchanged',
  'args.unknownUnit',
  'args.wrongDocument',
  'case.alreadyListed',
  'case.alreadyRated',
  'case.caseLeaderRequired',
  'case.documentPending',
  'case.draftAwaitingApproval',
  'case.draftSuperseded',
  'case.noDraftAwaiting',
  'case.handlingPeriodEnded',
  'case.hearingNotEnded',
  'case.hearingOpen',
  'case.implementationConfirmed',
  'case.noFollowUpDue',
  'case.noHandlingUnit',
  'case.noHearingOpen',
  'case.noLevelAbove',
  'case.noObjectionPending',
  'case.noReportBackToDecide',
  'case.objectionPending',
  'case.noSupervisionPending',
  'case.noFeedbackToDecide',
  'case.handlerUnchanged',
  'case.noUrgentReportDue',
  'case.notHandedDown',
  'case.notListed',
  'case.objectionPeriodOver',
  'case.redirectOnlyAppeal',
  'case.replyNotSupported',
  'case.reportedBack',
  'case.requestWindowClosed',
  'case.secondExtension',
  'case.takeOverNotYet',
  'case.unitAboveMissing',
  'actor.notLevelAbove',
  'actor.wrongRole',
  'actor.wrongStep',
  'actor.wrongUnit',
  'leader.ofAccusedUnit',
  'leader.otherRegion',
  'leader.wrongLevel',
  'request.idRequired',
  'request.idUsedForOtherAction',
  'request.idUsedForOtherRequest',
  'request.noActor',
  'request.refusedEarlier',
  'text.illFormed',
  'registration.accusedHandles',
  'registration.backlogInvalid',
  'registration.backlogReceivedAt',
  'registration.notARepeat',
  'registration.notRegistrar',
  'registration.otherUnit',
  'campaign.alreadyLaunched',
  'campaign.alreadyStruckOff',
  'campaign.cannotRelapse',
  'campaign.caseAlreadyIn',
  'campaign.caseNotIn',
  'campaign.caseOutsideRegion',
  'campaign.closed',
  'campaign.definitionInvalid',
  'campaign.evidenceFilesInvalid',
  'campaign.followUpNotPassed',
  'campaign.followUpNotYet',
  'campaign.full',
  'campaign.leaderAlreadyLeads',
  'campaign.leaderBelowCase',
  'campaign.notAStep',
  'campaign.notLaunched',
  'campaign.notResolvedForStrikeOff',
  'campaign.otherOffice',
  'campaign.petitionNotSettled',
  'campaign.petitionerWordNeeded',
  'campaign.planClosed',
  'campaign.stepCount',
  'campaign.stepDone',
  'campaign.stepTwice',
  'campaign.stepsDoneNotList',
  'campaign.struckOff',
  'campaign.tooManyLeaders',
  'campaign.unknownStep',
  'campaign.wrongUnit',
] as const;
export type RefusalMessageKey = (typeof REFUSAL_MESSAGE_KEYS)[number];

/** What a message may be filled in with: plain values, and lists (the allowed values of a choice). */
export type RefusalParam = string | number | boolean | null | readonly string[];
export type RefusalParams = Readonly<Record<string, RefusalParam>>;

/** The rule a refusal names, and what a catalogue needs to say it. */
export interface RefusalKey {
  messageKey: RefusalMessageKey;
  params: RefusalParams;
}

/** The first (and only) entry of a refused action's ApplicationFailure details. */
export interface RefusalDetails extends RefusalKey {
  code: RejectionCode;
  /** The argument at fault (`args.reason`), or null when the refusal is about the case's state. */
  field: string | null;
}

function isParam(value: unknown): value is RefusalParam {
  if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return true;
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * The details of a refusal as the client received them (a key as a plain string: a newer worker may
 * know keys this API does not), or null: a refusal recorded before
 * refusals carried details (a replayed history, an older worker) has none, and is read without them.
 */
export function refusalDetailsOf(
  details: readonly unknown[] | undefined,
): { field?: string | null; messageKey?: string; params?: RefusalParams } | null {
  const first = details?.[0];
  if (typeof first !== 'object' || first === null) return null;
  const raw = first as Record<string, unknown>;
  const out: { field?: string | null; messageKey?: string; params?: RefusalParams } = {};
  if (typeof raw.field === 'string' || raw.field === null) out.field = raw.field;
  if (typeof raw.messageKey === 'string') out.messageKey = raw.messageKey;
  if (typeof raw.params === 'object' && raw.params !== null && !Array.isArray(raw.params)) {
    const params = Object.entries(raw.params as Record<string, unknown>).filter(([, v]) => isParam(v));
    out.params = Object.fromEntries(params) as RefusalParams;
  }
  return out;
}
