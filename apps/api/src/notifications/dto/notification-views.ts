import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { NOTIFICATION_KINDS } from '@/libs/notify/derive';
import { ApiInstant } from '../../common/wire-instant';

/** One notification as the console's notification centre shows it (zh-CN, rendered by libs/notify/messages.ts). */
export class NotificationView {
  @ApiProperty({ description: 'the notification in URLs (POST /me/notifications/{id}/read)', example: '42' })
  id!: string;
  @ApiProperty({ description: 'deterministic: case, event seq, audience; the Message-ID of its mail' }) key!: string;
  @ApiProperty({ enum: NOTIFICATION_KINDS }) kind!: string;
  @ApiProperty({ description: 'breaches, 督办 and urgent cases' }) urgent!: boolean;
  @ApiProperty({ description: 'zh-CN, one line' }) title!: string;
  @ApiProperty({ type: [String], description: 'zh-CN lines: what happened, the case number, the due date' })
  lines!: string[];
  @ApiPropertyOptional({ description: 'where in the console to act on it' }) link?: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, required: true }) petitionId!: string | null;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号' }) caseNumber!: string | null;
  @ApiInstant('when the event was recorded') at!: string;
  @ApiInstant('when you read it', { nullable: true }) readAt!: string | null;
}

export class NotificationList {
  @ApiProperty({ description: 'how many of yours are unread' }) unread!: number;
  @ApiProperty({ type: [NotificationView], description: 'newest first' }) items!: NotificationView[];
}

export class UnreadCount {
  @ApiProperty({ description: 'how many of yours are unread' }) unread!: number;
}

export class ListNotificationsQuery {
  @ApiPropertyOptional({ description: 'at most this many', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'only those not yet read' })
  @IsOptional()
  @IsIn(['true', 'false'])
  unreadOnly?: 'true' | 'false';
}

export const PREFERENCE_CHANNELS = ['email', 'wecom', 'dingtalk', 'webhook', 'sms'] as const;

/** Whether to be told of one kind of notification on one channel (the console always shows it). */
export class NotificationPreference {
  @ApiProperty({ enum: NOTIFICATION_KINDS })
  @IsIn(NOTIFICATION_KINDS as string[])
  kind!: string;

  @ApiProperty({ enum: PREFERENCE_CHANNELS })
  @IsIn(PREFERENCE_CHANNELS as readonly string[] as string[])
  channel!: string;

  @ApiProperty()
  @IsBoolean()
  enabled!: boolean;
}

/** The warning digest (预警汇总): your 70 %/90 % warnings in one mail a morning instead of one by one. */
export class DigestPreferenceInput {
  @ApiProperty({
    description:
      'true: the 70 %/90 % warnings addressed to you by name are mailed together each morning, not one by one (the console still shows each at once)',
  })
  @IsBoolean()
  warnings!: boolean;
}

export class DigestPreference extends DigestPreferenceInput {
  @ApiProperty({ example: '08:00', description: 'when the digest is mailed, HH:MM Beijing time (NOTIFY_DIGEST_AT)' })
  at!: string;
}
