/** What a resolved quarantined batch is stored as: the text PostgreSQL refused, with U+FFFD where it could not be held. */
import { findIllFormedText, repairForRecord } from '../../libs/process/well-formed-text';

describe('repairing a refused batch for the record', () => {
  it('replaces lone surrogates and NUL by U+FFFD, names where, and leaves well-formed text (pairs included) alone', () => {
    const batch = {
      events: [{ seq: 7, data: { instructions: '督办\ud800', note: 'a\u0000b', emoji: '😀' } }],
      view: { step: 'handling' },
    };
    const { value, repairs } = repairForRecord(batch);
    expect(value.events[0].data).toEqual({ instructions: '督办\uFFFD', note: 'a\uFFFDb', emoji: '😀' });
    expect(repairs).toEqual(['events[0].data.instructions', 'events[0].data.note']);
    expect(findIllFormedText(value)).toBeNull();
    expect(batch.events[0].data.instructions).toBe('督办\ud800'); // the original is untouched
  });

  it('repairs object keys too, and reports nothing for a value that needs nothing', () => {
    expect(repairForRecord({ ['k\udc00']: 1 })).toEqual({ value: { ['k\uFFFD']: 1 }, repairs: ['(value)'] });
    expect(repairForRecord({ a: ['x', { b: 1 }] })).toEqual({ value: { a: ['x', { b: 1 }] }, repairs: [] });
  });

  it('keeps the original exactly in JSON text: a lone surrogate is written as an ASCII escape', () => {
    const text = JSON.stringify({ instructions: '督办\ud800' });
    expect(text).toContain('\\ud800');
    expect(JSON.parse(text).instructions).toBe('督办\ud800');
  });
});
