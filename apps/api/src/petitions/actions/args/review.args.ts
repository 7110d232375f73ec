/** Arguments of review (复查), re-review (复核) and hearings (听证). */
import { REVIEW_DECISIONS, ReviewDecision } from '@/libs/process/policy';
import { DateArg, EnumArg, InstantArg, IntArg, TextArg, WrittenGroundsArgs } from './arg-decorators';

export class RequestReviewArgs {
  @InstantArg(
    'when the review request was received (within 30 days of delivery of the reply); the review clock runs from it',
  )
  receivedAt!: string;

  @InstantArg(
    'a request received by letter: the postmark, which decides whether it was asked within the 30 days (《信访工作条例》第三十五条: the request is made when posted)',
    { optional: true },
  )
  postmarkedAt?: string;
}

/** The workflow issues the 复查意见书 from these. */
export class IssueReviewDecisionArgs extends WrittenGroundsArgs {
  @EnumArg(REVIEW_DECISIONS, 'upheld 维持 · changed 变更 · revoked 撤销 (the original unit handles the case again)')
  decision!: ReviewDecision;
}

export class RequestReReviewArgs {
  @InstantArg(
    'when the re-review request was received (within 30 days of delivery of the review reply); the re-review clock runs from it',
  )
  receivedAt!: string;

  @InstantArg(
    'a request received by letter: the postmark, which decides whether it was asked within the 30 days (《信访工作条例》第三十六条)',
    { optional: true },
  )
  postmarkedAt?: string;
}

export class StartHearingArgs {
  @DateArg('first day of the hearing; hearing days do not count towards the re-review period', '2027-02-01')
  startDate!: string;
}

export class EndHearingArgs {
  @DateArg('last day of the hearing', '2027-02-03')
  endDate!: string;
}

/** The workflow issues the 复核意见书 from these. */
export class IssueReReviewDecisionArgs extends WrittenGroundsArgs {
  @EnumArg(REVIEW_DECISIONS, 'upheld 维持 · changed 变更 · revoked 撤销')
  decision!: ReviewDecision;
}

/** 签发 of the draft awaiting approval: the reply, review or re-review decision is issued (文号) now. */
export class ApproveDraftArgs {
  @IntArg({
    description: 'the number of the draft approved (`draft.draftNo` in the case view: the draft previewed)',
    example: 1,
    min: 1,
    max: 1000,
  })
  draftNo!: number;
}

/** The draft awaiting approval goes back to its drafter with the head's comments. */
export class ReturnDraftArgs {
  @IntArg({ description: 'the number of the draft returned (`draft.draftNo`)', example: 1, min: 1, max: 1000 })
  draftNo!: number;

  @TextArg({ description: 'what the drafter is to change (修改意见)', example: '事实部分请补充现场核查情况' })
  comments!: string;
}
