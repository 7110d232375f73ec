/** Arguments of the actions that watch over a case: urgent reports, case leaders, 督办, 挂牌, 提级, 回头看, ratings. */
import { FOLLOW_UP_RESULTS, FollowUpResult, RATINGS, Rating } from '@/libs/process/policy';
import { EnumArg, IntArg, TextArg, UnitIdArg, ReasonArgs } from './arg-decorators';

export class ReportUrgentArgs {
  @UnitIdArg('重大紧急: the unit above it was reported to', 'c-xfj')
  reportedToUnitId!: string;

  @TextArg({ description: 'what was reported', example: '已电话报告市信访局值班室', optional: true })
  note?: string;
}

export class AssignCaseLeaderArgs {
  @TextArg({
    description: '包案: user id of the case leader (a user with the role caseLeader)',
    example: 'x-leader',
    max: 100,
  })
  leaderUserId!: string;

  @IntArg({
    description: 'days the leader sets for resolving the case (leaderResolution clock)',
    example: 45,
    min: 1,
    max: 365,
  })
  resolutionDays!: number;
}

export class IssueSupervisionArgs {
  @TextArg({ description: '督办: what the supervised unit must do', example: '请于30日内书面反馈办理情况' })
  instructions!: string;
}

export class RecordSupervisionFeedbackArgs {
  @TextArg({ description: 'the written feedback on the 督办', example: '已完成现场核查并答复信访人' })
  feedback!: string;
}

export class DecideSupervisionFeedbackArgs {
  @EnumArg(['accepted', 'returned'], 'the office that asked: accepted 采纳 · returned 退回 (a new feedback is owed)')
  decision!: 'accepted' | 'returned';

  @TextArg({
    description: 'why it is returned (required when returned)',
    example: '反馈未说明整改结果',
    optional: true,
  })
  comments?: string;
}

/** 交办: the office that handed the case down accepts the report-back, or returns it (a new report is owed). */
export class DecideReportBackArgs extends DecideSupervisionFeedbackArgs {}

export class AssignHandlerArgs {
  @TextArg({ description: '分办: user id of the 承办人 in the unit holding the case', example: 'x-handler', max: 100 })
  handlerUserId!: string;

  @TextArg({
    description: 'why the case is reassigned (required when it already has a 承办人)',
    example: '原承办人调岗',
    optional: true,
  })
  reason?: string;
}

export class ListForSupervisionArgs extends ReasonArgs(
  '挂牌督办: why the case is listed',
  '办理期限届满15日仍未办结',
) {}

export class UnlistFromSupervisionArgs extends ReasonArgs(
  '销号: why the case comes off the list',
  '已办结并经回访确认',
) {}

export class TakeOverArgs extends ReasonArgs(
  '提级办理: why the level above takes the case over',
  '逾期30日未办结，提级办理',
) {}

export class RecordFollowUpArgs {
  @EnumArg(FOLLOW_UP_RESULTS, 'stable 稳定 · relapsed 反弹 (reopens handling)')
  result!: FollowUpResult;

  @TextArg({ description: 'what the follow-up check (回头看) found', example: '回访信访人，问题未反弹' })
  note!: string;
}

export class RateArgs {
  @EnumArg(RATINGS, '满意 satisfied · 基本满意 basicallySatisfied · 不满意 dissatisfied (opens a follow-up check)')
  rating!: Rating;
}
