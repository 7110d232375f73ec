import { ApiProperty } from '@nestjs/swagger';
import { IsObject, IsString, Length } from 'class-validator';

/** A staff action on a case. The arguments are checked by the workflow's update validator. */
export class PetitionActionDto {
  @ApiProperty({ description: 'unique per intended action: sending the same requestId again changes nothing', example: 'b1f7c2d0-accept-1' })
  @IsString()
  @Length(1, 200)
  requestId!: string;

  @ApiProperty({
    description: 'the action\'s arguments (DOMAIN §2a); instants as ISO-8601 strings, dates as YYYY-MM-DD',
    example: { unitId: 'x-zjj' },
    type: 'object',
    additionalProperties: true,
  })
  @IsObject()
  args!: Record<string, unknown>;
}
