/**
 * The authentication read (user, unit, session) of a bearer token, kept for a few seconds so that a
 * burst of requests with one token reads the database once. Never at the cost of revocation:
 *  - every UPDATE or DELETE of users, units or auth_sessions notifies `auth_changed` (a trigger,
 *    migration 1765780000000, whatever code or person made the change), and each API process
 *    empties its cache when the notification arrives — a logout, a revoked session, a deactivated
 *    user or unit, a changed role or token version is refused by every replica within the
 *    notification's delivery (milliseconds);
 *  - the cache is used only while the listening connection is up; when it drops, the cache is
 *    emptied and every request reads the database until it is listening again;
 *  - a read that raced with a change (the notification arrived while it was in flight) is not kept;
 *  - an entry lives at most AUTH_CACHE_SECONDS (default 5): the bound on staleness if the listening
 *    connection breaks silently (no error, no notification), the one case the above cannot see.
 * Session expiry is checked on every request against the instant read with the entry.
 */
import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  OnModuleDestroy,
  OnModuleInit,
} from '@nestjs/common';
import { Observable, tap } from 'rxjs';
import { Client } from 'pg';
import type { ServiceConfig } from '@/libs/config/config';
import { SERVICE_CONFIG } from '../common/tokens';

export const AUTH_CHANGED_CHANNEL = 'auth_changed';

interface Entry<T> {
  value: T;
  storedAt: number;
}

@Injectable()
export class UserCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('auth-cache');
  private readonly entries = new Map<string, Entry<unknown>>();
  private generation = 0;
  private listener: Client | null = null;
  private listening = false;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly ttlMs: number;

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {
    this.ttlMs = (config.auth.cacheSeconds ?? 0) * 1000;
  }

  async onModuleInit(): Promise<void> {
    if (this.ttlMs > 0) await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.invalidate();
    await this.listener?.end().catch(() => undefined);
  }

  /** The cached value, or `read()`'s, kept only when nothing changed while it was read. */
  async get<T>(key: string, read: () => Promise<T>): Promise<T> {
    if (!this.listening) return read();
    const hit = this.entries.get(key);
    if (hit && performance.now() - hit.storedAt < this.ttlMs) return hit.value as T;
    const generation = this.generation;
    const value = await read();
    if (this.listening && generation === this.generation) {
      if (this.entries.size >= 10_000) this.entries.clear();
      this.entries.set(key, { value, storedAt: performance.now() });
    }
    return value;
  }

  invalidate(): void {
    this.generation += 1;
    this.entries.clear();
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, keepAlive: true });
    const lost = (why: string) => {
      if (this.listener !== client) return;
      this.listening = false;
      this.listener = null;
      this.invalidate();
      client.end().catch(() => undefined);
      if (this.closed) return;
      this.logger.warn(`not listening for account changes (${why}): every request reads the database until it is back`);
      this.retry = setTimeout(() => void this.listen(), 5000);
    };
    this.listener = client;
    client.on('notification', () => this.invalidate());
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('connection ended'));
    try {
      await client.connect();
      await client.query(`LISTEN ${AUTH_CHANGED_CHANNEL}`);
      // Anything cached before (nothing, or entries from before a lost connection) is gone.
      this.invalidate();
      this.listening = true;
    } catch (error) {
      lost((error as Error).message);
    }
  }
}

/**
 * On the controllers whose writes change accounts, units or sessions (logout, the admin API): the
 * process that made the change empties its cache before it answers, so the caller's next request
 * never meets an entry from before, whatever the order in which the notification arrives.
 */
@Injectable()
export class InvalidatesUserCache implements NestInterceptor {
  constructor(private readonly cache: UserCache) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(tap({ next: () => this.cache.invalidate(), error: () => this.cache.invalidate() }));
  }
}
