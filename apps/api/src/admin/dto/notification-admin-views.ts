/** What the notification settings and delivery-state endpoints of the admin API answer. */
import { ApiProperty } from '@nestjs/swagger';
import { NOTIFICATION_CHANNELS } from '@/libs/persistence/notification-admin';
import { DELIVERY_STATES } from '@/libs/persistence/notification-delivery-state';
import { ApiInstant } from '../../common/wire-instant';

export class NotificationAddressView {
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel!: string;
  @ApiProperty({ example: 'xfj@example.gov.cn' }) address!: string;
}

export class QuietHoursView {
  @ApiProperty({ example: '22:00', description: 'HH:MM, Beijing time' }) startsAt!: string;
  @ApiProperty({ example: '07:00', description: 'HH:MM, Beijing time; before startsAt when the window spans midnight' })
  endsAt!: string;
}

export class UnitNotificationSettingsView {
  @ApiProperty({ example: 'x-zjj' }) unitId!: string;
  @ApiProperty({ type: [NotificationAddressView], description: 'at most one per channel, in channel order' })
  addresses!: NotificationAddressView[];
  @ApiProperty({
    type: QuietHoursView,
    nullable: true,
    required: true,
    description: 'non-urgent mail and robot messages wait for their end; null: none',
  })
  quietHours!: QuietHoursView | null;
}

export class DeliveryCountView {
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel!: string;
  @ApiProperty({ enum: DELIVERY_STATES }) state!: string;
  @ApiProperty() count!: number;
}

export class DeliveryProblemView {
  @ApiProperty({ description: "the notification's key (the receiver's message id is key:channel)" })
  notificationKey!: string;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel!: string;
  @ApiProperty({ enum: ['failed', 'retrying'] }) state!: string;
  @ApiProperty({ example: 'escalation', description: 'the kind of notification' }) kind!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({
    type: String,
    nullable: true,
    required: true,
    description: "the last attempt's error, one line, without addresses or a robot's key",
  })
  lastError!: string | null;
  @ApiInstant('when a retrying delivery is tried next (null once failed)', { nullable: true })
  nextAttemptAt!: string | null;
  @ApiProperty({ type: String, nullable: true, required: true, description: '信访件编号, if about a case' })
  caseNumber!: string | null;
}

export class DeliveryStateView {
  @ApiProperty({ type: [DeliveryCountView], description: 'every channel × state in your region, zeros included' })
  counts!: DeliveryCountView[];
  @ApiProperty({
    type: [DeliveryProblemView],
    description: 'the latest failed or retrying deliveries in your region (at most 50), latest first',
  })
  problems!: DeliveryProblemView[];
}
