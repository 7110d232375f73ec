/** Chinese labels of the action arguments and of their enumerations (the schema's words are English). */
import {
  CHANNEL_LABELS,
  DECISION_LABELS,
  DELIVERY_METHOD_LABELS,
  DELIVERY_SIGNER_LABELS,
  OUTCOME_LABELS,
  RATING_LABELS,
  REDIRECT_LABELS,
} from '../../shared/labels';

export const ARG_LABELS: Record<string, string> = {
  unitId: '单位',
  reportBackDays: '报告期限（天）',
  leaderUserId: '包案领导（用户名）',
  handlerUserId: '承办人（用户名）',
  comments: '意见',
  draftNo: '草稿稿次',
  resolutionDays: '化解期限（天）',
  note: '说明',
  field: '更正项目',
  reason: '理由',
  value: '更正后的值',
  earlierPetitionId: '原信访事项编号',
  endDate: '听证结束日',
  startDate: '听证开始日',
  days: '延长天数',
  // The one argument named so: a review decision, a decision on 督办 feedback, or on an objection (异议核实).
  decision: '决定',
  facts: '经调查核实的事实',
  legalBasis: '依据',
  reasons: '理由',
  outcome: '处理意见',
  instructions: '督办要求',
  rating: '满意度',
  deliveredAt: '送达时间',
  method: '送达方式',
  signedBy: '送达回证签收人',
  receiptFileId: '送达回证扫描件',
  postmarkedAt: '邮戳日期（来信）',
  documentId: '送达文书',
  result: '回头看结果',
  feedback: '督办反馈',
  procedure: '法定途径',
  summary: '报告内容',
  reportedToUnitId: '报告单位',
  calendarVersion: '日历版本',
  receivedAt: '收到申请时间',
};

const FIELD_LABELS: Record<string, string> = {
  receivedAt: '收到时间',
  channel: '来源渠道',
  urgent: '重大紧急',
  collective: '集体访',
};
const FOLLOW_UP_LABELS: Record<string, string> = { stable: '稳定', relapsed: '反弹' };

/** The labels of an enumerated argument, by the argument's name (the unions labels.ts knows). */
const ENUM_LABELS: Record<string, Record<string, string>> = {
  outcome: OUTCOME_LABELS,
  // A review decision (维持/变更/撤销), or the supervising office's decision on 督办 feedback.
  decision: {
    ...DECISION_LABELS,
    accepted: '采纳',
    returned: '退回',
    // 核实异议 (Art 23): the routing office's decision on an objection to a misroute.
    agreed: '同意，退回重新转送',
    refused: '不予同意（须说明理由）',
  },
  rating: RATING_LABELS,
  procedure: REDIRECT_LABELS,
  channel: CHANNEL_LABELS,
  field: FIELD_LABELS,
  result: FOLLOW_UP_LABELS,
  method: DELIVERY_METHOD_LABELS,
  signedBy: DELIVERY_SIGNER_LABELS,
};

export function argLabel(name: string): string {
  return ARG_LABELS[name] ?? name;
}

export function enumLabel(name: string, value: unknown): string {
  return ENUM_LABELS[name]?.[String(value)] ?? String(value);
}
