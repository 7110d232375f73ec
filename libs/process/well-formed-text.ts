/**
 * Text a record can hold. PostgreSQL stores UTF-8, and UTF-8 has no spelling for a lone UTF-16
 * surrogate: a string carrying one is refused by the database (jsonb and text alike) after the
 * workflow has applied it, which is how an applied action once went missing from the record.
 * Unicode non-characters (U+FDD0–U+FDEF and every U+xFFFE/U+xFFFF) are for a program's internal
 * use, never interchange. The API refuses both at the edge and the workflow's validators refuse them
 * again, with this one function, so nothing the database cannot store is ever applied.
 */

export type IllFormedTextKind = 'loneSurrogate' | 'nonCharacter';

export interface IllFormedText {
  /** Where in the value: `args.instructions`, `items[2].name`, `(value)` for a bare string. */
  field: string;
  kind: IllFormedTextKind;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// U+FDD0–U+FDEF, then U+FFFE and U+FFFF of every plane (0 to 16).
const NON_CHARACTER = new RegExp(
  `[\\u{FDD0}-\\u{FDEF}${Array.from({ length: 17 }, (_, plane) => {
    const base = (plane * 0x10000 + 0xfffe).toString(16);
    const last = (plane * 0x10000 + 0xffff).toString(16);
    return `\\u{${base}}\\u{${last}}`;
  }).join('')}]`,
  'u',
);

/** The problem with one string, if any. */
export function illFormedTextKind(text: string): IllFormedTextKind | null {
  if (LONE_SURROGATE.test(text)) return 'loneSurrogate';
  if (NON_CHARACTER.test(text)) return 'nonCharacter';
  return null;
}

/**
 * The first string (or object key) in `value` that a record cannot hold. Walks without recursion,
 * so a deeply nested value cannot exhaust the stack.
 */
export function findIllFormedText(value: unknown, path = ''): IllFormedText | null {
  const pending: Array<{ value: unknown; path: string }> = [{ value, path }];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const { value: current, path: at } = pending.pop()!;
    if (typeof current === 'string') {
      const kind = illFormedTextKind(current);
      if (kind) return { field: at || '(value)', kind };
      continue;
    }
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const isArray = Array.isArray(current);
    const entries = isArray ? (current as unknown[]).map((v, i) => [String(i), v] as const) : Object.entries(current);
    // Reversed onto the stack, so the first problem in reading order is the one reported.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, child] = entries[i];
      const childPath = isArray ? `${at}[${key}]` : at ? `${at}.${key}` : key;
      if (!isArray) {
        const keyKind = illFormedTextKind(key);
        if (keyKind) return { field: at || '(value)', kind: keyKind };
      }
      pending.push({ value: child, path: childPath });
    }
  }
  return null;
}

/** How the refusal names the problem, for the messages of the API and the workflow alike. */
export function describeIllFormedText(problem: IllFormedText): string {
  return problem.kind === 'loneSurrogate'
    ? `${problem.field} contains an unpaired UTF-16 surrogate, which no record can hold`
    : `${problem.field} contains a Unicode non-character (U+FDD0–U+FDEF or U+xFFFE/U+xFFFF), which no record can hold`;
}

// A lone surrogate, or NUL (a control character PostgreSQL refuses in text).
const UNSTORABLE = new RegExp(`${LONE_SURROGATE.source}|\\u0000`);
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, 'g');

/**
 * A copy of `value` that PostgreSQL can hold: every lone surrogate and NUL becomes U+FFFD, the
 * replacement character (non-characters are valid UTF-8 and stay). `repairs` names where, in the
 * notation of findIllFormedText. Used only to store a quarantined projection batch after the fact
 * (JSON.stringify recurses over the same value first); the original is kept beside it.
 */
export function repairForRecord<T>(value: T): { value: T; repairs: string[] } {
  const repairs: string[] = [];
  const fix = (text: string, at: string): string => {
    if (!UNSTORABLE.test(text)) return text;
    repairs.push((at || '(value)').replace(UNSTORABLE_ALL, '\uFFFD'));
    return text.replace(UNSTORABLE_ALL, '\uFFFD');
  };
  const walk = (current: unknown, at: string): unknown => {
    if (typeof current === 'string') return fix(current, at);
    if (current === null || typeof current !== 'object') return current;
    if (Array.isArray(current)) return current.map((child, i) => walk(child, `${at}[${i}]`));
    return Object.fromEntries(
      Object.entries(current).map(([key, child]) => [fix(key, at), walk(child, at ? `${at}.${key}` : key)]),
    );
  };
  return { value: walk(value, '') as T, repairs };
}
