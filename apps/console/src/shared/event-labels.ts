/**
 * What a timeline event says, in Chinese, wherever a timeline is shown (the case page, and both of
 * the auditor's timelines, so they compare like with like): the milestones' words plus the
 * workflow's other events, with the clock or rung the event concerns.
 */
import { ACTION_LABELS, CLOCK_LABELS, MILESTONE_LABELS, RUNG_LABELS, labelOf } from './labels';

const EVENT_LABELS: Record<string, string> = {
  ...(ACTION_LABELS as Record<string, string>),
  ...(MILESTONE_LABELS as Record<string, string>),
  routed: '转送',
  assigned: '交办',
  handedDown: '交办',
  clockStarted: '期限开始',
  clockStopped: '期限停止',
  clockLapsed: '期限届满',
  escalationRungFired: '预警督办',
  actionRefused: '操作被拒绝',
  misrouteObjected: '异议退回',
  handlingExtended: '延长办理期限',
  replyIssued: '出具处理意见书',
  replyDelivered: '处理意见书送达',
  implementationConfirmed: '确认落实',
  caseLeaderAssigned: '确定包案领导',
  supervisionIssued: '督办',
  supervisionFeedbackRecorded: '登记督办反馈',
  listedForSupervision: '挂牌督办',
  unlistedFromSupervision: '销号',
  takenOver: '提级办理',
  reportedBack: '交办结果报告',
  urgentReported: '紧急报告',
  registrationCorrected: '更正登记',
  calendarReprojected: '按新日历重算期限',
  followUpScheduled: '安排回头看',
  followUpDue: '回头看到期',
  followUpRecorded: '回头看',
  relapseDetected: '发现反弹',
  sentBackForHandling: '退回重新办理',
  closed: '办结',
};

/** `期限开始：办理期限`, `预警督办：超期督办`, `受理`; an event the console has no word for shows its type. */
export function eventLabel(type: string, data: Record<string, unknown>): string {
  const label = EVENT_LABELS[type] ?? type;
  if (typeof data.clockId === 'string' && typeof data.rung === 'string')
    return `${label}：${labelOf(CLOCK_LABELS, data.clockId)}（${labelOf(RUNG_LABELS, data.rung)}）`;
  if (typeof data.clockId === 'string') return `${label}：${labelOf(CLOCK_LABELS, data.clockId)}`;
  if (typeof data.rung === 'string') return `${label}：${labelOf(RUNG_LABELS, data.rung)}`;
  return label;
}
