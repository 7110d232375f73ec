/**
 * What a person reads when the API refuses a request before (or instead of) the workflow: the
 * request's shape (per field, class-validator's constraints mapped to keys), unprintable text,
 * headers, sign-in, the petitioner's lookup, the admin API, limits, and one fallback per error code
 * (`error.<code>`), so every 4xx and 5xx carries a key and a Chinese sentence. Keys are stable: a
 * client may switch on them; the English of the throwing site is the developer's `detail`.
 */

/** Every error code of the API (apps/api ERROR_CODES), each with its fallback sentence. */
export const ERROR_CODE_TEXTS_ZH = {
  'error.validation': '请求内容有误，请检查后重试。',
  'error.controlCharacter': '{field}含有控制字符，请删除后重新输入。',
  'error.unprintable': '{field}含有无法印在文书上的字符，请换一种写法。',
  'error.invalid': '{field}填写有误，请检查后重试。',
  'error.badArgument': '{field}填写有误，请检查后重试。',
  'error.unauthenticated': '请先登录。',
  'error.forbidden': '您无权进行此操作。',
  'error.outsideRegion': '该单位或用户不在您的管辖范围内：管理员只能管理本单位及下级的单位和用户。',
  'error.wrongRole': '您的角色不能进行此操作。',
  'error.wrongUnit': '此操作不由您所在单位办理。',
  'error.protectedParty': '检举控告事项不得交由被检举控告的单位处理；本次操作已记录。',
  'error.notFound': '未找到该记录，或您无权查看。',
  'error.wrongStep': '本案当前环节不能进行此操作。',
  'error.idempotencyConflict': '该提交编号已用于另一次不同的提交，请刷新页面后重新提交。',
  'error.caseCompleted': '本案已办结，不能再进行任何操作。',
  'error.conflict': '操作与当前状态冲突，请刷新后重试。',
  'error.payloadTooLarge': '提交的内容过大，请精简后重试。',
  'error.fileTooLarge': '文件过大，单个文件不能超过 {maxMb} MB。',
  'error.caseQuotaExceeded': '本案材料已达总量上限（{maxMb} MB），不能再上传。',
  'error.contentTypeMismatch': '文件内容与其声明的格式不符，请上传真实的文件。',
  'error.unsupportedMediaType': '提交内容的格式不受支持，请使用 UTF-8 编码的 JSON。',
  'error.rateLimited': '请求过于频繁，请 {retryAfter} 秒后再试。',
  'error.badRequest': '请求无法处理，请检查后重试。',
  'error.unavailable': '服务暂时不可用，请稍后再试。',
  'error.databaseUnavailable': '数据库暂时无法连接，请稍后再试或联系系统管理员。',
  'error.temporalUnavailable': '流程服务暂时无法连接，请稍后再试或联系系统管理员。',
  'error.internal': '系统内部错误，请稍后再试或联系系统管理员。',
} as const;

/** class-validator's constraints (and the request's own shape checks), one key each. */
export const VALIDATION_TEXTS_ZH = {
  'validation.required': '请填写{field}。',
  'validation.unknownField': '请求中含有不允许的项目“{field}”。',
  'validation.oneOf': '{field}须为以下之一：{allowed}。',
  'validation.tooLong': '{field}不能超过 {max} 个字。',
  'validation.tooShort': '{field}至少需要 {min} 个字。',
  'validation.tooMany': '{field}最多 {max} 项。',
  'validation.tooFew': '{field}至少 {min} 项。',
  'validation.notText': '{field}须为文字。',
  'validation.notNumber': '{field}须为数字。',
  'validation.notInteger': '{field}须为整数。',
  'validation.tooSmall': '{field}不能小于 {min}。',
  'validation.tooLarge': '{field}不能大于 {max}。',
  'validation.notBoolean': '{field}只能为“是”或“否”。',
  'validation.notId': '{field}不是有效的编号。',
  'validation.notDate': '{field}须为有效日期（年-月-日）。',
  'validation.notList': '{field}须为列表。',
  'validation.notObject': '{field}的格式不正确。',
  'validation.badFormat': '{field}的格式不正确。',
  'validation.invalid': '{field}填写有误，请检查。',
  'validation.controlCharacter': '{field}含有控制字符，请删除后重新输入。',
  'validation.reservedKey': '请求中含有不允许的项目名“{field}”。',
  'validation.illFormed': '{field}含有无法保存的字符，请删除后重新输入。',
  'validation.unprintable': '{field}含有无法印在文书上的字符（{character}），如表情符号，请换一种写法。',
  'validation.badCursor': '分页游标无效，请从第一页重新查询。',
  'header.controlCharacter': '请求头 {field} 含有控制字符。',
  'header.illFormed': '请求头 {field} 含有无法保存的字符。',
  'header.tooLong': '请求头 {field} 不能超过 {max} 个字符。',
  'header.idempotencyKeyRequired': '缺少幂等键（Idempotency-Key），请刷新页面后重试。',
  'body.notJson': '提交的内容不是有效的 JSON。',
  'body.tooDeep': '提交的内容嵌套层级过深。',
  'body.tooLarge': '提交的内容超过 {limitKb} KB 的上限，请精简后重试。',
  'body.charset': '提交内容的字符编码不受支持，请使用 UTF-8。',
} as const;

/** Sign-in, the petitioner's lookup, registration at the edge, the admin API. */
export const EDGE_TEXTS_ZH = {
  'auth.tokenMissing': '请先登录。',
  'auth.signInFailed': '用户名或密码错误，或账号已停用。',
  'auth.tokenInvalid': '登录已失效，请重新登录。',
  'auth.unknownUser': '该账号不是本系统的用户。',
  'auth.deactivated': '账号或其所在单位已停用，请联系系统管理员。',
  'auth.accountChanged': '账号的角色、单位或密码已变更，请重新登录。',
  'auth.sessionEnded': '登录已结束（已退出或被撤销），请重新登录。',
  'auth.roleNeeded': '此功能须由{roles}使用，您的角色是{role}。',
  'auth.oidcNoSession': '统一身份认证登录的账号请到身份认证平台退出。',
  'auth.tooManyFailures': '登录失败次数过多，请 {retryAfter} 秒后再试。',
  'petitioner.notFound': '未找到该信访事项，或查询码不正确，请核对后重试。',
  'petitioner.noDocument': '该信访事项没有这份文书。',
  'petition.notFound': '未找到该信访事项，或您无权查看。',
  'petition.noDocument': '该信访事项没有这份文书。',
  'petition.noDraft': '该信访事项没有待签发的草稿。',
  'intake.lateRegistrationReason':
    '收到时间距今已 {ageDays} 天，超过 {maxDays} 天：请填写逾期登记理由（说明为何现在才登记），该理由将记入案件和问责台账。',
  'intake.accusedSelf': '被检举控告单位不能登记针对本单位的检举控告，须由其他信访部门登记。',
  'intake.repeatNotVisible': '关联的重复信访事项须是您可以查看的事项，请从“重复信访候选”中选择。',
  'action.unknown': '没有名为“{action}”的操作。',
  'action.leaderNotCaseLeader': '所选用户不是包案领导。',
  'action.handlerNotInUnit': '所选承办人须是本单位在职的工作人员。',
  'ledger.recordNotFound': '未找到该问责台账记录，或您无权查看。',
  'ledger.dispositionConflict': '该请求编号已记录了另一项处理决定，如需新的决定请重新提交。',
  'admin.passwordTooShort': '密码至少需要 {min} 个字符。',
  'admin.passwordTooLong': '密码不能超过 {max} 个字符。',
  'admin.passwordWeak': '密码过于简单，容易被猜中，请使用更长、更少规律的密码。',
  'admin.passwordOrOidc': '用户须设置密码或统一身份认证标识，至少其一。',
  'admin.outsideRegion': '该单位或用户不在您的管辖范围内：管理员只能管理本单位及下级的单位和用户。',
  'admin.unitNotFound': '单位“{id}”不存在。',
  'admin.userNotFound': '用户“{id}”不存在。',
  'admin.alreadyExists': '编号“{id}”已存在。',
  'admin.unitDeactivated': '单位“{id}”已停用。',
  'admin.ownAccount': '不能修改自己的角色、单位或停用自己所在的单位，请由其他管理员办理。',
  'admin.invalidId': '{field}只能使用小写字母、数字和连字符。',
  'admin.wrongLevel': '单位层级与上级单位不符：下级单位须比上级单位低一级。',
  'admin.hasActiveChildren': '该单位下仍有在用的单位，请先停用下级单位。',
  'campaign.notFound': '未找到该专项攻坚，或您无权查看。',
  'campaign.bulletinNotFound': '该专项攻坚没有这一期通报。',
  'campaign.officeOnly': '专项攻坚由省、市、县三级信访部门组织。',
  'campaign.closedNoActions': '该专项攻坚已结束，不能再进行操作。',
  'report.period': '统计期间有误：{problem}',
  'report.unitOutsideRegion': '所选单位不在您的管辖范围内。',
  'audit.historyNotFound': '该信访事项没有可查的历史记录。',
  'audit.archiveAltered': '归档历史与记录不一致：{problem}',
  'audit.replayJobNotFound': '未找到该回放任务。',
  'material.notFound': '未找到该材料，或您无权查看。',
  'material.fileTooLarge': '文件过大，单个文件不能超过 {maxMb} MB。',
  'material.caseQuotaExceeded': '本案材料已达总量上限（{maxMb} MB），不能再上传。',
  'material.unsupportedMediaType':
    '不支持该文件格式：请上传 PDF、图片（JPEG、PNG、GIF、WebP、TIFF）或办公文档（Word、Excel、PowerPoint、OpenDocument）。',
  'material.contentTypeMismatch': '文件内容与其声明的格式不符，请上传真实的文件。',
  'material.fileMissing': '请选择要上传的文件。',
  'material.roleNeeded': '您的角色不能上传案件材料。',
} as const;

export type ApiMessageKey =
  keyof typeof ERROR_CODE_TEXTS_ZH | keyof typeof VALIDATION_TEXTS_ZH | keyof typeof EDGE_TEXTS_ZH;

export const API_TEXTS_ZH: Readonly<Record<ApiMessageKey, string>> = {
  ...ERROR_CODE_TEXTS_ZH,
  ...VALIDATION_TEXTS_ZH,
  ...EDGE_TEXTS_ZH,
};

export const API_MESSAGE_KEYS = Object.keys(API_TEXTS_ZH) as ApiMessageKey[];
