import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { CLOCK_TIME_PATTERN, NOTIFICATION_CHANNELS } from '@/libs/persistence/notification-admin';
import type { ChannelName } from '@/libs/notify/channel';

const ADDRESS_DESCRIPTION =
  "email: an e-mail address · wecom, dingtalk: the robot's https URL (its key in the query) · webhook: the office gateway's https URL · sms: a mainland mobile number. Signing secrets (钉钉 加签, the webhook's HMAC) are not set here: they come from the environment, for the deployment's own URL (NOTIFY_DINGTALK_SECRET, NOTIFY_WEBHOOK_SECRET)";

export class NotificationAddressDto {
  @ApiProperty({ enum: NOTIFICATION_CHANNELS })
  @IsIn(NOTIFICATION_CHANNELS as readonly string[] as string[])
  channel!: ChannelName;

  @ApiProperty({ example: 'xfj@example.gov.cn', description: ADDRESS_DESCRIPTION })
  @IsString()
  @Length(1, 2000)
  address!: string;
}

export class SetNotificationAddressesDto {
  @ApiProperty({
    type: [NotificationAddressDto],
    description: "the unit's addresses, at most one per channel; they replace the unit's list (empty: none)",
  })
  @IsDefined()
  @ArrayMaxSize(NOTIFICATION_CHANNELS.length)
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => NotificationAddressDto)
  addresses!: NotificationAddressDto[];
}

const TIME_MESSAGE = '$property: a time of day, HH:MM (Beijing time)';

/** Both times set the window; both null clear it. */
export class SetQuietHoursDto {
  @ApiProperty({
    type: String,
    nullable: true,
    example: '22:00',
    description: 'start of the quiet hours, HH:MM Beijing time; null with endsAt null clears them',
  })
  @IsOptional()
  @Matches(CLOCK_TIME_PATTERN, { message: TIME_MESSAGE })
  startsAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: '07:00',
    description: 'end of the quiet hours (a window may span midnight); null with startsAt null clears them',
  })
  @IsOptional()
  @Matches(CLOCK_TIME_PATTERN, { message: TIME_MESSAGE })
  endsAt!: string | null;
}
