import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '@/libs/config/config';
import { DEFAULT_DIGEST_AT, assembleWarningDigests } from '@/libs/notify/digest';
import { SERVICE_CONFIG } from '../common/tokens';

/** How often each API process looks whether a morning's digest is due. */
export const DIGEST_INTERVAL_MS = 60_000;

/**
 * Assembles the warning digests (libs/notify/digest.ts) in every API process once a minute; the
 * digest's key keeps two processes from making it twice. The dispatcher then mails it.
 */
@Injectable()
export class NotificationDigestService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NotificationDigest');
  readonly at: string;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.at = config.notifyDigestAt ?? DEFAULT_DIGEST_AT;
  }

  /** The digests due at `instant` (a test passes the morning it wants); the keys of those made now. */
  runAt(instant: number): Promise<string[]> {
    return assembleWarningDigests(this.dataSource, instant, this.at);
  }

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running = this.runAt(Date.now())
        .catch((error) => this.logger.warn(`warning digest round failed: ${(error as Error).message}`))
        .finally(() => {
          this.running = null;
          if (this.timer) this.timer = setTimeout(tick, DIGEST_INTERVAL_MS);
        });
    };
    this.timer = setTimeout(tick, DIGEST_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
