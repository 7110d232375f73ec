/**
 * Opaque keyset cursors: the sort key of the last row of a page, base64url-encoded JSON, tagged
 * with the list it belongs to. A cursor that does not decode, or belongs to another list or sort,
 * is a 400 naming `cursor` (never an SQL error).
 */
import { ApiError } from '../common/api-error';

export type CursorKey = (string | number)[];

export function encodeCursor(list: string, key: CursorKey): string {
  return Buffer.from(JSON.stringify({ l: list, k: key })).toString('base64url');
}

export function decodeCursor(
  list: string,
  cursor: string | undefined,
  shape: ('string' | 'number')[],
): CursorKey | null {
  if (cursor === undefined) return null;
  const bad = () =>
    new ApiError(
      'validation',
      `cursor is not a cursor of this list (${list}); pass the previous page's nextCursor unchanged`,
      'cursor',
    );
  let parsed: { l?: unknown; k?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  const key = parsed?.k;
  if (parsed?.l !== list || !Array.isArray(key) || key.length !== shape.length) throw bad();
  shape.forEach((type, i) => {
    if (
      typeof key[i] !== type ||
      (type === 'number' && !Number.isSafeInteger(key[i])) ||
      (type === 'string' && (key[i] as string).length > 200)
    )
      throw bad();
  });
  return key as CursorKey;
}
