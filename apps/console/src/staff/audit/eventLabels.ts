/**
 * One timeline line in words, the same for the history's timeline and the read model's, so the
 * auditor compares like with like: what happened, and for clocks and rungs which clock and rung.
 */
import { ACTION_LABELS, CLOCK_LABELS, MILESTONE_LABELS, RUNG_LABELS, labelOf } from '../../shared/labels';

const EVENT_LABELS: Record<string, string> = {
  routed: '转送',
  assigned: '交办',
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

/** The reasons' keys as the forms call them (values stay as entered). */
export const REASON_LABELS: Record<string, string> = {
  reason: '理由',
  reasons: '理由',
  note: '备注',
  summary: '摘要',
  instructions: '督办要求',
  feedback: '反馈',
  decision: '决定',
  outcome: '处理结果',
  procedure: '法定途径',
  days: '天数',
  rung: '档位',
  code: '代码',
  action: '操作',
};

/** The audit trail's record kinds. */
export const TRAIL_KIND_LABELS: Record<string, string> = {
  staffAction: '办理操作',
  caseRead: '查阅案件',
  historyRead: '查阅历史',
  disposition: '问责处理',
  login: '登录',
  auditorAction: '审计操作',
  adminChange: '管理变更',
};

/** A trail record's action: a staff action's Chinese name where it is one. */
export function trailActionLabel(action: string): string {
  if (action === 'register') return '登记';
  return (ACTION_LABELS as Record<string, string>)[action] ?? action;
}
