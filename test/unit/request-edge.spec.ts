/**
 * The edge's pure parts: nesting counted on the raw text before JSON.parse, the global pipe's
 * check at any depth, header values, the spelling the audit trail stores hostile text in, and the
 * rule that only an accusation names an accused.
 */
import { inputProblem, inputRefusal } from '../../apps/api/src/common/control-characters.pipe';
import { headerProblem, jsonNestsDeeperThan, MAX_JSON_DEPTH } from '../../apps/api/src/common/request-edge';
import { boundedDetail, sentCopy, SENT_COPY_CHARS } from '../../apps/api/src/audit/refusal-audit';
import { storableText, storableValue } from '../../libs/audit/storable-text';
import { accusedPartyProblem } from '../../libs/process/accused-party';
import { findIllFormedText } from '../../libs/process/well-formed-text';
import type { Request } from 'express';

function nested(depth: number, leaf: string): string {
  return `${'{"a":'.repeat(depth - 1)}{${leaf}}${'}'.repeat(depth - 1)}`;
}

describe('JSON nesting is counted on the raw text, before it is parsed', () => {
  it('allows 32 levels and refuses 33', () => {
    expect(jsonNestsDeeperThan(nested(MAX_JSON_DEPTH, '"x":1'), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonNestsDeeperThan(nested(MAX_JSON_DEPTH + 1, '"x":1'), MAX_JSON_DEPTH)).toBe(true);
  });

  it('refuses 10,000 levels of arrays and objects alike, as UTF-8 bytes or as text', () => {
    const deep = `{"args":${'['.repeat(5000)}${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}${']'.repeat(5000)}}`;
    expect(jsonNestsDeeperThan(deep, MAX_JSON_DEPTH)).toBe(true);
    expect(jsonNestsDeeperThan(Buffer.from(deep, 'utf8'), MAX_JSON_DEPTH)).toBe(true);
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ reason: '[[[[{{{{'.repeat(100), quoted: 'say \\"{{{{\\" 督办 [' });
    expect(jsonNestsDeeperThan(text, 2)).toBe(false);
    expect(jsonNestsDeeperThan(Buffer.from(text, 'utf8'), 2)).toBe(false);
  });
});

describe('the global pipe looks at every depth', () => {
  function deepWith(depth: number, leaf: Record<string, unknown>): unknown {
    let value: unknown = leaf;
    for (let i = 0; i < depth - 1; i++) value = { a: value };
    return value;
  }

  it('refuses a "constructor" key at depth 41 (the old walk stopped at 32) and at depth 10,000', () => {
    const at41 = JSON.parse(JSON.stringify(deepWith(41, { constructor: 'x' })));
    expect(inputProblem(at41)).toEqual({ field: `${'a.'.repeat(40)}constructor`, kind: 'reservedKey' });
    // What JSON.parse makes of a "__proto__" key: an own field of that name.
    const ownProto = Object.defineProperty({}, '__proto__', { value: 1, enumerable: true });
    expect(inputProblem(deepWith(10_000, ownProto))?.kind).toBe('reservedKey');
    expect(inputProblem(deepWith(10_000, { note: 'x\u0000' }))?.kind).toBe('controlCharacter');
  });

  it('refuses lone surrogates and non-characters with the one rule, naming the field', () => {
    const problem = inputRefusal({ args: { instructions: '督办\ud800' } });
    expect(problem?.body).toMatchObject({ statusCode: 400, code: 'validation', field: 'args.instructions' });
    expect(problem?.body.message).toMatch(/unpaired UTF-16 surrogate/);
    expect(inputRefusal({ lateRegistrationReason: 'x\uffff' })?.body.field).toBe('lateRegistrationReason');
    expect(inputRefusal('督办\udc00', 'id')?.body.field).toBe('id');
    expect(inputRefusal({ args: { instructions: '督办：三日内反馈 😀 𠀀' } })).toBeNull();
  });
});

describe('header values the API reads', () => {
  it('refuses a C1 control character in Idempotency-Key, naming the header', () => {
    expect(headerProblem('idempotency-key', 'key-\u0085')?.body).toMatchObject({
      statusCode: 400,
      field: 'Idempotency-Key',
    });
    expect(headerProblem('x-request-id', 'a\u009b')?.body.field).toBe('X-Request-Id');
    expect(headerProblem('x-query-code', 'A'.repeat(101))?.body.field).toBe('X-Query-Code');
    expect(headerProblem('idempotency-key', 'reg-2026-12-06-001')).toBeNull();
    expect(headerProblem('accept', '\u0085')).toBeNull();
  });
});

describe('what the audit trail stores of hostile text', () => {
  it('spells out control characters (C1 included), lone surrogates and non-characters; keeps tabs, line breaks and surrogate pairs', () => {
    expect(storableText('督办\ud800')).toBe('督办\\ud800');
    expect(storableText('a\u0000b\uffff')).toBe('a\\u0000b\\uffff');
    expect(storableText('key-\u0085\u001b[2J\tline\n')).toBe('key-\\u0085\\u001b[2J\tline\n');
    expect(storableText(`x${String.fromCodePoint(0x10fffe)}`)).toBe('x\\udbff\\udffe');
    expect(storableText('😀 𠀀')).toBe('😀 𠀀');
    expect(findIllFormedText(storableValue({ ['k\ud800']: ['\udc00', { v: '\ufdd0' }] }))).toBeNull();
  });

  it('copies a value 10,000 levels deep without exhausting the stack, cut at a depth', () => {
    let value: unknown = 'bottom';
    for (let i = 0; i < 10_000; i++) value = { a: value };
    expect(JSON.stringify(storableValue(value, 4))).toBe(
      '{"a":{"a":{"a":{"a":"(nested deeper than 4 levels: not recorded)"}}}}',
    );
  });

  it("keeps a bounded copy of what was sent, never a password or the petitioner's personal data", () => {
    const request = (body: unknown, rawBodyHead?: string, path = '/petitions') =>
      ({ body, rawBodyHead, path, headers: {} }) as unknown as Request;
    const copy = sentCopy(
      request({ userId: 'x-registrar', password: 'correct horse battery', nested: { petitionerName: '张某' } }),
    );
    expect(copy.sent).not.toMatch(/correct horse|张某/);
    expect(copy.sent).toMatch(/x-registrar/);
    expect(sentCopy(request({ summary: 'x'.repeat(10_000), reason: 'y'.repeat(10_000) })).sent).toHaveLength(
      SENT_COPY_CHARS,
    );
    const raw = sentCopy(request(undefined, '{"petitionerContact":"13800000000","args":{"a":[[[[', '/petitions'));
    expect(raw.sent).toMatch(/"petitionerContact":"\[withheld\]"/);
    expect(sentCopy(request(undefined, '{"password":"hunter2', '/auth/login')).sent).not.toMatch(/hunter2/);
    expect(JSON.stringify(boundedDetail({ args: 'z'.repeat(5000) })).length).toBeLessThan(SENT_COPY_CHARS + 100);
  });
});

describe('only an accusation (检举控告) names the accused', () => {
  it('refuses accusedPerson on an appeal, naming the field; an empty one is absent', () => {
    expect(accusedPartyProblem({ category: 'appeal', accusedPerson: '王某' })?.field).toBe('accusedPerson');
    expect(accusedPartyProblem({ category: 'suggestion', accusedUnitId: 'x-zjj' })?.field).toBe('accusedUnitId');
    expect(accusedPartyProblem({ category: 'appeal', accusedPerson: '', accusedUnitId: '' })).toBeNull();
  });

  it('requires an accusation to name an accused, an empty name not counting', () => {
    expect(accusedPartyProblem({ category: 'accusation', accusedUnitId: '', accusedPerson: '' })?.field).toBe(
      'accusedUnitId',
    );
    expect(accusedPartyProblem({ category: 'accusation', accusedPerson: '王某' })).toBeNull();
  });
});
