/**
 * 网上信访: the words of the public submission page that the server also records — the privacy
 * notice a submitter consents to (its version is stored with the consent), the submission number,
 * and the statuses the submitter reads with the 查询码. Pure; no I/O.
 */
import { formatCaseNumber, parseCaseNumber } from './case-number';

/** Stored with each consent: a changed notice gets a new version. */
export const PRIVACY_NOTICE_VERSION = '2026-12';

export const PRIVACY_NOTICE_ZH = [
  '个人信息保护告知',
  '您提交的姓名、身份证号码、联系电话、地址及所附材料，仅用于登记、办理和答复您的信访事项，由受理信访部门依法保管，不向无关单位和个人提供。',
  '检举控告事项中您的个人信息予以保密，不会透露给被检举控告的单位和个人。',
  '信访事项办结后，材料按档案管理规定保存。您可凭提交编号和查询码查询办理进度。',
  '勾选同意即表示您已阅读并同意上述告知；不同意的，可以采用书信、走访等其他形式提出信访事项。',
].join('\n');

/**
 * 网上信访 submission number: `网上信访〔2026〕第00012号` — the office style of a 信访件编号, with
 * 网上信访 where an office's prefix stands, numbered per year without gaps. Typed the same loose ways
 * (brackets, 第, 号 and zeros optional), and told apart from a case number by its prefix.
 */
export const SUBMISSION_NUMBER_PREFIX = '网上信访';

export function formatSubmissionNumber(year: number, serial: number): string {
  return formatCaseNumber({ prefix: SUBMISSION_NUMBER_PREFIX, year, serial });
}

/** The canonical submission number of a typed one, or null when it is not one. */
export function canonicalSubmissionNumber(text: string): string | null {
  const parts = text.length <= 100 ? parseCaseNumber(text) : null;
  return parts && parts.prefix === SUBMISSION_NUMBER_PREFIX ? formatCaseNumber(parts) : null;
}

export type SubmissionStatus = 'received' | 'registered' | 'notRegistered';
export const SUBMISSION_STATUSES: readonly SubmissionStatus[] = ['received', 'registered', 'notRegistered'];

export const SUBMISSION_STATUS_ZH: Record<SubmissionStatus, string> = {
  received: '已收到，待登记',
  registered: '已登记为信访事项',
  notRegistered: '不予登记',
};

/** 张三 → 张*, 欧阳娜娜 → 欧***: lists show who, not the whole name. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(chars.length - 1)}`;
}

/** 13800138000 → 138****8000; 110101199003071234 → 110***********1234. */
export function maskDigits(value: string | null): string | null {
  if (!value) return null;
  const v = value.replace(/\s/g, '');
  if (v.length <= 7) return `${v.slice(0, 1)}${'*'.repeat(Math.max(0, v.length - 1))}`;
  return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
}
