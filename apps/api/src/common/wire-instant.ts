/**
 * The edge's side of libs/process/wire-time: OpenAPI annotations for instant and date fields, and
 * reading an instant from a request (400 naming the field when it is not ISO-8601 with an offset).
 */
import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';
import { registerDecorator, ValidationOptions } from 'class-validator';
import { WIRE_INSTANT_DESCRIPTION, WIRE_INSTANT_EXAMPLE, parseInstant } from '@/libs/process/wire-time';
import { ApiError } from './api-error';

const describe = (what: string | undefined) =>
  what ? `${what}: ${WIRE_INSTANT_DESCRIPTION}` : WIRE_INSTANT_DESCRIPTION;

/** An instant field of a response or request: ISO-8601 +08:00. */
export function ApiInstant(what?: string, options: { nullable?: boolean } = {}): PropertyDecorator {
  const schema: ApiPropertyOptions = {
    type: String,
    format: 'date-time',
    example: WIRE_INSTANT_EXAMPLE,
    description: describe(what),
  };
  return ApiProperty(options.nullable ? { ...schema, nullable: true, required: true } : schema);
}

/** A date field: the Asia/Shanghai calendar date. */
export function ApiDate(what?: string, options: { nullable?: boolean } = {}): PropertyDecorator {
  const description = `${what ? `${what}: ` : ''}a date, YYYY-MM-DD (Asia/Shanghai)`;
  const schema: ApiPropertyOptions = { type: String, format: 'date', example: '2026-12-07', description };
  return ApiProperty(options.nullable ? { ...schema, nullable: true, required: true } : schema);
}

/** `remainingDays` of a clock: one definition for every response that shows a clock. */
export function ApiRemainingDays(asOf: string, options: { nullable?: boolean } = {}): PropertyDecorator {
  const description =
    `whole calendar days from today (the Asia/Shanghai date of ${asOf}) to \`lastDay\`: 0 on the last day itself (the ` +
    'period ends at 24:00 that day), 1 on the day before, -1 on the day after (overdue by one day), and so on; counted ' +
    'in calendar days even for a working-day period' +
    (options.nullable
      ? '. null when the clock is not running (stopped, lapsed) or is suspended (a hearing is open).'
      : '');
  return ApiProperty({
    type: Number,
    example: 3,
    description,
    ...(options.nullable ? { nullable: true, required: true } : {}),
  });
}

/**
 * The earliest instant a petition's record can hold: the 2005 《信访条例》, whose time limits the
 * 2022 regulation keeps, took effect on 2005-05-01. An earlier date is a typo (1900-01-01 would
 * at once write overdue records against a real unit), never a case of this procedure.
 */
export const EARLIEST_INSTANT = Date.parse('2005-05-01T00:00:00+08:00');

/** An ISO-8601 instant with an offset, on a real calendar day, not before 2005-05-01. */
export function isRegulationInstant(value: unknown): boolean {
  try {
    return parseInstant(value) >= EARLIEST_INSTANT;
  } catch {
    return false;
  }
}

/** class-validator: an ISO-8601 instant with an explicit offset (or Z), as parseInstant reads it, not before 2005-05-01. */
export function IsWireInstant(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isWireInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `$property must be an ISO-8601 instant with an explicit offset on a calendar day, not before 2005-05-01, e.g. ${WIRE_INSTANT_EXAMPLE}`,
        ...options,
      },
      validator: { validate: isRegulationInstant },
    });
}

/** An instant argument of a request, as epoch milliseconds for the workflow. */
export function instantFromWire(value: unknown, field: string): number {
  let instant: number;
  try {
    instant = parseInstant(value);
  } catch (error) {
    throw new ApiError('validation', `${field} ${(error as Error).message}`, field);
  }
  if (instant < EARLIEST_INSTANT) {
    throw new ApiError(
      'validation',
      `${field} is before 2005-05-01, when the 信访条例's time limits began to apply`,
      field,
    );
  }
  return instant;
}
