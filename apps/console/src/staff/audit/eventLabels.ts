/** The auditor's words for the reasons of an event and for the audit trail's records. */
import { ACTION_LABELS } from '../../shared/labels';

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
  refusedRequest: '被拒请求',
};

/** A trail record's action: a staff action's Chinese name where it is one. */
export function trailActionLabel(action: string): string {
  if (action === 'register') return '登记';
  return (ACTION_LABELS as Record<string, string>)[action] ?? action;
}
