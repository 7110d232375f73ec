import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Failures counted per window in the rate_limits table (shared by every API replica), under a
 * hashed key: no account name, address or petition id is stored in the counters.
 */
@Injectable()
export class FailureCounts {
  constructor(private readonly dataSource: DataSource) {}

  static key(...parts: string[]): string {
    return createHash('sha256').update(parts.join('\u0000')).digest('hex');
  }

  /** Failures in the open window, and the seconds until it closes. */
  async count(key: string): Promise<{ failures: number; windowEndsInSeconds: number }> {
    const rows: { hits: number; ms: string }[] = await this.dataSource.query(
      `SELECT hits, ceil(extract(epoch FROM window_ends_at - clock_timestamp()) * 1000)::text AS ms
         FROM rate_limits WHERE key = $1 AND window_ends_at > clock_timestamp()`,
      [key],
    );
    return rows[0]
      ? { failures: rows[0].hits, windowEndsInSeconds: Math.max(1, Math.ceil(Number(rows[0].ms) / 1000)) }
      : { failures: 0, windowEndsInSeconds: 0 };
  }

  /** One more failure; a window opens at the first and lasts `windowSeconds`. */
  async fail(key: string, windowSeconds: number): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO rate_limits AS r (key, hits, window_ends_at) VALUES ($1, 1, clock_timestamp() + make_interval(secs => $2))
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.window_ends_at <= clock_timestamp() THEN 1 ELSE r.hits + 1 END,
         window_ends_at = CASE WHEN r.window_ends_at <= clock_timestamp() THEN clock_timestamp() + make_interval(secs => $2) ELSE r.window_ends_at END`,
      [key, windowSeconds],
    );
  }

  async clear(key: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM rate_limits WHERE key = $1`, [key]);
  }
}
