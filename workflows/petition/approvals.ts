/**
 * 签发: the unit head approves the draft awaiting approval (only then is the 文号 taken, the document
 * issued and the clock stopped, as the one-step issue did) or returns it with comments for a new
 * draft. The head is the head of the drafting unit: the handling unit for the 处理意见书, the
 * reviewing organ for the review and re-review decisions (who-may-act: holdingUnit).
 */
import type { ReplyOutcome, ReviewDecision, WrittenGrounds } from '../../libs/process';
import { bad, requireText, type Appliers, type ArgumentChecks } from './checks';
import { issueReplyNow } from './handling';
import { decide } from './review';
import type { PetitionState } from './state';

function requireDraft(state: PetitionState, draftNo: unknown): void {
  if (!state.draft) bad('no draft awaits approval', null, 'case.noDraftAwaiting');
  if (!Number.isInteger(draftNo))
    bad('draftNo is required: the number of the draft previewed', 'args.draftNo', 'args.required', {
      field: 'draftNo',
    });
  if (draftNo !== state.draft.draftNo)
    bad(
      `draft ${String(draftNo)} is not the draft awaiting approval (draft ${state.draft.draftNo})`,
      'args.draftNo',
      'case.draftSuperseded',
      { field: 'draftNo', current: state.draft.draftNo },
    );
  if (state.reReview?.hearings.some((h) => h.endDate === null))
    bad('end the hearing before deciding', null, 'case.hearingNotEnded');
}

export const APPROVAL_CHECKS: ArgumentChecks<'approveDraft' | 'returnDraft'> = {
  approveDraft: (state, args) => requireDraft(state, args?.draftNo),
  returnDraft: (state, args) => {
    requireDraft(state, args?.draftNo);
    requireText(args.comments, 'comments');
  },
};

export const APPROVALS: Appliers<'approveDraft' | 'returnDraft'> = {
  approveDraft: (ctx) => {
    const s = ctx.state;
    const draft = s.draft!;
    s.draft = null;
    ctx.event('draftApproved', { draftNo: draft.draftNo, kind: draft.kind, draftedBy: draft.draftedBy });
    if (draft.level === 'reply') issueReplyNow(ctx, draft.args as { outcome: ReplyOutcome } & WrittenGrounds);
    else decide(ctx, draft.level, draft.args as { decision: ReviewDecision } & WrittenGrounds);
  },
  returnDraft: (ctx, args) => {
    const s = ctx.state;
    const draft = s.draft!;
    s.draft = null;
    s.returnedDraft = {
      draftNo: draft.draftNo,
      kind: draft.kind,
      unitId: draft.unitId,
      comments: args.comments,
      returnedAt: ctx.now,
      returnedBy: ctx.actor?.userId ?? '',
    };
    ctx.event('draftReturned', {
      draftNo: draft.draftNo,
      kind: draft.kind,
      comments: args.comments,
      draftedBy: draft.draftedBy,
    });
  },
};
