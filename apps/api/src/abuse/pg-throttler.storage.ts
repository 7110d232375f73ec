import type { ThrottlerStorage } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';

interface Record {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/**
 * The throttler's counters in PostgreSQL, so every API replica counts the same requests: one
 * atomic upsert per request. A window opens at the first hit and lasts `ttl`; going over `limit`
 * blocks the key for `blockDuration` (times in milliseconds, as the throttler passes them).
 */
export class PostgresThrottlerStorage implements ThrottlerStorage {
  private writes = 0;

  constructor(private readonly dataSource: DataSource) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName: string,
  ): Promise<Record> {
    const rows: { hits: number; window_ms: string; blocked_ms: string | null }[] = await this.dataSource.query(
      `WITH now AS (SELECT clock_timestamp() AS t)
       INSERT INTO rate_limits AS r (key, hits, window_ends_at, blocked_until)
       SELECT $1, 1, t + make_interval(secs => $2 / 1000.0), CASE WHEN 1 > $3 THEN t + make_interval(secs => $4 / 1000.0) END FROM now
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.blocked_until > (SELECT t FROM now) THEN r.hits + 1
                     WHEN r.window_ends_at <= (SELECT t FROM now) THEN 1 ELSE r.hits + 1 END,
         window_ends_at = CASE WHEN r.blocked_until > (SELECT t FROM now) THEN r.window_ends_at
                               WHEN r.window_ends_at <= (SELECT t FROM now) THEN (SELECT t FROM now) + make_interval(secs => $2 / 1000.0)
                               ELSE r.window_ends_at END,
         blocked_until = CASE WHEN r.blocked_until > (SELECT t FROM now) THEN r.blocked_until
                              WHEN (CASE WHEN r.window_ends_at <= (SELECT t FROM now) THEN 1 ELSE r.hits + 1 END) > $3
                                THEN (SELECT t FROM now) + make_interval(secs => $4 / 1000.0)
                              END
       RETURNING hits,
                 greatest(0, ceil(extract(epoch FROM window_ends_at - clock_timestamp()) * 1000))::text AS window_ms,
                 CASE WHEN blocked_until IS NOT NULL THEN greatest(0, ceil(extract(epoch FROM blocked_until - clock_timestamp()) * 1000))::text END AS blocked_ms`,
      [key, ttl, limit, blockDuration],
    );
    if (++this.writes % 500 === 0) void this.sweep();
    const row = rows[0];
    const blockedMs = row.blocked_ms === null ? 0 : Number(row.blocked_ms);
    return {
      totalHits: row.hits,
      timeToExpire: Math.ceil(Number(row.window_ms) / 1000),
      isBlocked: blockedMs > 0,
      timeToBlockExpire: Math.ceil(blockedMs / 1000),
    };
  }

  /** Counters whose window and block have both passed are only clutter. */
  private async sweep(): Promise<void> {
    await this.dataSource
      .query(
        `DELETE FROM rate_limits WHERE window_ends_at < now() - interval '1 hour' AND (blocked_until IS NULL OR blocked_until < now())`,
      )
      .catch(() => undefined);
  }
}
