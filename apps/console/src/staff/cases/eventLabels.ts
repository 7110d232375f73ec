/** What a timeline event says, in Chinese: the milestones' words plus the workflow's other events. */
import { CLOCK_LABELS, MILESTONE_LABELS, RUNG_LABELS, labelOf } from '../../shared/labels';

const EVENT_LABELS: Record<string, string> = {
  ...MILESTONE_LABELS,
  routed: '转送',
  handedDown: '交办',
  clockStarted: '期限开始',
  clockStopped: '期限停止',
  clockLapsed: '期限届满',
  escalationRungFired: '预警督办',
  actionRefused: '操作被拒绝',
  handlingExtended: '延长办理期限',
  replyIssued: '出具处理意见书',
  replyDelivered: '处理意见书送达',
  misrouteObjected: '异议退回',
  caseLeaderAssigned: '确定包案领导',
  supervisionIssued: '督办',
  supervisionFeedbackRecorded: '督办反馈',
  listedForSupervision: '挂牌督办',
  unlistedFromSupervision: '销号',
  takenOver: '提级办理',
  implementationConfirmed: '确认落实',
  reportedBack: '交办结果报告',
  urgentReported: '紧急报告',
  registrationCorrected: '更正登记',
  calendarReprojected: '重算日历',
  followUpScheduled: '安排回头看',
  followUpDue: '回头看到期',
  followUpRecorded: '回头看',
  relapseDetected: '发现反弹',
  sentBackForHandling: '退回重新办理',
  closed: '办结',
};

export function eventLabel(type: string, data: Record<string, unknown>): string {
  const label = EVENT_LABELS[type] ?? type;
  if (typeof data.clockId === 'string') return `${label}：${labelOf(CLOCK_LABELS, data.clockId)}`;
  if (typeof data.rung === 'string') return `${label}：${labelOf(RUNG_LABELS, data.rung)}`;
  return label;
}
