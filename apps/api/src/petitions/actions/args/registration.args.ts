/** Arguments of the actions on the registration itself: corrections (never silent edits) and calendar re-projection. */
import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, ValidateBy, ValidationArguments } from 'class-validator';
import { CALENDAR_VERSIONS } from '@/libs/process/calendar';
import { CORRECTABLE_FIELDS, CorrectableField, INTAKE_CHANNELS } from '@/libs/process/policy';
import { isRegulationInstant } from '../../../common/wire-instant';
import { EnumArg, TextArg } from './arg-decorators';

/** What `value` must be for each correctable field. */
const VALUE_RULES: Record<CorrectableField, { accepts: (value: unknown) => boolean; expected: string }> = {
  receivedAt: { accepts: isRegulationInstant, expected: 'an ISO-8601 instant with an offset, not before 2005-05-01' },
  channel: {
    accepts: (v) => typeof v === 'string' && INTAKE_CHANNELS.includes(v as never),
    expected: `one of ${INTAKE_CHANNELS.join(', ')}`,
  },
  urgent: { accepts: (v) => typeof v === 'boolean', expected: 'true or false' },
  collective: { accepts: (v) => typeof v === 'boolean', expected: 'true or false' },
};

function FitsCorrectedField() {
  return ValidateBy({
    name: 'fitsCorrectedField',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const rule = VALUE_RULES[(args?.object as CorrectRegistrationArgs).field];
        return rule ? rule.accepts(value) : true; // an unknown field is reported on `field`
      },
      defaultMessage: (args?: ValidationArguments) => {
        const field = (args?.object as CorrectRegistrationArgs).field;
        return `$property must be ${VALUE_RULES[field]?.expected ?? 'a value'} when correcting ${field}`;
      },
    },
  });
}

export class CorrectRegistrationArgs {
  @EnumArg(CORRECTABLE_FIELDS, 'the registration field being corrected')
  field!: CorrectableField;

  @ApiProperty({
    description:
      'the corrected value: an ISO-8601 instant for receivedAt, a channel for channel, a boolean for urgent and collective',
    oneOf: [
      { type: 'string', format: 'date-time' },
      { type: 'string', enum: [...INTAKE_CHANNELS] },
      { type: 'boolean' },
    ],
    example: '2026-11-18T09:00:00+08:00',
  })
  @IsDefined()
  @FitsCorrectedField()
  value!: string | boolean;

  @TextArg({
    description: 'why the registration was wrong (the correction is a new event and a ledger record)',
    example: '信封邮戳显示11月18日收到，登记时误录',
  })
  reason!: string;
}

export class ReprojectCalendarArgs {
  @EnumArg([...CALENDAR_VERSIONS].reverse(), 'the newer official calendar the open clocks are recomputed on')
  calendarVersion!: string;
}
