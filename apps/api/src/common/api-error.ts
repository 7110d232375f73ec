/**
 * ONE error shape for every 4xx (and 5xx) the API answers: `{ statusCode, code, message, detail,
 * field?, messageKey, params }`. `code` is a stable machine word a client can switch on; `message`
 * says it for the person who reads it, in Chinese (English under `Accept-Language: en`), rendered
 * from `messageKey` and `params` by the one catalogue (libs/process/messages/zh-CN.ts); `detail` is
 * the English for developers and logs; `field` names the offending request field (`args.days`,
 * `receivedAt`, header `Idempotency-Key`) when there is one. A thrown ApiError carries the English
 * and the key; the filter (workflow-error.filter.ts, error-message.ts) renders the message as it
 * answers, so every error the API sends is said the same way.
 */
import { HttpException, applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import type { ValidationError } from 'class-validator';
import type { RefusalParam } from '@/libs/process/refusal';
import type { MessageKey } from '@/libs/process/messages/zh-CN';

/** The rule an error names, and what its sentence is filled in with. */
export interface ErrorKey {
  messageKey: MessageKey;
  params?: Record<string, RefusalParam>;
}

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
  fileTooLarge: 413, // an uploaded file over the per-file limit
  caseQuotaExceeded: 413, // a case's materials would pass the per-case limit
  unsupportedMediaType: 415,
  contentTypeMismatch: 415, // an upload's content is not the type it was declared as
  evidenceMaterialInvalid: 400, // a 销号 names a material that is not the case's 销号佐证
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
  /** For the person: zh-CN (English under Accept-Language: en). Before rendering, the English. */
  message: string;
  /** For developers: the English of the site that refused. Set when the body is rendered. */
  detail?: string;
  field?: string;
  /** The rule that refused (`args.required`, `auth.signInFailed`, `error.notFound`). */
  messageKey?: string;
  params?: Record<string, RefusalParam>;
}

/** Throw this where the code or the field is known; the filter passes it on unchanged. */
export class ApiError extends HttpException {
  constructor(code: ErrorCode, message: string, field?: string, status: number = ERROR_CODES[code], key?: ErrorKey) {
    super(
      {
        statusCode: status,
        code,
        message,
        ...(field ? { field } : {}),
        ...(key ? { messageKey: key.messageKey, params: { ...key.params } } : {}),
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
  @ApiProperty({
    example: '请求中含有不允许的项目“args.foo”。',
    description: 'what went wrong, for the person who reads it: zh-CN, or English under `Accept-Language: en`',
  })
  message!: string;
  @ApiProperty({
    example: 'args.foo is not allowed (unknown field)',
    description: 'what went wrong in English, for developers and logs',
  })
  detail!: string;
  @ApiPropertyOptional({
    example: 'args.foo',
    description: 'the request field at fault: a dotted path into the body, a query parameter, or a header name',
  })
  field?: string;
  @ApiProperty({
    example: 'validation.unknownField',
    description:
      "the rule that refused, as a stable dotted key (the workflow's refusals, the API's own checks, or `error.<code>`); `message` is its sentence",
  })
  messageKey!: string;
  @ApiProperty({
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
    description: 'what the sentence of `messageKey` is filled in with (raw values: field paths, codes, numbers)',
  })
  params!: Record<string, RefusalParam>;
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

/**
 * class-validator's constraint names, each as a catalogue key; the number or the list the English
 * text states is read back into params (`max`, `min`, `allowed`). A constraint not listed here
 * (a newer decorator) is said as `validation.invalid`, naming the field.
 */
const CONSTRAINT_KEYS: Record<string, MessageKey> = {
  whitelistValidation: 'validation.unknownField',
  isDefined: 'validation.required',
  isNotEmpty: 'validation.required',
  isIn: 'validation.oneOf',
  isEnum: 'validation.oneOf',
  maxLength: 'validation.tooLong',
  minLength: 'validation.tooShort',
  isLength: 'validation.tooLong',
  arrayMaxSize: 'validation.tooMany',
  arrayMinSize: 'validation.tooFew',
  arrayNotEmpty: 'validation.tooFew',
  isString: 'validation.notText',
  isNumber: 'validation.notNumber',
  isInt: 'validation.notInteger',
  min: 'validation.tooSmall',
  max: 'validation.tooLarge',
  isBoolean: 'validation.notBoolean',
  isUUID: 'validation.notId',
  isDateString: 'validation.notDate',
  isISO8601: 'validation.notDate',
  isCalendarDate: 'validation.notDate',
  isWireInstant: 'args.notInstant',
  isArray: 'validation.notList',
  isObject: 'validation.notObject',
  nestedValidation: 'validation.notObject',
  matches: 'validation.badFormat',
};

/** The key and params of one failed constraint, from its name and class-validator's English. */
export function constraintKey(constraint: string, text: string, field: string): ErrorKey {
  let messageKey = CONSTRAINT_KEYS[constraint] ?? 'validation.invalid';
  const params: Record<string, RefusalParam> = { field };
  const number = /(-?\d+(?:\.\d+)?)/.exec(text)?.[1];
  if (constraint === 'isLength' && /longer than/.test(text)) messageKey = 'validation.tooShort';
  if (['validation.tooLong', 'validation.tooMany', 'validation.tooLarge'].includes(messageKey) && number)
    params.max = Number(number);
  if (['validation.tooShort', 'validation.tooFew', 'validation.tooSmall'].includes(messageKey))
    params.min = number ? Number(number) : 1;
  if (messageKey === 'validation.oneOf') {
    const list = /one of the following values: (.*)$/.exec(text)?.[1];
    if (list) params.allowed = list.split(/,\s*/).filter((v) => v.length > 0);
  }
  return { messageKey, params };
}

/**
 * The ValidationPipe's factory: the first offending field becomes `field`, its constraint the
 * `messageKey` (the field in the clerk's words), every problem goes into the English `message`.
 */
/**
 * How every request class is validated: unknown fields refused at every depth, an empty argument
 * class valid as `{}`, each problem answered in the one error shape. The global pipe and the pipe of
 * a body whose class is chosen per route (the staff actions) both use it.
 */
export const VALIDATION_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: false,
  transform: true,
  exceptionFactory: (errors: ValidationError[]) => validationError(errors),
};

export function validationError(errors: ValidationError[]): ApiError {
  const problems: { field: string; message: string; key: ErrorKey }[] = [];
  const walk = (error: ValidationError, parent: string) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    for (const [constraint, text] of Object.entries(error.constraints ?? {})) {
      const message =
        constraint === 'whitelistValidation'
          ? `${field} is not allowed (unknown field)`
          : text.startsWith(error.property)
            ? `${field}${text.slice(error.property.length)}`
            : `${field}: ${text}`;
      problems.push({ field, message, key: constraintKey(constraint, text, field) });
    }
    for (const child of error.children ?? []) walk(child, field);
  };
  for (const error of errors) walk(error, '');
  if (problems.length === 0)
    return new ApiError('validation', 'the request body is not valid', undefined, undefined, {
      messageKey: 'error.validation',
    });
  return new ApiError(
    'validation',
    problems.map((p) => p.message).join('; '),
    problems[0].field,
    undefined,
    problems[0].key,
  );
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
