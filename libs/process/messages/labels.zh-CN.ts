/**
 * The domain's words in Chinese (zh-CN), one table per word kind, keyed by the policy's own unions
 * (type-only imports: the console bundles this file and nothing else of libs/ comes with it). A
 * step, clock, action or ledger rule added to the statute does not compile until it has its word.
 * The API and the console both read these tables (the message catalogue, zh-CN.ts, builds on them).
 */
import type {
  AccountabilityRuleId,
  ActionName,
  ClockId,
  IntakeChannel,
  PetitionCategory,
  Rating,
  RedirectProcedure,
  ReplyOutcome,
  ReviewDecision,
  Role,
  RungId,
  Step,
} from '../policy';
import type { MilestoneType } from '../view';
import type { NoticeKind } from '../notices';
import type { UnitKind, UnitLevel } from '../units';
import type { DeliveryMethod, DeliverySigner } from '../delivery';
import type { MaterialKind } from '../materials';

export const ROLE_LABELS: Record<Role, string> = {
  registrar: '登记员',
  handler: '承办人',
  unitHead: '单位负责人',
  caseLeader: '包案领导',
  supervisor: '督查督办',
  auditor: '审计',
  admin: '系统管理员',
  petitioner: '信访人',
};

export const STEP_LABELS: Record<Step, string> = {
  routing: '待转送交办',
  acceptance: '待受理告知',
  handling: '办理中',
  replyIssued: '待送达',
  reviewWindow: '复查申请期',
  review: '复查中',
  reviewDecided: '复查意见待送达',
  reReviewWindow: '复核申请期',
  reReview: '复核中',
  reReviewDecided: '复核意见待送达',
  closed: '办结',
  endedDeclined: '不予受理',
  endedNotAcceptedAgain: '不再受理',
  endedRedirected: '导入其他法定途径',
};

export const CLOCK_LABELS: Record<ClockId, string> = {
  routing: '转送交办期限',
  misrouteObjection: '异议期',
  acceptanceNotice: '受理告知期限',
  handling: '办理期限',
  assignedReport: '交办报告期限',
  reviewRequestWindow: '复查申请期',
  review: '复查期限',
  reReviewRequestWindow: '复核申请期',
  reReview: '复核期限',
  supervisionFeedback: '督办反馈期限',
  followUp: '回头看期限',
  leaderResolution: '包案化解期限',
  urgentReport: '紧急报告期限',
};

export const ACTION_LABELS: Record<ActionName, string> = {
  route: '转送',
  assign: '交办',
  objectMisroute: '提出异议',
  decideMisrouteObjection: '核实异议',
  decideReportBack: '审核交办报告',
  accept: '受理',
  decline: '不予受理',
  notAcceptedAgain: '不再受理',
  redirect: '导入其他法定途径',
  extendHandling: '延长办理期限',
  issueReply: '出具处理意见书',
  confirmImplementation: '确认落实',
  recordDelivery: '登记送达',
  requestReview: '登记复查申请',
  issueReviewDecision: '出具复查意见书',
  requestReReview: '登记复核申请',
  startHearing: '开始听证',
  endHearing: '结束听证',
  issueReReviewDecision: '出具复核意见书',
  approveDraft: '签发',
  returnDraft: '退回修改',
  reportBack: '交办结果报告',
  reportUrgent: '紧急报告',
  assignCaseLeader: '确定包案领导',
  issueSupervision: '督办',
  recordSupervisionFeedback: '登记督办反馈',
  listForSupervision: '挂牌督办',
  unlistFromSupervision: '销号',
  takeOver: '提级办理',
  recordFollowUp: '回头看',
  rate: '满意度评价',
  reprojectCalendar: '重算日历',
  correctRegistration: '更正登记',
  assignHandler: '分办',
  decideSupervisionFeedback: '审核督办反馈',
};

/** The words for the values a registration and the decisions on it take: one row per kind of value. */
const VALUE_LABELS: {
  category: Record<PetitionCategory, string>;
  channel: Record<IntakeChannel, string>;
  rating: Record<Rating, string>;
  outcome: Record<ReplyOutcome, string>;
  decision: Record<ReviewDecision, string>;
  redirect: Record<RedirectProcedure, string>;
  deliveryMethod: Record<DeliveryMethod, string>;
  deliverySigner: Record<DeliverySigner, string>;
  materialKind: Record<MaterialKind, string>;
} = {
  category: { suggestion: '建议意见', accusation: '检举控告', appeal: '申诉求决' },
  channel: { letter: '来信', visit: '来访', phone: '电话', fax: '传真', online: '网上' },
  rating: { satisfied: '满意', basicallySatisfied: '基本满意', dissatisfied: '不满意' },
  outcome: { supported: '支持', explained: '解释说明', notSupported: '不予支持' },
  decision: { upheld: '维持', changed: '变更', revoked: '撤销' },
  redirect: { litigation: '诉讼', arbitration: '仲裁', administrativeReview: '行政复议', other: '其他法定途径' },
  // 送达方式, and who signed the 送达回证 (by capacity: no names in the workflow)
  deliveryMethod: {
    direct: '直接送达',
    post: '邮寄送达',
    electronic: '电子送达',
    leftAtResidence: '留置送达',
    publicNotice: '公告送达',
  },
  deliverySigner: {
    petitioner: '信访人本人',
    familyMember: '同住成年家属',
    agent: '代理人（代收人）',
    witness: '见证人',
  },
  // 案件材料的种类
  materialKind: {
    petitionLetter: '信访材料',
    investigation: '调查材料',
    deliveryReceipt: '送达回证',
    closureEvidence: '销号佐证',
    other: '其他',
  },
};
export const {
  category: CATEGORY_LABELS,
  channel: CHANNEL_LABELS,
  rating: RATING_LABELS,
  outcome: OUTCOME_LABELS,
  decision: DECISION_LABELS,
  redirect: REDIRECT_LABELS,
  deliveryMethod: DELIVERY_METHOD_LABELS,
  deliverySigner: DELIVERY_SIGNER_LABELS,
  materialKind: MATERIAL_KIND_LABELS,
} = VALUE_LABELS;

export const RUNG_LABELS: Record<RungId, string> = {
  warning70: '预警（70%）',
  warning90: '预警（90%）',
  breach: '超期督办',
  listedSupervision: '挂牌督办',
  takeoverAvailable: '可提级办理',
};

export const MILESTONE_LABELS: Record<MilestoneType, string> = {
  registered: '登记',
  transferred: '转送',
  handedDown: '交办',
  returnedForRerouting: '退回重新转送',
  takenOver: '提级办理',
  accepted: '受理',
  declined: '不予受理',
  notAcceptedAgain: '不再受理',
  redirected: '导入其他法定途径',
  extended: '延长办理期限',
  replied: '出具处理意见书',
  replyDelivered: '处理意见书送达',
  reviewRequested: '申请复查',
  reviewDecided: '出具复查意见书',
  reviewReplyDelivered: '复查意见书送达',
  reReviewRequested: '申请复核',
  hearingStarted: '听证开始',
  hearingEnded: '听证结束',
  reReviewDecided: '出具复核意见书',
  reReviewReplyDelivered: '复核意见书送达',
  // 终结 only after a re-review (复核); a reply or review decision that became final is 办结 (finalWord in the console).
  final: '办结',
  followUpChecked: '回头看',
  reopened: '重新办理',
  rated: '满意度评价',
};

export const NOTICE_LABELS: Record<NoticeKind, string> = {
  acceptanceNotice: '受理告知书',
  declineNotice: '不予受理告知书',
  extensionNotice: '延期告知书',
  reply: '处理意见书',
  reviewDecision: '复查意见书',
  reReviewDecision: '复核意见书',
  notAcceptedAgainNotice: '不再受理告知书',
  redirectNotice: '导入法定途径告知书',
};

export const UNIT_KIND_LABELS: Record<UnitKind, string> = {
  petitionOffice: '信访部门',
  functionalDepartment: '职能部门',
  discipline: '纪检监察',
};
export const UNIT_LEVEL_LABELS: Record<UnitLevel, string> = {
  province: '省级',
  city: '市级',
  county: '县级',
  township: '乡级',
};

export const LEDGER_RULE_LABELS: Record<AccountabilityRuleId, string> = {
  lateRegistration: '逾期登记',
  registrationCorrected: '登记更正',
  routingOverdue: '转送交办超期',
  acceptanceNoticeOverdue: '受理告知超期',
  handlingOverdue: '办理超期',
  assignedReportOverdue: '交办报告超期',
  reviewOverdue: '复查超期',
  reReviewOverdue: '复核超期',
  leaderResolutionOverdue: '包案化解超期',
  listedForSupervision: '挂牌督办',
  takeoverAvailable: '可提级办理',
  secondExtensionAttempt: '再次申请延期',
  repeatedRerouting: '反复转送',
  replyChangedOnReview: '复查变更原处理意见',
  resolutionNotReal: '化解不实',
  followUpOverdue: '回头看超期',
  supervisionFeedbackOverdue: '督办反馈超期',
  supportedReplyNotImplemented: '支持意见未落实',
  urgentNotReported: '紧急情况未报告',
  accusedPartyAccess: '被检举单位查阅',
  campaignPlanStepOverdue: '攻坚计划步骤超期',
  campaignLaggard: '攻坚进度滞后',
};

/** A label for a value the console has no word for (a newer server): the value itself, never blank. */
export function labelOf<K extends string>(labels: Record<K, string>, value: string | null | undefined): string {
  if (value == null) return '—';
  return (labels as Record<string, string>)[value] ?? value;
}
