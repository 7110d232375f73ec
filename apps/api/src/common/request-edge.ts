/**
 * What the API checks of a request before any of it becomes an object or reaches a handler: how
 * deeply its JSON nests (counted on the raw text, so a body nested 10,000 levels deep is refused
 * before JSON.parse and every recursive walker after it could overflow the stack), whether its
 * parsed body holds text a record can hold, and the header values the API reads.
 */
import type { NextFunction, Request, Response } from 'express';
import { findIllFormedText } from '@/libs/process/well-formed-text';
import { ApiError, ErrorBody } from './api-error';
import { inputRefusal } from './control-characters.pipe';
import { renderErrorBody } from './error-message';

/** Deeper than any request the API defines (a campaign plan is 3 levels) by a wide margin. */
export const MAX_JSON_DEPTH = 32;
/** How much of a body the refusal's audit record keeps when the body could not be parsed. */
export const RAW_BODY_HEAD_CHARS = 4096;

export interface EdgeRequest extends Request {
  /** The start of the body as sent (set by the JSON parser), for the record of a refusal. */
  rawBodyHead?: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

/**
 * Whether JSON text nests objects and arrays deeper than `max`, brackets inside strings not
 * counted. Works on UTF-8 bytes as well as on a string: the six ASCII characters it looks at never
 * occur inside a multi-byte UTF-8 sequence. Malformed text is left to JSON.parse to refuse.
 */
export function jsonNestsDeeperThan(text: Uint8Array | string, max: number): boolean {
  const at = typeof text === 'string' ? (i: number) => text.charCodeAt(i) : (i: number) => text[i];
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = at(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) inString = true;
    else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return false;
}

/** body-parser's `verify`: runs on the raw body before JSON.parse. */
export function verifyJsonBody(req: EdgeRequest, _res: Response, body: Buffer, encoding: string): void {
  const utf8 = !encoding || /^utf-?8$/i.test(encoding);
  let text: Buffer | string;
  try {
    text = utf8 ? body : new TextDecoder(encoding).decode(body);
  } catch {
    throw Object.assign(new Error(`the request body's charset ${encoding} is not supported: send UTF-8`), {
      status: 415,
      statusCode: 415,
      expose: true,
      type: 'charset.unsupported',
    });
  }
  req.rawBodyHead = (typeof text === 'string' ? text : body.toString('utf8', 0, RAW_BODY_HEAD_CHARS * 4)).slice(
    0,
    RAW_BODY_HEAD_CHARS,
  );
  if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) {
    throw Object.assign(new Error(`the request body nests objects or arrays deeper than ${MAX_JSON_DEPTH} levels`), {
      status: 400,
      statusCode: 400,
      expose: true,
      type: 'entity.too.deep',
    });
  }
}

function answer(req: Request, res: Response, error: ApiError): void {
  res.status(error.getStatus()).json(renderErrorBody(error.body satisfies ErrorBody, req.headers['accept-language']));
}

/**
 * After the JSON parser: a body holding a control character, a reserved key or text no record can
 * hold is refused on every route, those that read no body included (the same check as the global
 * pipe, which covers query strings and path parameters).
 */
export function refuseUnrecordableBody(req: Request, res: Response, next: NextFunction): void {
  const refusal = req.body !== undefined ? inputRefusal(req.body) : null;
  if (refusal) answer(req, res, refusal);
  else next();
}

/** The headers the API reads, as they are named in a refusal, and the longest value each may be. */
const HEADERS_READ: Record<string, { name: string; max: number }> = {
  'idempotency-key': { name: 'Idempotency-Key', max: 200 },
  'x-request-id': { name: 'X-Request-Id', max: 200 },
  'x-query-code': { name: 'X-Query-Code', max: 100 },
  'x-namespace': { name: 'X-Namespace', max: 255 },
};
// Node decodes header bytes as Latin-1, so a byte 0x80–0x9F arrives as a C1 control character.
// eslint-disable-next-line no-control-regex
const HEADER_CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/** The problem with one header value, if any, in words. */
export function headerProblem(header: string, value: string | string[] | undefined): ApiError | null {
  const rule = HEADERS_READ[header];
  if (!rule || value === undefined) return null;
  const text = Array.isArray(value) ? value.join(', ') : value;
  if (HEADER_CONTROL.test(text)) {
    return new ApiError(
      'validation',
      `header ${rule.name} contains a control character (C0 or C1, such as U+0085): only printable characters are accepted`,
      rule.name,
      undefined,
      { messageKey: 'header.controlCharacter', params: { field: rule.name } },
    );
  }
  if (findIllFormedText(text))
    return new ApiError(
      'validation',
      `header ${rule.name} contains text no record can hold (a lone surrogate or a non-character)`,
      rule.name,
      undefined,
      { messageKey: 'header.illFormed', params: { field: rule.name } },
    );
  if (text.length > rule.max)
    return new ApiError(
      'validation',
      `header ${rule.name} is longer than ${rule.max} characters`,
      rule.name,
      undefined,
      {
        messageKey: 'header.tooLong',
        params: { field: rule.name, max: rule.max },
      },
    );
  return null;
}

/** Before anything reads them: every header the API reads is refused with 400 naming it when unfit. */
export function refuseUnfitHeaders(req: Request, res: Response, next: NextFunction): void {
  for (const header of Object.keys(HEADERS_READ)) {
    const refusal = headerProblem(header, req.headers[header]);
    if (refusal) return answer(req, res, refusal);
  }
  next();
}
