/**
 * What a person reads on a page, checked for English and internal ids: the page's text as rendered
 * (document.body.innerText: messages, toasts and dialogs are in the body while shown), the hints in
 * empty fields (placeholder) and the tooltips the browser shows on hover (title).
 */
import type { Page } from 'playwright-core';

/**
 * Names and codes a Chinese reader meets as they are (product and format names, units of the
 * 查询码 and of times); removed before the check, so they never make a phrase on their own.
 */
const NAMES = [
  'Temporal',
  'UI',
  'PDF',
  'CSV',
  'XLSX',
  'Excel',
  'JSON',
  'ID',
  'QR',
  'SHA',
  'OIDC',
  'SSO',
  'PostgreSQL',
  'API',
  'URL',
  'AM',
  'PM',
];
const NAMES_RE = new RegExp(`\\b(?:${NAMES.join('|')})\\b`, 'g');

/**
 * Three or more English words in a row: spaces between them, after a sentence's punctuation or
 * not. Punctuation without a space joins, as in identifiers (x-registrar, p.c.x).
 */
export const ENGLISH_PHRASE = /[A-Za-z]+(?:[,;:.!?'"’)]*\s+['"‘(]*[A-Za-z]+){2,}/g;
export const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/**
 * The demo directory's login ids (x-handler) and unit codes (x-zjj): people read 张三 and 县住建局.
 * Where an id is shown on purpose (the admin's user management, the auditor's secondary id), the
 * element carries `data-login-id` and its text is left out of the check.
 */
export const DEMO_LOGIN_ID = /\b[a-z]-(?:handler|head|registrar|leader|supervisor|auditor|admin)\b/g;
export const DEMO_UNIT_CODE = /\b[a-z]-(?:xfj|zjj|jw)\b/g;
/**
 * The admin's user and unit management, where the login id and the unit code are fields the admin
 * types and reads (dialog titles, pickers' labels, the hint for a new code): ids are at home there.
 */
export const SCREENS_SHOWING_IDS = /\/admin\/(?:users|units)\b|^用户管理/;

export interface TextFinding {
  where: string;
  kind: 'english' | 'uuid' | 'login-id' | 'unit-code';
  text: string;
}

/** Everything visible now: rendered text, placeholders and tooltips. */
export async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    // An id shown on purpose (data-login-id) is hidden while the text is read, then shown again.
    const marked = Array.from(document.querySelectorAll<HTMLElement>('[data-login-id]'));
    const before = marked.map((el) => el.style.display);
    for (const el of marked) el.style.display = 'none';
    try {
      const attributes = Array.from(document.querySelectorAll('[placeholder], [title]'))
        .filter((el) => (el as HTMLElement).offsetParent !== null && !el.closest('[data-login-id]'))
        .flatMap((el) => [el.getAttribute('placeholder'), el.getAttribute('title')])
        .filter((v): v is string => !!v);
      return [document.body.innerText, ...attributes].join('\n');
    } finally {
      marked.forEach((el, i) => (el.style.display = before[i]));
    }
  });
}

/** English phrases and UUIDs in `text` (and `extra` fragments, such as a case's 8-hex id prefix). */
export function findingsIn(where: string, text: string, extra: string[] = []): TextFinding[] {
  const findings: TextFinding[] = [];
  const stripped = text.replace(NAMES_RE, '·');
  for (const match of stripped.matchAll(ENGLISH_PHRASE)) findings.push({ where, kind: 'english', text: match[0] });
  for (const match of text.matchAll(UUID)) findings.push({ where, kind: 'uuid', text: match[0] });
  for (const match of text.matchAll(DEMO_LOGIN_ID)) findings.push({ where, kind: 'login-id', text: match[0] });
  for (const match of text.matchAll(DEMO_UNIT_CODE)) findings.push({ where, kind: 'unit-code', text: match[0] });
  for (const fragment of extra)
    if (text.toLowerCase().includes(fragment.toLowerCase())) findings.push({ where, kind: 'uuid', text: fragment });
  return findings;
}

/** Collects what a walk finds, so one run lists every offending string at once. */
export class TextWalk {
  readonly findings: TextFinding[] = [];
  readonly checked: string[] = [];

  constructor(private readonly idFragments: () => string[] = () => []) {}

  async check(page: Page, where: string): Promise<void> {
    this.checked.push(where);
    const text = await visibleText(page);
    for (const finding of findingsIn(where, text, this.idFragments())) {
      if ((finding.kind === 'login-id' || finding.kind === 'unit-code') && SCREENS_SHOWING_IDS.test(where)) continue;
      if (!this.findings.some((f) => f.text === finding.text && f.where === finding.where)) this.findings.push(finding);
    }
  }

  report(): string {
    return this.findings.map((f) => `${f.where} [${f.kind}] ${JSON.stringify(f.text)}`).join('\n');
  }
}
