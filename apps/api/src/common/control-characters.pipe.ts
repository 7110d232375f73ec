import { ArgumentMetadata, Injectable, PipeTransform } from '@nestjs/common';
import { describeIllFormedText, findIllFormedText, type IllFormedText } from '@/libs/process/well-formed-text';
import { ApiError } from './api-error';

/**
 * Control characters (NUL, escape, DEL, the C1 range …) never belong in a record: PostgreSQL
 * refuses NUL in text outright (a 500 before this pipe), and the others corrupt exports and
 * notices. Tab, line feed and carriage return stay allowed (multi-line reasons and summaries).
 * Nor do keys named __proto__, constructor or prototype (they reach object machinery, not a field),
 * at whatever depth; nor text no record can hold (lone surrogates, non-characters: the one rule of
 * libs/process/well-formed-text.ts), which PostgreSQL would refuse after the workflow applied it.
 * One global pipe, run before validation on every body, query and path parameter, so every
 * endpoint and every DTO gets it without declaring anything; the 400 names the field. Every parsed
 * JSON body is also put through `inputRefusal` as it is parsed (bootstrap.ts), so a route that
 * reads no body refuses one it could not record just the same.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const FORBIDDEN_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** A field name as it can be shown (and stored, e.g. on the audit trail): control characters spelled \uXXXX. */
const printable = (name: string) =>
  name.replace(FORBIDDEN_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/**
 * Keys no request field is named, which the object mappers downstream treat as the object's own
 * machinery (class-transformer calls `new value.constructor()`: a string there was a 500).
 */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type InputProblem = { field: string; kind: 'controlCharacter' | 'reservedKey' } | IllFormedText;

/**
 * The first control character or reserved key in reading order, at any depth: walked without
 * recursion (the JSON parser caps nesting, but query strings and other callers need not).
 */
function controlOrReservedKey(value: unknown, path: string): InputProblem | null {
  const pending: { value: unknown; path: string }[] = [{ value, path }];
  const seen = new Set<object>();
  while (pending.length > 0) {
    const { value: current, path: at } = pending.pop()!;
    if (typeof current === 'string') {
      if (FORBIDDEN.test(current)) return { field: at || '(value)', kind: 'controlCharacter' };
      continue;
    }
    if (current === null || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const isArray = Array.isArray(current);
    const entries = isArray ? (current as unknown[]).map((v, i) => [String(i), v] as const) : Object.entries(current);
    const children: { value: unknown; path: string }[] = [];
    for (const [key, child] of entries) {
      const childPath = isArray ? `${at}[${key}]` : at ? `${at}.${printable(key)}` : printable(key);
      if (!isArray && FORBIDDEN.test(key)) return { field: childPath, kind: 'controlCharacter' };
      if (!isArray && RESERVED_KEYS.has(key)) return { field: childPath, kind: 'reservedKey' };
      children.push({ value: child, path: childPath });
    }
    // Reversed onto the stack, so the first problem in reading order is the one reported.
    for (let i = children.length - 1; i >= 0; i--) pending.push(children[i]);
  }
  return null;
}

export function inputProblem(value: unknown, path = ''): InputProblem | null {
  return controlOrReservedKey(value, path) ?? findIllFormedText(value, path);
}

/** The refusal of a value with a problem, or null: the 400 every route gives, naming the field. */
export function inputRefusal(value: unknown, path = ''): ApiError | null {
  const found = inputProblem(value, path);
  if (!found) return null;
  switch (found.kind) {
    case 'controlCharacter':
      return new ApiError(
        'validation',
        `${found.field} contains a control character (such as NUL); only printable text, tabs and line breaks are accepted`,
        found.field,
        undefined,
        { messageKey: 'validation.controlCharacter', params: { field: found.field } },
      );
    case 'reservedKey':
      return new ApiError(
        'validation',
        `${found.field}: no field is named __proto__, constructor or prototype`,
        found.field,
        undefined,
        { messageKey: 'validation.reservedKey', params: { field: found.field } },
      );
    default:
      return new ApiError('validation', describeIllFormedText(found), found.field, undefined, {
        messageKey: 'validation.illFormed',
        params: { field: found.field },
      });
  }
}

@Injectable()
export class ControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const refusal = inputRefusal(value, metadata.data ?? '');
    if (refusal) throw refusal;
    return value;
  }
}
