/**
 * The words for what the records hold (zh-CN): a case's timeline events and the reasons a clock
 * stopped, the audit trail's kinds and outcomes, the admin change log, and the request fields as a
 * clerk knows them (for refusals that name a field). Pure data, bundled by the console too.
 */
import { ACTION_LABELS, MILESTONE_LABELS } from './labels.zh-CN';

/**
 * Every event a case's workflow records (its timeline), the milestones' and actions' words first.
 * The unit test derives the event types from the workflow's own `ctx.event('…')` calls.
 */
export const EVENT_LABELS: Readonly<Record<string, string>> = {
  ...(ACTION_LABELS as Record<string, string>),
  ...(MILESTONE_LABELS as Record<string, string>),
  routed: '转送',
  assigned: '交办',
  handedDown: '交办',
  handlerAssigned: '分办',
  supervisionFeedbackDecided: '审核督办反馈',
  clockStarted: '期限开始',
  clockStopped: '期限停止',
  clockLapsed: '期限届满',
  escalationRungFired: '预警督办',
  actionRefused: '操作被拒绝',
  misrouteObjected: '提出异议',
  misrouteObjectionAgreed: '异议核实同意，退回重新转送',
  misrouteObjectionRefused: '异议不予同意',
  misrouteObjectionWithdrawn: '撤回异议',
  handlingExtended: '延长办理期限',
  replyIssued: '出具处理意见书',
  draftSubmitted: '拟稿报签',
  draftApproved: '签发',
  draftReturned: '退回修改',
  draftWithdrawn: '草稿作废',
  replyDelivered: '处理意见书送达',
  implementationConfirmed: '确认落实',
  caseLeaderAssigned: '确定包案领导',
  supervisionIssued: '督办',
  supervisionFeedbackRecorded: '登记督办反馈',
  listedForSupervision: '挂牌督办',
  unlistedFromSupervision: '销号',
  takenOver: '提级办理',
  reportedBack: '交办结果报告',
  reportBackDecided: '审核交办结果报告',
  urgentReported: '紧急报告',
  registrationCorrected: '更正登记',
  calendarReprojected: '按新日历重算期限',
  followUpScheduled: '安排回头看',
  followUpDue: '回头看到期',
  followUpRecorded: '回头看',
  relapseDetected: '发现反弹',
  sentBackForHandling: '退回重新办理',
  closed: '办结',
  materialAttached: '上传案件材料',
};

/**
 * Why a clock stopped (`clockStopped.reason`, shown on the auditor's timeline as 理由): the event
 * or milestone that stopped it, or one of these.
 */
export const STOP_REASON_LABELS: Readonly<Record<string, string>> = {
  ...EVENT_LABELS,
  objected: '提出异议',
  decided: '作出决定',
  replied: '已出具处理意见书',
  reported: '已报告',
  requested: '已申请',
  resolved: '已化解',
  leaderReassigned: '更换包案领导',
  correctedNotUrgent: '更正为非紧急',
  lapsed: '期限届满',
};

/** The audit trail's record kinds (libs/audit/audit-trail.ts AUDIT_KINDS). */
export const TRAIL_KIND_LABELS: Readonly<Record<string, string>> = {
  staffAction: '办理操作',
  caseRead: '查阅案件',
  historyRead: '查阅历史',
  disposition: '问责处理',
  login: '登录',
  auditorAction: '审计操作',
  adminChange: '管理变更',
  refusedRequest: '被拒请求',
};

/** The audit trail's outcomes (AUDIT_OUTCOMES). */
export const TRAIL_OUTCOME_LABELS: Readonly<Record<string, string>> = {
  accepted: '已执行',
  succeeded: '成功',
  refused: '被拒绝',
  failed: '失败',
  read: '查阅',
};

/** The operations the trail names besides the staff actions (ACTION_LABELS). */
export const TRAIL_ACTION_LABELS: Readonly<Record<string, string>> = {
  register: '登记',
  registerBacklog: '导入积案',
  readCase: '查阅案件',
  login: '登录',
  refresh: '续期登录',
  logout: '退出登录',
  recordDisposition: '问责处理',
  exportHistory: '导出历史',
  replayHistory: '回放历史',
  verifyReadModel: '核对读模型',
  verifyTrail: '核验审计链',
  decodePayloads: '解码载荷',
  enforceRetention: '执行保存期限',
};

/** The admin change log's actions (ADMIN_CHANGE_ACTIONS of the admin API). */
export const ADMIN_CHANGE_LABELS: Readonly<Record<string, string>> = {
  unitCreated: '新建单位',
  unitRenamed: '单位重命名',
  unitOrganCodeSet: '设置机关代字',
  unitPersonInChargeSet: '指定信访工作负责人',
  unitNotificationAddressesSet: '设置通知地址',
  unitQuietHoursSet: '设置免打扰时段',
  unitMoved: '移动单位',
  unitDeactivated: '停用单位',
  userCreated: '新建用户',
  userChanged: '修改用户',
  passwordReset: '重置密码',
  userDeactivated: '停用用户',
};

/** The keys of a timeline event's reasons, as the forms call them (the values stay as entered). */
export const REASON_LABELS: Readonly<Record<string, string>> = {
  reason: '理由',
  reasons: '理由',
  note: '备注',
  summary: '摘要',
  instructions: '督办要求',
  feedback: '反馈',
  comments: '修改意见',
  decision: '决定',
  outcome: '处理结果',
  procedure: '法定途径',
  days: '天数',
  rung: '档位',
  code: '代码',
  action: '操作',
};

/**
 * The request fields as a clerk knows them (the form's own labels), for a refusal naming a field:
 * the last segment of `args.days` or `steps.0.dueDate` is looked up. Headers keep their names.
 */
export const FIELD_LABELS: Readonly<Record<string, string>> = {
  accusedPerson: '被检举人',
  accusedUnitId: '被检举单位',
  address: '通知地址',
  addresses: '通知地址',
  args: '操作内容',
  backlog: '积案信息',
  cadenceDays: '通报周期（天）',
  calendarVersion: '日历版本',
  caseNumber: '信访件编号',
  category: '信访类别',
  channel: '信访形式',
  collective: '集体访',
  comments: '修改意见',
  contact: '联系方式',
  cursor: '分页游标',
  date: '日期',
  days: '延长天数',
  decision: '决定',
  deliveredAt: '送达时间',
  disposition: '处理决定',
  documentId: '文书',
  documentRef: '文书编号',
  draftNo: '草稿稿次',
  dueDate: '完成期限',
  earlierDecisions: '此前的处理决定',
  earlierPetitionId: '此前的信访事项',
  endDate: '听证结束日期',
  endsAt: '免打扰结束时间',
  facts: '事实',
  method: '送达方式',
  signedBy: '签收人',
  receiptFileId: '送达回证扫描件',
  postmarkedAt: '邮戳日期',
  feedback: '反馈',
  field: '更正项目',
  firstReceivedAt: '首次来信来访时间',
  from: '起始日期',
  handleDirectly: '直接办理',
  id: '编号',
  instructions: '督办要求',
  kind: '类型',
  lateRegistrationReason: '逾期登记理由',
  leaderUserId: '包案领导',
  legalBasis: '法律依据',
  level: '层级',
  limit: '条数',
  name: '名称',
  no: '通报期数',
  note: '说明',
  oidcSubject: 'OIDC 标识',
  outcome: '处理结果',
  parentId: '上级单位',
  password: '密码',
  personUserId: '责任人',
  petitionerContact: '信访人联系方式',
  petitionerName: '信访人姓名',
  petitionerStatementRef: '信访人意见材料',
  petitionId: '信访事项',
  petitionIds: '信访事项',
  planRef: '方案文号',
  procedure: '法定途径',
  q: '检索词',
  queryCode: '查询码',
  rating: '满意度',
  reason: '理由',
  reasons: '理由',
  receivedAt: '收到时间',
  refreshToken: '续期令牌',
  region: '区划代码',
  repeatOf: '重复信访关联',
  reportBackDays: '报告期限（天）',
  reportedToUnitId: '报告单位',
  requestId: '请求编号',
  resolutionDays: '化解期限（天）',
  result: '回头看结果',
  role: '角色',
  rules: '纳入规则',
  sourceRef: '来源编号',
  startDate: '听证开始日期',
  startsAt: '免打扰开始时间',
  status: '状态',
  stepId: '计划步骤',
  steps: '计划步骤',
  stepsDone: '已完成步骤',
  summary: '信访事项摘要',
  targetDate: '目标日期',
  to: '截止日期',
  unitId: '单位',
  urgent: '重大紧急',
  userId: '用户',
  value: '更正后的值',
  visits: '来访次数',
};

/** A field path (`args.days`, `steps.0.dueDate`, `Idempotency-Key`) in the clerk's words. */
export function fieldLabel(path: string | null | undefined): string {
  if (!path) return '';
  const parts = path.split(/[.[\]]+/).filter((p) => p.length > 0 && !/^\d+$/.test(p));
  const last = parts[parts.length - 1] ?? path;
  return FIELD_LABELS[last] ?? last;
}
