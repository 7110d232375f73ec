/**
 * The words of notifications (issue 19): titles and lines a staff member reads in the console's
 * notification centre, in an office's mailbox or on its group robot. libs/notify/messages.ts
 * fills them in; nothing else builds a notification's text. `{caseNumber}` is the 信访件编号.
 */
export const NOTIFICATION_TEXTS_ZH = {
  caseRouted: {
    title: '新转送信访件：{caseNumber}',
    line: '信访件 {caseNumber} 已转送至本单位，请分办并在受理告知期限内告知信访人。',
  },
  caseHandedDown: {
    title: '新交办信访件：{caseNumber}',
    line: '信访件 {caseNumber} 已交办至本单位，须在 {reportBackDays} 日内报告办理结果。',
  },
  handlerAssigned: {
    title: '分办给您的信访件：{caseNumber}',
    line: '信访件 {caseNumber} 已分办给您承办。',
  },
  draftAwaitingApproval: {
    title: '待签发：{caseNumber} 的{draftKind}',
    line: '信访件 {caseNumber} 的{draftKind}草稿已提交，等待签发。',
  },
  supervisionIssued: {
    title: '督办：{caseNumber}',
    line: '信访件 {caseNumber} 已被督办，本单位应书面反馈办理情况。',
  },
  followUpDue: {
    title: '回头看到期：{caseNumber}',
    line: '信访件 {caseNumber} 应开展回头看（回访）。',
  },
  escalation: {
    title: '{rung}：{caseNumber}（{clock}）',
    warning: '信访件 {caseNumber} 的{clock}即将届满，请抓紧办理。',
    breach: '信访件 {caseNumber} 的{clock}已超期，请对责任单位督办。',
    listedSupervision: '信访件 {caseNumber} 的{clock}超期已逾15日，由上一级挂牌督办。',
    takeoverAvailable: '信访件 {caseNumber} 的{clock}超期已逾30日，上一级可提级办理。',
  },
  /**
   * To a petitioner who opted in: the case number, the milestone and where to look, nothing of the
   * matter and never the 查询码 (a message that names the case must not also open it).
   */
  petitionerMilestone: {
    title: '信访事项进展：{caseNumber}',
    line: '您的信访事项（信访件编号 {caseNumber}）{milestone}。',
    lookUp: '请凭查询码在信访事项查询页面查看详情：',
    linkLabel: '查询页面',
  },
  petitionerMilestones: {
    registered: '已登记',
    routed: '已转送有权处理机关',
    accepted: '已受理',
    declined: '不予受理，书面告知已出具',
    notAcceptedAgain: '不再受理',
    redirected: '已告知通过其他法定途径解决',
    extended: '办理期限已延长',
    replyIssued: '处理意见书已出具',
    reviewDecided: '复查意见已作出',
    reReviewDecided: '复核意见已作出',
    closed: '已办结',
  },
  /** One mail a morning listing the day's 70 %/90 % warnings of a user who chose the digest. */
  warningDigest: {
    title: '预警汇总：{date}（{count}件）',
    line: '以下信访件的办理期限即将届满，请抓紧办理：',
    item: '{caseNumber}：{clock}{rung}，期限{date}24时（北京时间）',
    itemNoDate: '{caseNumber}：{clock}{rung}',
  },
  /**
   * A campaign bulletin (专项攻坚 通报) to each participating unit and to the launching office. A
   * unit hears only its own standing and counts: a bulletin's per-case lines may name accusations
   * against the recipient, so no case of the bulletin is named here.
   */
  campaignBulletin: {
    title: '专项攻坚通报：{campaign}（第{bulletinNo}期{final}）',
    finalMark: '，终期',
    praise: '本单位在本期通报中受到表扬。',
    laggard: '本单位在本期通报中列为进度滞后单位，将被约谈。',
    neither: '本单位在本期通报中未列入表扬或约谈名单。',
    unitCounts: '本单位纳入攻坚 {inScope} 件，已化解 {resolved} 件，化解率 {rate}%。',
    office:
      '本期通报已发布：纳入攻坚 {inScope} 件，已化解 {resolved} 件，化解率 {rate}%；表扬 {praised} 个单位，约谈 {laggards} 个单位。',
    linkLabel: '查看通报',
  },
  dueLine: '期限：{date}24时（北京时间）',
  feedbackLine: '书面反馈期限：{date}24时（北京时间）',
  caseNumberLine: '信访件编号：{caseNumber}',
  noCaseNumber: '（无编号信访件）',
} as const;
