/**
 * The one zh-CN catalogue (libs/process/messages) has a Chinese sentence or word for everything a
 * person can be shown: each refusal key, each error code, each ledger rule, each event the case
 * workflow records, each kind and outcome of the audit trail, each admin change. The lists are the
 * code's own (constants, and the workflow's `ctx.event('…')` calls read from its source), so a rule,
 * event or key added without its Chinese fails here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { REFUSAL_MESSAGE_KEYS } from '../../libs/process/refusal';
import { ACCOUNTABILITY_RULES, CLOCKS } from '../../libs/process/policy';
import { ARTICLE_TABLE, chineseNumeral, cite, citedArticleNumbers } from '../../libs/process/articles';
import { ARTICLES } from '../../libs/documents/legal-basis';
import { AUDIT_KINDS, AUDIT_OUTCOMES } from '../../libs/audit/audit-trail';
import { ERROR_CODES, constraintKey } from '../../apps/api/src/common/api-error';
import { ADMIN_CHANGE_ACTIONS } from '../../apps/api/src/admin/dto/admin-views';
import {
  ADMIN_CHANGE_LABELS,
  EVENT_LABELS,
  LEDGER_RULE_LABELS,
  MESSAGES_ZH,
  STOP_REASON_LABELS,
  TRAIL_KIND_LABELS,
  TRAIL_OUTCOME_LABELS,
  adminChangeSentence,
  codeMessageKey,
  renderMessage,
  timelineReason,
} from '../../libs/process/messages/zh-CN';

const ROOT = join(__dirname, '..', '..');
const CJK = /[\u4e00-\u9fff]/;

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourcesUnder(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [readFileSync(join(ROOT, dir, entry.name), 'utf8')]
        : [],
  );
}

/** Each string literal in the first argument of a `.event(` call: `'routed'`, `x ? 'routed' : 'handedDown'`. */
function eventTypesIn(dir: string): string[] {
  const types = new Set<string>();
  for (const source of sourcesUnder(dir)) {
    for (const call of source.matchAll(/\.event\(\s*([^,]+),/g)) {
      for (const literal of call[1].matchAll(/'(\w+)'/g)) types.add(literal[1]);
    }
  }
  return [...types].sort();
}

/** Each key a source file names in quotes under a prefix: `'admin.passwordTooShort'`. */
function keysIn(file: string, prefix: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  return [...new Set([...source.matchAll(new RegExp(`'(${prefix}\\.\\w+)'`, 'g'))].map((m) => m[1]))];
}

const lacking = (names: readonly string[], table: Readonly<Record<string, string>>) =>
  names.filter((name) => !CJK.test(table[name] ?? ''));

describe('every message a person reads has its Chinese', () => {
  it('every refusal key of the workflows', () => {
    expect(lacking(REFUSAL_MESSAGE_KEYS, MESSAGES_ZH)).toEqual([]);
  });

  it('every error code of the API has its fallback sentence', () => {
    expect(lacking(Object.keys(ERROR_CODES).map(codeMessageKey), MESSAGES_ZH)).toEqual([]);
  });

  it('every key the admin directory refuses with', () => {
    const keys = [
      ...keysIn('libs/persistence/directory-admin.ts', 'admin'),
      ...keysIn('libs/persistence/notification-admin.ts', 'admin'),
    ];
    expect(keys.length).toBeGreaterThan(12);
    expect(lacking(keys, MESSAGES_ZH)).toEqual([]);
  });

  it('every accountability rule of the ledger', () => {
    expect(lacking(Object.keys(ACCOUNTABILITY_RULES), LEDGER_RULE_LABELS)).toEqual([]);
  });

  it("every event the case workflow records, read from the workflow's own calls", () => {
    const types = eventTypesIn('workflows/petition');
    expect(types).toEqual(expect.arrayContaining(['clockStarted', 'routed', 'handedDown', 'actionRefused']));
    expect(lacking(types, EVENT_LABELS)).toEqual([]);
  });

  it("every reason a clock stops for, read from the workflow's own calls", () => {
    const reasons = new Set<string>();
    for (const source of sourcesUnder('workflows/petition')) {
      for (const call of source.matchAll(/stop(?:Clock|AcceptanceClocks)\([^;]*?'(\w+)'\s*\)/g)) reasons.add(call[1]);
    }
    expect(reasons.size).toBeGreaterThan(5);
    expect(lacking([...reasons], STOP_REASON_LABELS)).toEqual([]);
  });

  it('every kind and outcome of the audit trail', () => {
    expect(lacking(AUDIT_KINDS, TRAIL_KIND_LABELS)).toEqual([]);
    expect(lacking(AUDIT_OUTCOMES, TRAIL_OUTCOME_LABELS)).toEqual([]);
  });

  it('every kind of admin change', () => {
    expect(lacking(ADMIN_CHANGE_ACTIONS, ADMIN_CHANGE_LABELS)).toEqual([]);
  });

  it('no sentence cites the 2005 numbering ("Art 33") or English; articles are the 2022 条例 spelled in Chinese', () => {
    for (const [key, text] of Object.entries(MESSAGES_ZH)) {
      expect({ key, text, english: /\bArts?\b|\bArticle\b/.test(text) }).toEqual({ key, text, english: false });
      for (const cited of text.matchAll(/第([一二三四五六七八九十]+)条/g))
        expect({
          key,
          cited: cited[0],
          known: citedArticleNumbers().map(chineseNumeral).includes(cited[1]),
        }).toEqual({
          key,
          cited: cited[0],
          known: true,
        });
    }
  });
});

describe('the article table (libs/process/articles.ts)', () => {
  it('numbers in Chinese as the regulation is cited: 第二十一条, 第四十条, 第四十六条第五项', () => {
    expect([21, 40, 10, 36, 9].map(chineseNumeral)).toEqual(['二十一', '四十', '十', '三十六', '九']);
    expect(cite('accusedParty')).toBe('《信访工作条例》第三十条、第四十六条第五项');
    expect(cite('reReview')).toBe('《信访工作条例》第三十六条');
  });

  it("the policy's basis and the notices cite the 2022 articles from the table, never the 2005 numbering", () => {
    const texts = [
      ...Object.values(CLOCKS).map((c) => c.basis),
      ...Object.values(ACCOUNTABILITY_RULES).map((r) => r.basis),
      ...Object.values(ARTICLES),
    ];
    const known = citedArticleNumbers().map(chineseNumeral);
    for (const text of texts) {
      expect({ text, english: /\bArts?\b/.test(text) }).toEqual({ text, english: false });
      for (const cited of text.matchAll(/第([一二三四五六七八九十]+)条/g))
        expect({ text, cited: cited[1], known: known.includes(cited[1]) }).toEqual({
          text,
          cited: cited[1],
          known: true,
        });
    }
    // The statutory periods cite their articles: 60 days (第三十四条), 复查 (第三十五条), 复核 (第三十六条).
    expect(CLOCKS.handling.basis.startsWith(cite('handlingPeriod'))).toBe(true);
    expect(CLOCKS.review.basis.startsWith('《信访工作条例》第三十五条')).toBe(true);
    expect(CLOCKS.reReview.basis.startsWith('《信访工作条例》第三十六条')).toBe(true);
    expect(ACCOUNTABILITY_RULES.urgentNotReported.basis).toBe('《信访工作条例》第四十六条第四项');
    expect(Object.keys(ARTICLE_TABLE).length).toBeGreaterThan(10);
  });
});

describe('rendering', () => {
  it('fills in params in words: the field by its label, an action, step and roles by their names, lists with 、', () => {
    expect(renderMessage('args.required', { field: 'reason' })).toBe('请填写理由。');
    expect(renderMessage('actor.wrongStep', { action: 'accept', step: 'routing' })).toBe(
      '本案当前处于“待转送交办”环节，不能办理“受理”。',
    );
    expect(renderMessage('actor.wrongRole', { action: 'route', roles: ['registrar', 'supervisor'] })).toBe(
      '您的角色不能办理“转送”，须由登记员、督查督办办理。',
    );
    expect(renderMessage('args.notOneOf', { field: 'outcome', allowed: ['supported', 'explained'] })).toBe(
      '处理结果须为以下之一：支持、解释说明。',
    );
  });

  it('an unknown key is null, for the caller to fall back on', () => {
    expect(renderMessage('args.fromANewerWorker', {})).toBeNull();
  });

  it("class-validator's constraints become keys with their limits", () => {
    expect(constraintKey('whitelistValidation', 'property foo should not exist', 'args.foo')).toEqual({
      messageKey: 'validation.unknownField',
      params: { field: 'args.foo' },
    });
    expect(constraintKey('isLength', 'reason must be shorter than or equal to 2000 characters', 'args.reason')).toEqual(
      { messageKey: 'validation.tooLong', params: { field: 'args.reason', max: 2000 } },
    );
    expect(
      constraintKey('isIn', 'category must be one of the following values: suggestion, appeal', 'category'),
    ).toEqual({ messageKey: 'validation.oneOf', params: { field: 'category', allowed: ['suggestion', 'appeal'] } });
    expect(renderMessage('validation.tooLong', { field: 'args.reason', max: 2000 })).toBe('理由不能超过 2000 个字。');
  });

  it('an admin change reads as a sentence, a timeline reason code as a word', () => {
    expect(
      adminChangeSentence({
        action: 'userChanged',
        targetKind: 'user',
        targetId: 'x-dj',
        before: { role: 'registrar', unitId: 'x-xfj' },
        after: { role: 'handler', unitId: 'x-xfj' },
      }),
    ).toBe('修改用户 x-dj（角色：登记员 → 承办人）');
    expect(timelineReason('reason', 'routed')).toEqual({ label: '理由', text: '转送' });
    expect(timelineReason('reason', '材料不全')).toEqual({ label: '理由', text: '材料不全' });
  });
});
