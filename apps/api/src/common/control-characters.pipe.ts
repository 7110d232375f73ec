import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/**
 * Control characters (NUL, escape, DEL, the C1 range …) never belong in a record: PostgreSQL
 * refuses NUL in text outright (a 500 before this pipe), and the others corrupt exports and
 * notices. Tab, line feed and carriage return stay allowed (multi-line reasons and summaries).
 * One global pipe, run before validation on every body, query and path parameter, so every
 * endpoint and every DTO gets it without declaring anything; the 400 names the field.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const MAX_DEPTH = 32;

export function controlCharacterField(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return FORBIDDEN.test(value) ? path || '(value)' : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    if (FORBIDDEN.test(key)) return childPath;
    const found = controlCharacterField(child, childPath, depth + 1);
    if (found) return found;
  }
  return null;
}

@Injectable()
export class ControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const found = controlCharacterField(value, metadata.data ?? '');
    if (found) {
      throw new BadRequestException({
        statusCode: 400,
        code: 'controlCharacter',
        field: found,
        message: `${found} contains a control character (such as NUL); only printable text, tabs and line breaks are accepted`,
      });
    }
    return value;
  }
}
