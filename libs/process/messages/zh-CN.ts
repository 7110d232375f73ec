/**
 * THE message catalogue (zh-CN): every messageKey a refusal or an API error can carry, rendered
 * for the clerk or petitioner who reads it, plus the sentences built from records (an admin
 * change, a timeline reason). Pure: no I/O, no Node API; the API renders its errors with it and
 * the console imports it (through '@/libs/process/messages/zh-CN') for the same words.
 *
 * A template's `{param}` is filled from the refusal's params, each value put into words by the
 * param's name: `field` by the form's label, `action`, `step`, `role(s)`, `level`, `kind` by the
 * domain's words; lists are joined with 、. A param the template names but the error lacks is left
 * out, never shown as `{param}`.
 */
import type { RefusalParam } from '../refusal';
import { API_TEXTS_ZH, type ApiMessageKey } from './api.zh-CN';
import {
  ACTION_LABELS,
  CATEGORY_LABELS,
  CHANNEL_LABELS,
  DECISION_LABELS,
  DELIVERY_METHOD_LABELS,
  DELIVERY_SIGNER_LABELS,
  LEDGER_RULE_LABELS,
  NOTICE_LABELS,
  OUTCOME_LABELS,
  RATING_LABELS,
  REDIRECT_LABELS,
  ROLE_LABELS,
  RUNG_LABELS,
  STEP_LABELS,
  UNIT_KIND_LABELS,
  UNIT_LEVEL_LABELS,
} from './labels.zh-CN';
import {
  ADMIN_CHANGE_LABELS,
  EVENT_LABELS,
  REASON_LABELS,
  STOP_REASON_LABELS,
  TRAIL_ACTION_LABELS,
  fieldLabel,
} from './records.zh-CN';
import { REFUSAL_TEXTS_ZH } from './refusals.zh-CN';

export * from './labels.zh-CN';
export * from './records.zh-CN';
export { REFUSAL_TEXTS_ZH } from './refusals.zh-CN';
export { API_TEXTS_ZH, API_MESSAGE_KEYS, type ApiMessageKey } from './api.zh-CN';

/** Every key the catalogue can say: the workflow's refusals and the API's own. */
export const MESSAGES_ZH: Readonly<Record<string, string>> = { ...REFUSAL_TEXTS_ZH, ...API_TEXTS_ZH };

export type MessageKey = keyof typeof REFUSAL_TEXTS_ZH | ApiMessageKey;

/** Whether the catalogue has a sentence for this key. */
export function hasMessage(key: string | null | undefined): boolean {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(MESSAGES_ZH, key);
}

const lookup = (table: Readonly<Record<string, string>>, value: string): string => table[value] ?? value;

/** Any of the domain's values (an outcome, a channel, a rating…) in words, else as given. */
const ANY_VALUE: Readonly<Record<string, string>> = {
  ...UNIT_LEVEL_LABELS,
  ...UNIT_KIND_LABELS,
  ...CATEGORY_LABELS,
  ...CHANNEL_LABELS,
  ...RATING_LABELS,
  ...OUTCOME_LABELS,
  ...DECISION_LABELS,
  ...REDIRECT_LABELS,
  ...DELIVERY_METHOD_LABELS,
  ...DELIVERY_SIGNER_LABELS,
  ...ROLE_LABELS,
  stable: '稳定',
  relapsed: '反弹',
  true: '是',
  false: '否',
};

/** How a param is put into words, by its name. */
const PARAM_WORDS: Readonly<Record<string, (value: string) => string>> = {
  field: fieldLabel,
  action: (v) => lookup({ ...ACTION_LABELS, ...TRAIL_ACTION_LABELS }, v),
  step: (v) => lookup(STEP_LABELS, v),
  role: (v) => lookup(ROLE_LABELS, v),
  roles: (v) => lookup(ROLE_LABELS, v),
  level: (v) => lookup(UNIT_LEVEL_LABELS, v),
  leaderLevel: (v) => lookup(UNIT_LEVEL_LABELS, v),
  caseLevel: (v) => lookup(UNIT_LEVEL_LABELS, v),
  kind: (v) => lookup(NOTICE_LABELS, v),
  rule: (v) => lookup(LEDGER_RULE_LABELS, v),
  rung: (v) => lookup(RUNG_LABELS, v),
  method: (v) => lookup(DELIVERY_METHOD_LABELS, v),
  allowedSigners: (v) => lookup(DELIVERY_SIGNER_LABELS, v),
};

/** One param's value in words. */
export function paramWords(name: string, value: RefusalParam | undefined): string {
  if (value === undefined || value === null) return '';
  const words = PARAM_WORDS[name] ?? ((v: string) => lookup(ANY_VALUE, v));
  if (Array.isArray(value)) return value.map((v) => words(v)).join('、');
  return words(String(value));
}

/**
 * The sentence for `key`, filled in with `params`; null when the catalogue has no such key (a
 * newer worker's rule), for the caller to fall back on its code's sentence.
 */
export function renderMessage(
  key: string | null | undefined,
  params: Readonly<Record<string, RefusalParam>> = {},
): string | null {
  if (!hasMessage(key)) return null;
  return MESSAGES_ZH[key as string]
    .replace(/\{(\w+)\}/g, (_, name: string) => paramWords(name, params[name]))
    .replace(/^[：，、\s]+/, '');
}

/** The fallback key of an error code (`notFound` → `error.notFound`). */
export function codeMessageKey(code: string): string {
  return `error.${code}`;
}

/** A value of a record (before / after of an admin change) in words. */
function valueWords(name: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '（空）';
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'string') return name === 'role' ? lookup(ROLE_LABELS, value) : lookup(ANY_VALUE, value);
  if (Array.isArray(value)) return value.map((v) => valueWords(name, v)).join('、');
  return String(value);
}

/** The admin change log's fields in words (the rest by the request fields' labels). */
const ADMIN_FIELD_LABELS: Readonly<Record<string, string>> = {
  name: '名称',
  parentId: '上级单位',
  regionPath: '区划',
  active: '在用',
  role: '角色',
  unitId: '单位',
  kind: '类型',
  level: '层级',
  oidcSubject: '统一身份认证标识',
  passwordChanged: '密码已重置',
  tokenVersion: '令牌版本',
  email: '电子邮件',
  wecom: '企业微信机器人',
  dingtalk: '钉钉机器人',
  webhook: '推送网关',
  sms: '短信',
  startsAt: '免打扰开始',
  endsAt: '免打扰结束',
};

/**
 * An admin change as a sentence: `新建单位 x-zjj：名称“示范县住建局”，层级 县级`, or for a change,
 * each field that differs `角色：登记员 → 承办人`. Hashes and other secrets are never in the log.
 */
export function adminChangeSentence(change: {
  action: string;
  targetKind: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
}): string {
  const what = `${lookup(ADMIN_CHANGE_LABELS, change.action)}${change.targetId ? ` ${change.targetId}` : ''}`;
  const before = (change.before && typeof change.before === 'object' ? change.before : {}) as Record<string, unknown>;
  const after = (change.after && typeof change.after === 'object' ? change.after : {}) as Record<string, unknown>;
  const label = (k: string) => ADMIN_FIELD_LABELS[k] ?? fieldLabel(k);
  const skip = new Set(['id', 'createdAt', 'updatedAt', 'passwordHash', 'tokenVersion']);
  const parts: string[] = [];
  if (change.before == null) {
    for (const [k, v] of Object.entries(after)) if (!skip.has(k)) parts.push(`${label(k)}：${valueWords(k, v)}`);
  } else {
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (skip.has(k) || JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
      parts.push(`${label(k)}：${valueWords(k, before[k])} → ${valueWords(k, after[k])}`);
    }
  }
  return parts.length > 0 ? `${what}（${parts.join('；')}）` : what;
}

/** A workflow refusal's code (RejectionCode) as the auditor's timeline names it. */
export const REJECTION_CODE_LABELS: Readonly<Record<string, string>> = {
  wrongStep: '环节不符',
  wrongRole: '角色不符',
  wrongUnit: '单位不符',
  badArgument: '填写有误',
  protectedParty: '涉及被检举单位',
  idempotencyConflict: '请求编号重复',
};

/**
 * A timeline reason `key：value` in words: the key by the form's label, a code-like value (a clock's
 * stop reason, a decision, an outcome, a rung) by the domain's words; free text as entered.
 */
export function timelineReason(key: string, value: unknown): { label: string; text: string } {
  const label = REASON_LABELS[key] ?? fieldLabel(key);
  if (typeof value !== 'string') return { label, text: JSON.stringify(value) };
  const tables: Record<string, Readonly<Record<string, string>>> = {
    reason: STOP_REASON_LABELS,
    decision: DECISION_LABELS,
    outcome: OUTCOME_LABELS,
    procedure: REDIRECT_LABELS,
    rung: RUNG_LABELS,
    action: { ...ACTION_LABELS, ...EVENT_LABELS },
    code: REJECTION_CODE_LABELS,
  };
  const table = tables[key];
  return { label, text: table && /^[A-Za-z]+$/.test(value) ? lookup(table, value) : value };
}
