/** The campaign screens' words (专项攻坚), keyed by the API's values. */
import type { Schemas } from '../../api/client';

type CampaignCase = Schemas['CampaignCaseWireView'];

export const CAMPAIGN_STATUS_LABELS: Record<Schemas['CampaignWireView']['status'], string> = {
  active: '进行中',
  closed: '已结束',
};
export const CASE_STATUS_LABELS: Record<CampaignCase['status'], string> = {
  inProgress: '化解中',
  resolved: '已化解',
  petitionerStopped: '停访息诉',
  terminated: '终结备案',
  notResolved: '未化解',
};
export const REASON_LABELS: Record<CampaignCase['reasons'][number], string> = {
  openLongerThan: '长期未结',
  repeatPetition: '重复信访',
  reopenedAfterRelapse: '反弹重办',
  listedForSupervision: '挂牌督办',
  importedBacklog: '导入积案',
};
export const FOLLOW_UP_LABELS: Record<NonNullable<CampaignCase['followUp']>['status'], string> = {
  scheduled: '待回头看',
  open: '回头看中',
  passed: '回头看通过',
  relapsed: '发现反弹',
};

export const EVENT_LABELS: Record<string, string> = {
  campaignLaunched: '启动专项攻坚',
  caseJoined: '案件纳入',
  caseRemoved: '案件移出',
  caseReturned: '案件退回攻坚',
  leaderAssigned: '确定包案领导',
  responsiblePersonSet: '确定责任人',
  planEdited: '制定一案一策',
  progressRecorded: '报告进展',
  planStepEscalated: '计划步骤超期上报',
  followUpScheduled: '安排回头看',
  followUpDue: '回头看到期',
  followUpChecked: '回头看',
  relapseReported: '报告反弹',
  relapseDetected: '发现反弹',
  struckOff: '销号',
  selectionCapped: '选案数量达上限',
  bulletinIssued: '发布通报',
  campaignClosed: '结束专项攻坚',
};
export const FOLLOW_UP_RESULT_LABELS: Record<Schemas['FollowUpCheckDto']['result'], string> = {
  stable: '稳定，未反弹',
  relapsed: '发现反弹',
};
/** The case actions as the office and the units name them (GET …/cases/:petitionId/actions). */
export const CASE_ACTION_LABELS: Record<Schemas['AvailableCampaignCaseActionView']['action'], string> = {
  assignLeader: '确定包案领导',
  setResponsiblePerson: '确定责任人',
  editPlan: '一案一策',
  recordProgress: '报告进展',
  recordFollowUpCheck: '回头看',
  strikeOff: '销号',
  reportRelapse: '报告反弹',
  removeCase: '移出专项',
};
