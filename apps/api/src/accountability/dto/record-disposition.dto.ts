import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';

/** What was decided on a trigger: 确认 · 不予追究 · 约谈已开展 · 已处分 · 已整改. */
export const DISPOSITIONS = ['confirmed', 'dismissed', 'admonitoryTalkHeld', 'disciplined', 'corrected'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

export class RecordDispositionDto {
  @ApiProperty({
    description:
      'unique per intended decision: sending the same requestId again for the same record records nothing new',
    example: 'disp-7f3a',
  })
  @IsString()
  @Length(1, 200)
  requestId!: string;

  @ApiProperty({ enum: DISPOSITIONS })
  @IsIn(DISPOSITIONS)
  disposition!: Disposition;

  @ApiProperty({
    description: 'the reasons and reference (e.g. the 约谈 minutes)',
    example: '2026-11-20 约谈县住建局分管负责人',
  })
  @IsString()
  @Length(1, 2000)
  note!: string;
}
