import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { recordLogin } from '@/libs/audit/audit-trail';
import { sleep, slowDownDelayMs } from '@/libs/auth/slow-down';
import type { ServiceConfig } from '@/libs/config/config';
import { SERVICE_CONFIG } from '../common/tokens';
import { AccessFailures } from './access-failures';
import { FailureCounts } from './failure-counts';

/**
 * Limits on password sign-in that cannot be turned against the account's owner:
 *  - wrong passwords count per (account, address) pair: past the free ones, each further attempt
 *    from that pair waits (1 s, 2 s, 4 s … up to the cap) before its password is checked; the
 *    correct password is still accepted, only later. Failures from other addresses never slow the
 *    real user down, whatever they typed as the account name.
 *  - wrong passwords from one address, whatever the accounts, refuse that address (429) for the
 *    rest of the window: it stops one client spraying guesses over many accounts, and it refuses
 *    only the address that failed.
 * A success clears its pair's count. A refusal goes on the audit trail with the account name.
 */
@Injectable()
export class SignInLimits {
  constructor(
    private readonly dataSource: DataSource,
    private readonly counts: FailureCounts,
    private readonly failures: AccessFailures,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  private keys(account: string, address: string) {
    const name = account.trim().toLowerCase();
    return {
      pair: FailureCounts.key('signInPair', name, address),
      address: FailureCounts.key('signInAddress', address),
    };
  }

  /** Refuses an address over its limit, else waits as long as this pair's failures ask for. Returns the wait in ms. */
  async beforeAttempt(account: string, address: string, response: Response): Promise<number> {
    const limits = this.config.rateLimits;
    const keys = this.keys(account, address);
    const [byAddress, byPair] = await Promise.all([this.counts.count(keys.address), this.counts.count(keys.pair)]);
    if (byAddress.failures >= limits.signInPerAddress) {
      await this.failures.record(
        'rateLimited',
        account.slice(0, 200),
        address,
        `signInAddress: ${byAddress.failures} failed sign-ins`,
      );
      await recordLogin(this.dataSource.manager, {
        userId: null,
        succeeded: false,
        refused: true,
        method: 'password',
        reason: 'too many failed sign-ins from this address',
        attemptedUserId: account,
      });
      response.header('Retry-After', String(byAddress.windowEndsInSeconds));
      throw new HttpException(
        {
          statusCode: 429,
          code: 'rateLimited',
          message: `too many failed sign-ins from this address (${limits.signInPerAddress} per window); retry after ${byAddress.windowEndsInSeconds} s`,
          messageKey: 'auth.tooManyFailures',
          params: { retryAfter: byAddress.windowEndsInSeconds },
        },
        429,
      );
    }
    const delay = slowDownDelayMs(byPair.failures, limits.signInPerAccount, limits.maxDelaySeconds * 1000);
    if (delay > 0) await sleep(delay);
    return delay;
  }

  async failed(account: string, address: string): Promise<void> {
    const keys = this.keys(account, address);
    const window = this.config.rateLimits.windowSeconds;
    await Promise.all([this.counts.fail(keys.pair, window), this.counts.fail(keys.address, window)]);
  }

  async succeeded(account: string, address: string): Promise<void> {
    await this.counts.clear(this.keys(account, address).pair);
  }
}
