import { findIllFormedText, illFormedTextKind } from '../../libs/process/well-formed-text';

describe('text a record can hold', () => {
  it('accepts Chinese, emoji (a surrogate pair) and CJK Extension B', () => {
    expect(illFormedTextKind('督办：请于三日内反馈 😀 𠀀')).toBeNull();
  });

  it('refuses an unpaired high or low surrogate anywhere in the text', () => {
    expect(illFormedTextKind('督办\ud800')).toBe('loneSurrogate');
    expect(illFormedTextKind('\udc00督办')).toBe('loneSurrogate');
    expect(illFormedTextKind('\ud800\ud800\udc00')).toBe('loneSurrogate');
  });

  it('refuses the Unicode non-characters of the BMP and of the other planes', () => {
    expect(illFormedTextKind('a\ufdd0')).toBe('nonCharacter');
    expect(illFormedTextKind('a\uffff')).toBe('nonCharacter');
    expect(illFormedTextKind(`a${String.fromCodePoint(0x10fffe)}`)).toBe('nonCharacter');
    expect(illFormedTextKind(`a${String.fromCodePoint(0x1fffe)}`)).toBe('nonCharacter');
    expect(illFormedTextKind('a\ufdcf\ufdf0\ufffd')).toBeNull();
  });

  it('names the first offending field of a nested value, keys included', () => {
    expect(findIllFormedText({ args: { items: ['ok', { reason: 'x\ud800' }] } })).toEqual({
      field: 'args.items[1].reason',
      kind: 'loneSurrogate',
    });
    expect(findIllFormedText({ args: { ['k\uffff']: 1 } })).toEqual({ field: 'args', kind: 'nonCharacter' });
    expect(findIllFormedText({ a: 'fine', b: [1, null, true] })).toBeNull();
  });

  it('walks a value nested 10,000 levels deep without exhausting the stack', () => {
    let value: unknown = 'bottom\ud800';
    for (let i = 0; i < 10_000; i++) value = { a: value };
    expect(findIllFormedText(value)?.kind).toBe('loneSurrogate');
  });
});
