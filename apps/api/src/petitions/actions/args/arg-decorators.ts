/**
 * The building blocks of the action argument classes: each one both validates (class-validator)
 * and documents (OpenAPI) a field, so the two can never say different things.
 */
import { applyDecorators } from '@nestjs/common';
import type { Type as ClassType } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { ApiInstant, IsWireInstant } from '../../../common/wire-instant';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
import { UNIT_ID_PATTERN } from '../../../accountability/dto/list-accountability.query';
import { EmptyAsAbsent } from '../../../common/empty-as-absent';

const NOT_BLANK = /\S/;

export function TextArg(options: { description: string; example: string; max?: number; optional?: boolean }) {
  const max = options.max ?? 2000;
  const doc = { description: options.description, example: options.example, minLength: 1, maxLength: max };
  return applyDecorators(
    ...(options.optional ? [ApiPropertyOptional(doc), IsOptional()] : [ApiProperty(doc)]),
    IsString(),
    Length(1, max),
    Matches(NOT_BLANK, { message: '$property must not be blank' }),
  );
}

export function UnitIdArg(description: string, example = 'x-zjj') {
  return applyDecorators(
    ApiProperty({ description, example, pattern: UNIT_ID_PATTERN.source }),
    IsString(),
    Matches(UNIT_ID_PATTERN, { message: '$property must be a unit id such as x-zjj' }),
  );
}

export function IntArg(options: { description: string; example: number; min: number; max: number }) {
  return applyDecorators(
    ApiProperty({
      type: 'integer',
      description: options.description,
      example: options.example,
      minimum: options.min,
      maximum: options.max,
    }),
    IsInt(),
    Min(options.min),
    Max(options.max),
  );
}

export function EnumArg(values: readonly string[], description: string, options: { optional?: boolean } = {}) {
  const doc = { enum: values as string[], description, example: values[0] };
  return applyDecorators(
    ...(options.optional ? [ApiPropertyOptional(doc), EmptyAsAbsent(), IsOptional()] : [ApiProperty(doc)]),
    IsIn(values as string[]),
  );
}

export function InstantArg(description: string, options: { optional?: boolean } = {}) {
  if (!options.optional) return applyDecorators(ApiInstant(description), IsWireInstant());
  return applyDecorators(
    ApiPropertyOptional({ type: String, format: 'date-time', description }),
    EmptyAsAbsent(),
    IsOptional(),
    IsWireInstant(),
  );
}

export function DateArg(description: string, example: string) {
  return applyDecorators(
    ApiProperty({ type: 'string', format: 'date', description: `${description} (YYYY-MM-DD, Asia/Shanghai)`, example }),
    IsString(),
    Matches(DATE_PATTERN, { message: '$property must be a date YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property is not a real date' }),
  );
}

export function UuidArg(options: { description: string; optional?: boolean }) {
  const doc = { type: String, format: 'uuid', description: options.description };
  return applyDecorators(
    ...(options.optional ? [ApiPropertyOptional(doc), EmptyAsAbsent(), IsOptional()] : [ApiProperty(doc)]),
    IsUUID('4'),
  );
}

/**
 * The arguments of an action that takes only a reason (不予受理, 挂牌, 销号, 提级): a class whose one
 * field, `reason`, is text; `description` says what the reason is for.
 */
export function ReasonArgs(description: string, example: string): ClassType<{ reason: string }> {
  class Reason {
    @TextArg({ description, example })
    reason!: string;
  }
  return Reason;
}

/** What a written reply or decision states (处理意见书, 复查意见书, 复核意见书); printed in the document the workflow issues. */
export class WrittenGroundsArgs {
  @TextArg({
    description: 'the facts found (经调查核实的事实)',
    example: '经现场核查，小区维修基金账目已公示，相关支出经业主大会表决通过。',
    max: 5000,
  })
  facts!: string;

  @TextArg({
    description: 'the reasons for the outcome or decision (理由)',
    example: '维修基金的使用程序符合规定。',
    max: 5000,
  })
  reasons!: string;

  @TextArg({ description: 'the legal basis (依据)', example: '《住宅专项维修资金管理办法》第二十二条', max: 5000 })
  legalBasis!: string;
}
