/**
 * What the audit trail stores of text it did not choose: a refused request carries, by definition,
 * text a record cannot hold (NUL, lone UTF-16 surrogates, Unicode non-characters) or should not
 * (other control characters, C1 included, which garble whatever later shows the record). Refusing
 * to record it would lose exactly the refusals worth reading, so such characters are spelled out as
 * `\uXXXX` (one escape per UTF-16 unit) and the record is stored and hashed in that spelling. Tab,
 * line feed and carriage return stay (multi-line reasons).
 * What counts as ill-formed is the one rule of libs/process/well-formed-text.ts.
 */
import { illFormedTextKind } from '../process/well-formed-text';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

const spelled = (char: string) =>
  Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');

/** The text with every character no record can hold spelled out; well-formed text comes back as it is. */
export function storableText(text: string): string {
  if (!CONTROL.test(text) && illFormedTextKind(text) === null) return text;
  let out = '';
  // for…of walks code points: a surrogate pair stays one character, a lone surrogate is one of its own.
  for (const char of text) out += CONTROL.test(char) || illFormedTextKind(char) !== null ? spelled(char) : char;
  return out;
}

/**
 * A copy of `value` (strings and keys made storable) no deeper than `maxDepth`; anything below is
 * replaced by a note. Iterative, so a hostile value nested 10,000 levels deep cannot exhaust the stack.
 */
export function storableValue(value: unknown, maxDepth = 32): unknown {
  const convert = (v: unknown): unknown => (typeof v === 'string' ? storableText(v) : v);
  if (value === null || typeof value !== 'object') return convert(value);
  const root: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  const pending: { from: object; to: Record<string, unknown> | unknown[]; depth: number }[] = [
    { from: value, to: root, depth: 1 },
  ];
  while (pending.length > 0) {
    const { from, to, depth } = pending.pop()!;
    const entries = Array.isArray(from) ? from.map((v, i) => [i, v] as const) : Object.entries(from);
    for (const [key, child] of entries) {
      let copy: unknown;
      if (child instanceof Date) copy = child.toISOString();
      else if (child !== null && typeof child === 'object') {
        if (depth >= maxDepth) copy = `(nested deeper than ${maxDepth} levels: not recorded)`;
        else {
          copy = Array.isArray(child) ? [] : {};
          pending.push({ from: child, to: copy as Record<string, unknown> | unknown[], depth: depth + 1 });
        }
      } else copy = convert(child);
      if (Array.isArray(to)) to[key as number] = copy;
      // defineProperty: a key named __proto__ stays a plain field of the record.
      else
        Object.defineProperty(to, storableText(String(key)), {
          value: copy,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
  }
  return root;
}
