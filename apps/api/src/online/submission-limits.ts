/**
 * How many submissions one client address, and one phone number, may make in a window. Counted in
 * the rate_limits table the throttler and the sign-in limits use (shared by every replica, keys
 * hashed: no address or phone in the clear). Only accepted submissions count, and they count in
 * the transaction that records them: a refused submission writes nothing, not even a count.
 * Over a limit: 429 rateLimited with Retry-After, as every other limit of the API answers.
 */
import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { ServiceConfig } from '@/libs/config/config';
import { normalizeContact } from '@/libs/auth/petitioner-identity';
import { FailureCounts } from '../abuse/failure-counts';
import { ApiError } from '../common/api-error';
import { SERVICE_CONFIG } from '../common/tokens';

export interface LimitKeys {
  address: string;
  phone: string | null;
}

@Injectable()
export class SubmissionLimits {
  constructor(
    private readonly counts: FailureCounts,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  keys(address: string, phone: string | undefined): LimitKeys {
    const mac = (text: string) => createHmac('sha256', this.config.queryCodeSecret).update(text).digest('hex');
    const normal = phone ? normalizeContact(phone) : '';
    return {
      address: FailureCounts.key('onlineSubmissionAddress', mac(address)),
      phone: normal ? FailureCounts.key('onlineSubmissionPhone', mac(normal)) : null,
    };
  }

  /** 429 when this address or this phone has used up its submissions; `onRefusal` sets Retry-After. */
  async check(keys: LimitKeys, onRefusal: (retryAfterSeconds: number) => void): Promise<void> {
    const { perAddress, perPhone } = this.config.online.limits;
    const checks: [string | null, number, string][] = [
      [keys.address, perAddress, 'submissions from this address'],
      [keys.phone, perPhone, 'submissions with this phone number'],
    ];
    for (const [key, limit, what] of checks) {
      if (!key) continue;
      const { failures, windowEndsInSeconds } = await this.counts.count(key);
      if (failures < limit) continue;
      onRefusal(windowEndsInSeconds);
      throw new ApiError(
        'rateLimited',
        `too many ${what} (${limit} per window); retry after ${windowEndsInSeconds} s`,
        undefined,
        undefined,
        { messageKey: 'online.rateLimited', params: { retryAfter: windowEndsInSeconds } },
      );
    }
  }

  /** One more accepted submission, in the caller's transaction (FailureCounts.fail's upsert). */
  async count(manager: EntityManager, keys: LimitKeys): Promise<void> {
    for (const key of [keys.address, keys.phone]) {
      if (!key) continue;
      await manager.query(
        `INSERT INTO rate_limits AS r (key, hits, window_ends_at) VALUES ($1, 1, clock_timestamp() + make_interval(secs => $2))
         ON CONFLICT (key) DO UPDATE SET
           hits = CASE WHEN r.window_ends_at <= clock_timestamp() THEN 1 ELSE r.hits + 1 END,
           window_ends_at = CASE WHEN r.window_ends_at <= clock_timestamp() THEN clock_timestamp() + make_interval(secs => $2) ELSE r.window_ends_at END`,
        [key, this.config.online.limits.windowSeconds],
      );
    }
  }
}
