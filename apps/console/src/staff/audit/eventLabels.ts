/**
 * One timeline line in words, the same for the history's timeline and the read model's, so the
 * auditor compares like with like: what happened, and for clocks and rungs which clock and rung.
 */
import { ACTION_LABELS, CLOCK_LABELS, MILESTONE_LABELS, RUNG_LABELS, labelOf } from '../../shared/labels';

const EVENT_LABELS: Record<string, string> = {
  clockStarted: '期限开始',
  clockStopped: '期限停止',
  clockLapsed: '期限届满',
  escalationRungFired: '预警督办',
  actionRefused: '操作被拒绝',
  misrouteObjected: '异议退回',
  handlingExtended: '延长办理期限',
  replyIssued: '出具处理意见书',
  implementationConfirmed: '确认落实',
  caseLeaderAssigned: '确定包案领导',
  supervisionIssued: '督办',
  supervisionFeedbackRecorded: '登记督办反馈',
  listedForSupervision: '挂牌督办',
  unlistedFromSupervision: '销号',
  takenOver: '提级办理',
  reportedBack: '交办结果报告',
  urgentReported: '紧急报告',
  registrationCorrected: '登记更正',
  calendarReprojected: '按新日历重算期限',
  closed: '办结',
};

export function eventTitle(type: string, data: Record<string, unknown>): string {
  const what = EVENT_LABELS[type] ?? (MILESTONE_LABELS as Record<string, string>)[type] ?? (ACTION_LABELS as Record<string, string>)[type] ?? type;
  const clock = typeof data.clockId === 'string' ? `：${labelOf(CLOCK_LABELS, data.clockId)}` : '';
  const rung = typeof data.rung === 'string' ? `（${labelOf(RUNG_LABELS, data.rung)}）` : '';
  return `${what}${clock}${rung}`;
}
