import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '@/libs/config/config';
import type { NotificationChannel } from '@/libs/notify/channel';
import { loadNotifyChannelsConfig } from '@/libs/config/notify-channels';
import { EmailChannel } from '@/libs/notify/channels/email';
import { channelsFromConfig } from '@/libs/notify/channels/from-config';
import { NotificationDispatcher } from '@/libs/notify/dispatcher';
import { API_METRICS, SERVICE_CONFIG } from '../common/tokens';
import type { ApiMetrics } from '../observability/metrics';

/** How often each API process looks for due deliveries. */
export const DISPATCH_INTERVAL_MS = 1_000;

/**
 * The channels this deployment has, each configured by environment. The robots (企业微信, 钉钉)
 * and the signed webhook are always there for the offices' own addresses (notification_addresses);
 * their deployment-wide URL and secret (NOTIFY_*) only add the secret for that URL. SMS is off
 * unless SMS_PROVIDER names one.
 */
export function configuredChannels(config: ServiceConfig): NotificationChannel[] {
  const channels: NotificationChannel[] = [];
  if (config.smtp) channels.push(new EmailChannel(config.smtp));
  const others = channelsFromConfig(config.notifyChannels ?? loadNotifyChannelsConfig(process.env), {
    perOffice: true,
  });
  for (const channel of Object.values(others)) if (channel) channels.push(channel);
  return channels;
}

/** Runs the outbox's dispatcher (libs/notify/dispatcher.ts) in every API process; SKIP LOCKED keeps replicas apart. */
@Injectable()
export class NotificationDispatchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationDispatch');
  readonly dispatcher: NotificationDispatcher;

  constructor(
    dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
    @Inject(API_METRICS) metrics: ApiMetrics,
  ) {
    this.dispatcher = new NotificationDispatcher(dataSource, configuredChannels(config), {
      onOutcome: (channel, outcome) => metrics.notificationDeliveries.inc({ channel, outcome }),
      ...(config.notificationLeaseMs ? { leaseMs: config.notificationLeaseMs } : {}),
    });
  }

  onApplicationBootstrap(): void {
    this.dispatcher.start(DISPATCH_INTERVAL_MS, (error) =>
      this.logger.warn(`notification dispatch round failed: ${(error as Error).message}`),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.stop();
  }
}
