/**
 * ONE error shape for every 4xx the API answers: `{ statusCode, code, message, field?, messageKey?,
 * params? }`. `code` is a stable machine word a client can switch on; `message` says in words what
 * was wrong (for developers); `field` names the offending request field (`args.days`, `receivedAt`,
 * header `Idempotency-Key`) when there is one; a workflow's refusal adds `messageKey` (its rule, from
 * libs/process/refusal.ts REFUSAL_MESSAGE_KEYS) and `params`, for a catalogue to say it to people. The global filter (workflow-error.filter.ts) turns Nest exceptions, class-validator
 * errors and workflow rejections into it.
 */
import { HttpException, applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { ValidationError } from 'class-validator';
import type { RefusalKey, RefusalParam } from '@/libs/process/refusal';

/** Every code, with the status it travels with. */
export const ERROR_CODES = {
  validation: 400, // a field is missing, malformed or not allowed
  controlCharacter: 400, // a control character (NUL, ESC…) in a field
  unprintable: 400, // a character no document font can print (emoji, unassigned), in a field a notice may carry
  invalid: 400, // the admin API: a value that does not fit the unit tree or the account
  badArgument: 400, // the workflow refused an argument in the case's current state
  unauthenticated: 401,
  forbidden: 403, // the endpoint is not for your role
  outsideRegion: 403, // the admin API: a unit or account outside your region
  wrongRole: 403, // the workflow: this role may not take the action
  wrongUnit: 403, // the workflow: your unit is not the one that must act
  protectedParty: 403, // an accusation and its accused unit (DOMAIN §6)
  notFound: 404, // no such thing, or not visible to you
  wrongStep: 409, // the action is not allowed in the case's current step
  idempotencyConflict: 409, // a key or request id reused for a different request
  caseCompleted: 409, // the case's workflow has ended and takes no more actions
  conflict: 409,
  payloadTooLarge: 413,
  unsupportedMediaType: 415,
  rateLimited: 429,
  badRequest: 400, // any other 4xx a library raised before our code ran
  unavailable: 503,
  databaseUnavailable: 503, // PostgreSQL cannot be reached (the message names it and where)
  temporalUnavailable: 503, // Temporal cannot be reached (the message names it and where)
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_CODES;

/** The code a plain Nest exception of this status becomes when it carries none of its own. */
export function defaultCodeFor(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'validation';
    case 401:
      return 'unauthenticated';
    case 403:
      return 'forbidden';
    case 404:
      return 'notFound';
    case 409:
      return 'conflict';
    case 413:
      return 'payloadTooLarge';
    case 415:
      return 'unsupportedMediaType';
    case 429:
      return 'rateLimited';
    case 503:
      return 'unavailable';
    default:
      return status >= 500 ? 'internal' : 'badRequest';
  }
}

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  field?: string;
  /** The rule that refused, for a catalogue to render (`args.required`); the message is for developers. */
  messageKey?: string;
  params?: Record<string, RefusalParam>;
}

/** Throw this where the code or the field is known; the filter passes it on unchanged. */
export class ApiError extends HttpException {
  constructor(
    code: ErrorCode,
    message: string,
    field?: string,
    status: number = ERROR_CODES[code],
    key?: Partial<RefusalKey>,
  ) {
    super(
      {
        statusCode: status,
        code,
        message,
        ...(field ? { field } : {}),
        ...(key?.messageKey ? { messageKey: key.messageKey, params: { ...key.params } } : {}),
      } satisfies ErrorBody,
      status,
    );
  }

  get body(): ErrorBody {
    return this.getResponse() as ErrorBody;
  }
}

/** The error shape in the OpenAPI document. */
export class ApiErrorBody implements ErrorBody {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({
    enum: Object.keys(ERROR_CODES),
    example: 'validation',
    description: 'stable machine word for what went wrong',
  })
  code!: ErrorCode;
  @ApiProperty({ example: 'args.foo is not allowed (unknown field)' }) message!: string;
  @ApiPropertyOptional({
    example: 'args.foo',
    description: 'the request field at fault: a dotted path into the body, a query parameter, or a header name',
  })
  field?: string;
  @ApiPropertyOptional({
    example: 'args.tooLong',
    description:
      'the rule that refused, as a stable dotted key a message catalogue renders (the message is English for developers); present on refusals by the case workflow',
  })
  messageKey?: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: {
      oneOf: [
        { type: 'string' },
        { type: 'number' },
        { type: 'boolean' },
        { type: 'array', items: { type: 'string' } },
      ],
      nullable: true,
    },
    example: { field: 'reason', max: 2000 },
    description: 'what the message of `messageKey` is filled in with; present whenever `messageKey` is',
  })
  params?: Record<string, RefusalParam>;
}

const DESCRIPTIONS: Record<number, string> = {
  400: "validation (a field missing, malformed or unknown, or a body that is not JSON; `field` names it) · controlCharacter · badArgument (the workflow refused an argument in this case's state)",
  401: 'unauthenticated: no bearer token, or an unknown one',
  403: "forbidden (not for your role) · wrongRole · wrongUnit (not your unit's turn) · protectedParty (an accusation and the accused)",
  404: 'notFound: no such resource, or not visible to you (the accused unit of an accusation gets the same answer)',
  409: "wrongStep (not allowed in the case's current step) · idempotencyConflict (a key reused for another request) · caseCompleted · conflict",
};

/** Documents the error shape for each status an endpoint can answer with. */
export function ApiErrorResponses(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, type: ApiErrorBody, description: DESCRIPTIONS[status] ?? 'error' }),
    ),
  );
}

/** The ValidationPipe's factory: the first offending field becomes `field`, every problem goes into `message`. */
export function validationError(errors: ValidationError[]): ApiError {
  const problems: { field: string; message: string }[] = [];
  const walk = (error: ValidationError, parent: string) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, text] of Object.entries(error.constraints ?? {})) {
      const message =
        constraint === 'whitelistValidation'
          ? `${field} is not allowed (unknown field)`
          : text.startsWith(error.property)
            ? `${field}${text.slice(error.property.length)}`
            : `${field}: ${text}`;
      problems.push({ field, message });
    }
    for (const child of error.children ?? []) walk(child, field);
  };
  for (const error of errors) walk(error, '');
  if (problems.length === 0) return new ApiError('validation', 'the request body is not valid');
  return new ApiError('validation', problems.map((p) => p.message).join('; '), problems[0].field);
}

/**
 * Marks an error whose refusal the handler has already put on the audit trail (a refused admin
 * change writes its own record), so the edge's refusal record (refusal-audit.ts) does not add a second.
 */
const REFUSAL_RECORDED = Symbol('refusalRecorded');
export function refusalAlreadyRecorded<E extends object>(error: E): E {
  (error as Record<symbol, unknown>)[REFUSAL_RECORDED] = true;
  return error;
}
export function isRefusalAlreadyRecorded(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[REFUSAL_RECORDED] === true;
}
