/** 复查 / 复核: review and re-review requests, hearings (听证) that suspend the clock, decisions. */
import { shanghaiDateOf } from '../../libs/process/calendar';
import { inclusiveDayCount } from '../../libs/process/deadline';
import { REVIEW_DECISIONS, type ClockId, type ReviewDecision } from '../../libs/process/policy';
import type { ActionArgs } from '../../libs/process';
import { startHandling } from './acceptance';
import {
  bad,
  knownUnit,
  requireDate,
  requireInstant,
  requireOneOf,
  type Appliers,
  type ArgumentChecks,
} from './checks';
import { reproject, runningClock, startClock, stopClock } from './clocks';
import { decisionNoticeDetails, refuseWhileDraftAwaits, submitDraft } from './drafts';
import { checkGrounds, requestNotice, type LegacyDocumentArgs } from './notices';
import type { PetitionState } from './state';
import { responsible, type Transition } from './transition';

/**
 * A request received by letter carries its postmark: the postmark meets the window (the request was
 * made when posted, MAILED_REQUEST_DATES), the receipt starts the organ's clock. Without a postmark
 * the receipt is both, as it always was.
 */
function checkRequestReceipt(
  state: PetitionState,
  windowId: ClockId,
  args: { receivedAt: number; postmarkedAt?: number },
  now: number,
): void {
  requireInstant(args?.receivedAt, 'receivedAt');
  if (args.receivedAt > now)
    bad('receivedAt is in the future', 'args.receivedAt', 'args.inFuture', { field: 'receivedAt' });
  const mailed = args.postmarkedAt !== undefined && args.postmarkedAt !== null;
  if (mailed) {
    requireInstant(args.postmarkedAt, 'postmarkedAt');
    if (args.postmarkedAt! > args.receivedAt)
      bad('postmarkedAt is after the request was received', 'args.postmarkedAt', 'args.postmarkAfterReceipt', {
        field: 'postmarkedAt',
      });
  }
  const window = runningClock(state, windowId);
  if (!window || window.dueAt === null) bad('the request window is not open', null, 'case.requestWindowClosed');
  const madeAt = mailed ? args.postmarkedAt! : args.receivedAt;
  const field = mailed ? 'postmarkedAt' : 'receivedAt';
  if (madeAt < window.startedAt || args.receivedAt < window.startedAt)
    bad(`${field} is before the reply was delivered`, `args.${field}`, 'args.beforeDelivery', { field });
  if (madeAt >= window.dueAt)
    bad(
      `the request was ${mailed ? 'posted' : 'received'} after its 30-day window closed`,
      `args.${field}`,
      'args.afterWindow',
      {
        field,
        days: 30,
      },
    );
}

/** The request's postmark, where it came by letter. */
function postmark(args: { postmarkedAt?: number }): { postmarkedAt?: number } {
  return args.postmarkedAt === undefined || args.postmarkedAt === null ? {} : { postmarkedAt: args.postmarkedAt };
}

/**
 * A review or re-review decision, issued now: upheld/changed waits for delivery; revoked sends the
 * case back for handling. On a case with 签发 this runs when the head approves the draft.
 */
export function decide(ctx: Transition, level: 'review' | 'reReview', args: ActionArgs['issueReviewDecision']): void {
  const s = ctx.state;
  const record = level === 'review' ? s.review! : s.reReview!;
  const unitId = (level === 'review' ? s.reviewUnit : s.reReviewUnit)!.id;
  stopClock(ctx, level, 'decided');
  record.decision = args.decision;
  record.decidedAt = ctx.now;
  if (s.writtenNotices) record.document = null;
  const type = level === 'review' ? 'reviewDecided' : 'reReviewDecided';
  const legacy = s.writtenNotices ? {} : { documentRef: (args as LegacyDocumentArgs).documentRef };
  const seq = ctx.event(type, { decision: args.decision, ...legacy, [`${level}UnitId`]: unitId });
  ctx.milestone(type, ctx.now, args.decision);
  requestNotice(ctx, seq, unitId, decisionNoticeDetails(s, level, args), level);
  if (args.decision !== 'upheld') traceResponsibility(ctx, seq, level, args.decision);
  if (args.decision === 'revoked') sendBackForHandling(ctx);
  else s.step = type;
}

export function sendBackForHandling(ctx: Transition): void {
  ctx.event('sentBackForHandling', { round: ctx.state.handlingRound + 1 });
  ctx.state.reply = null;
  startHandling(ctx);
}

/** 责任倒查: a reply changed or revoked on review is recorded against the unit that gave it. */
export function traceResponsibility(
  ctx: Transition,
  decisionSeq: number,
  level: 'review' | 'reReview',
  decision: ReviewDecision,
): void {
  const unitId = ctx.state.handlingUnit!.id;
  ctx.ledger({
    rule: 'replyChangedOnReview',
    unitId,
    ...responsible(ctx.handlingResponsible(unitId)),
    eventSeqs: [decisionSeq],
    discriminator: `${level}:${decisionSeq}`,
    detail: {
      level,
      decision,
    },
  });
}

export const REVIEW_CHECKS: ArgumentChecks<
  'requestReview' | 'issueReviewDecision' | 'requestReReview' | 'startHearing' | 'endHearing' | 'issueReReviewDecision'
> = {
  requestReview: (state, args, now) => checkRequestReceipt(state, 'reviewRequestWindow', args, now),
  issueReviewDecision: (state, args) => {
    requireOneOf(args?.decision, REVIEW_DECISIONS, 'decision');
    checkGrounds(state, args);
    refuseWhileDraftAwaits(state);
  },
  requestReReview: (state, args, now) => checkRequestReceipt(state, 'reReviewRequestWindow', args, now),
  startHearing: (state, args, now) => {
    requireDate(args?.startDate, 'startDate');
    // A hearing reopens the facts: the draft decision awaiting 签发 is approved or returned first.
    refuseWhileDraftAwaits(state);
    const hearings = state.reReview?.hearings ?? [];
    if (hearings.some((h) => h.endDate === null)) bad('a hearing is already open', null, 'case.hearingOpen');
    const clock = runningClock(state, 'reReview');
    if (clock && args.startDate < shanghaiDateOf(clock.startedAt))
      bad('startDate is before the re-review request was received', 'args.startDate', 'args.beforeRequest', {
        field: 'startDate',
      });
    if (args.startDate > shanghaiDateOf(now))
      bad('startDate is in the future', 'args.startDate', 'args.inFuture', { field: 'startDate' });
    const last = hearings[hearings.length - 1];
    if (last?.endDate && args.startDate <= last.endDate)
      bad(
        `startDate must be after the previous hearing ended (${last.endDate})`,
        'args.startDate',
        'args.beforePreviousHearing',
        {
          field: 'startDate',
          endDate: last.endDate,
        },
      );
  },
  endHearing: (state, args, now) => {
    requireDate(args?.endDate, 'endDate');
    const open = state.reReview?.hearings.find((h) => h.endDate === null);
    if (!open) bad('no hearing is open', null, 'case.noHearingOpen');
    if (args.endDate < open.startDate)
      bad(`endDate is before the hearing started (${open.startDate})`, 'args.endDate', 'args.beforeHearingStart', {
        field: 'endDate',
        startDate: open.startDate,
      });
    if (args.endDate > shanghaiDateOf(now))
      bad('endDate is in the future', 'args.endDate', 'args.inFuture', { field: 'endDate' });
  },
  issueReReviewDecision: (state, args) => {
    requireOneOf(args?.decision, REVIEW_DECISIONS, 'decision');
    checkGrounds(state, args);
    if (state.reReview?.hearings.some((h) => h.endDate === null))
      bad('end the hearing before deciding', null, 'case.hearingNotEnded');
    refuseWhileDraftAwaits(state);
  },
};

export const REVIEW: Appliers<
  'requestReview' | 'issueReviewDecision' | 'requestReReview' | 'startHearing' | 'endHearing' | 'issueReReviewDecision'
> = {
  requestReview: (ctx, args, units) => {
    const s = ctx.state;
    s.reviewUnit = knownUnit(units, s.handlingUnit!.parentId!, null);
    stopClock(ctx, 'reviewRequestWindow', 'requested');
    s.review = { receivedAt: args.receivedAt, ...postmark(args), decision: null, decidedAt: null, deliveredAt: null };
    s.firstTimeResolution = false;
    s.step = 'review';
    ctx.event('reviewRequested', { receivedAt: args.receivedAt, ...postmark(args), reviewUnitId: s.reviewUnit.id });
    ctx.milestone('reviewRequested', args.receivedAt);
    startClock(ctx, 'review', s.reviewUnit.id, args.receivedAt);
  },
  issueReviewDecision: (ctx, args) =>
    ctx.state.approvals ? submitDraft(ctx, 'review', args) : decide(ctx, 'review', args),
  requestReReview: (ctx, args, units) => {
    const s = ctx.state;
    s.reReviewUnit = knownUnit(units, s.reviewUnit!.parentId!, null);
    stopClock(ctx, 'reReviewRequestWindow', 'requested');
    s.reReview = {
      receivedAt: args.receivedAt,
      ...postmark(args),
      hearings: [],
      decision: null,
      decidedAt: null,
      deliveredAt: null,
    };
    s.step = 'reReview';
    ctx.event('reReviewRequested', {
      receivedAt: args.receivedAt,
      ...postmark(args),
      reReviewUnitId: s.reReviewUnit.id,
    });
    ctx.milestone('reReviewRequested', args.receivedAt);
    startClock(ctx, 'reReview', s.reReviewUnit.id, args.receivedAt);
  },
  startHearing: (ctx, args) => {
    const clock = runningClock(ctx.state, 'reReview')!;
    ctx.state.reReview!.hearings.push({ startDate: args.startDate, endDate: null });
    clock.hearingOpenSince = args.startDate;
    clock.dueAt = null;
    clock.lastDay = null;
    ctx.event('hearingStarted', { startDate: args.startDate }, clock.key);
    ctx.milestone('hearingStarted', ctx.now, args.startDate);
  },
  endHearing: (ctx, args) => {
    const clock = runningClock(ctx.state, 'reReview')!;
    const hearing = ctx.state.reReview!.hearings.find((h) => h.endDate === null)!;
    hearing.endDate = args.endDate;
    const hearingDays = inclusiveDayCount(hearing.startDate, args.endDate);
    clock.hearingOpenSince = null;
    reproject(ctx, clock, clock.lengthDays, clock.excludedDays + hearingDays);
    ctx.event(
      'hearingEnded',
      { endDate: args.endDate, hearingDays, newDueAt: clock.dueAt, newLastDay: clock.lastDay },
      clock.key,
    );
    ctx.milestone('hearingEnded', ctx.now, args.endDate);
  },
  issueReReviewDecision: (ctx, args) =>
    ctx.state.approvals ? submitDraft(ctx, 'reReview', args) : decide(ctx, 'reReview', args),
};
