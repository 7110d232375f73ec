import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { ApiError } from './api-error';

/**
 * Control characters (NUL, escape, DEL, the C1 range …) never belong in a record: PostgreSQL
 * refuses NUL in text outright (a 500 before this pipe), and the others corrupt exports and
 * notices. Tab, line feed and carriage return stay allowed (multi-line reasons and summaries).
 * Nor do keys named __proto__, constructor or prototype (they reach object machinery, not a field).
 * One global pipe, run before validation on every body, query and path parameter, so every
 * endpoint and every DTO gets it without declaring anything; the 400 names the field.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const MAX_DEPTH = 32;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** A field name as it can be shown (and stored, e.g. on the audit trail): control characters spelled \uXXXX. */
const printable = (name: string) => name.replace(FORBIDDEN_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/**
 * Keys no request field is named, which the object mappers downstream treat as the object's own
 * machinery (class-transformer calls `new value.constructor()`: a string there was a 500).
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type InputProblem = { field: string; kind: 'controlCharacter' | 'reservedKey' };

export function inputProblem(value: unknown, path = '', depth = 0): InputProblem | null {
  if (typeof value === 'string') return FORBIDDEN.test(value) ? { field: path || '(value)', kind: 'controlCharacter' } : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${printable(key)}` : printable(key);
    if (FORBIDDEN.test(key)) return { field: childPath, kind: 'controlCharacter' };
    if (!Array.isArray(value) && RESERVED_KEYS.has(key)) return { field: childPath, kind: 'reservedKey' };
    const found = inputProblem(child, childPath, depth + 1);
    if (found) return found;
  }
  return null;
}

@Injectable()
export class ControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const found = inputProblem(value, metadata.data ?? '');
    if (found?.kind === 'controlCharacter') {
      throw new ApiError('validation', `${found.field} contains a control character (such as NUL); only printable text, tabs and line breaks are accepted`, found.field);
    }
    if (found) throw new ApiError('validation', `${found.field}: no field is named __proto__, constructor or prototype`, found.field);
    return value;
  }
}
