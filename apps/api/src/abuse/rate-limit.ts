import { ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { hashRefreshToken } from '@/libs/auth/sessions';
import type { ServiceConfig } from '@/libs/config/config';
import { ApiError } from '../common/api-error';
import { SERVICE_CONFIG } from '../common/tokens';
import { AccessFailures } from './access-failures';

/**
 * Endpoints limited by the throttler, by group: the refresh of a sign-in session, and the
 * petitioner's query-code endpoints. Password sign-in has its own limits (sign-in-limits.ts):
 * failures per account and address slow down, they never refuse a correct password.
 */
export type RateLimitGroup = 'refresh' | 'queryCode';
const GROUP = 'rateLimit:group';
export const RateLimited = (group: RateLimitGroup) => SetMetadata(GROUP, group);

const groupOf = (context: ExecutionContext): RateLimitGroup | undefined =>
  Reflect.getMetadata(GROUP, context.getHandler()) ?? Reflect.getMetadata(GROUP, context.getClass());

/**
 * What each limit counts by. A refresh counts against its session, so nobody else's refreshes
 * use up a session's budget; a token that belongs to no session counts against the address that
 * sent it (and so only ever refuses that address's bogus tokens). The query-code endpoints count
 * by address; per petition they slow down instead (QueryCodeFailureRecorder).
 */
function trackers(dataSource: DataSource) {
  return {
    refreshSession: {
      group: 'refresh',
      track: async (req: Request) => {
        const token = (req.body as { refreshToken?: unknown } | undefined)?.refreshToken;
        const rows: { session_id: string }[] =
          typeof token === 'string' && token.length > 0 && token.length <= 200
            ? await dataSource.query(`SELECT session_id FROM refresh_tokens WHERE token_hash = $1`, [
                hashRefreshToken(token),
              ])
            : [];
        return rows[0] ? `session:${rows[0].session_id}` : `no-session:${req.ip ?? 'unknown'}`;
      },
    },
    queryCodeAddress: { group: 'queryCode', track: async (req: Request) => req.ip ?? 'unknown' },
  } as const satisfies Record<string, { group: RateLimitGroup; track: (req: Request) => Promise<string> }>;
}
export type ThrottlerName = keyof ReturnType<typeof trackers>;
const THROTTLER_NAMES: ThrottlerName[] = ['refreshSession', 'queryCodeAddress'];

/**
 * One throttler per tracker. Counters are keyed by limit and tracker only (not by handler), so
 * the three query-code endpoints share one budget per address, and stored hashed (no addresses
 * in the counters table). A route outside a limit's group skips it.
 */
export function throttlerOptions(config: ServiceConfig, dataSource: DataSource): ThrottlerModuleOptions {
  const limits = config.rateLimits;
  const limitOf: Record<ThrottlerName, number> = {
    refreshSession: limits.signInPerAddress,
    queryCodeAddress: limits.queryCodePerAddress,
  };
  const tracked = trackers(dataSource);
  return {
    throttlers: THROTTLER_NAMES.map((name) => ({
      name,
      ttl: limits.windowSeconds * 1000,
      limit: limitOf[name],
      blockDuration: limits.blockSeconds * 1000,
      skipIf: (context: ExecutionContext) => groupOf(context) !== tracked[name].group,
      getTracker: (req: Record<string, unknown>) => tracked[name].track(req as unknown as Request),
      generateKey: (_context: ExecutionContext, tracker: string, throttlerName: string) =>
        createHash('sha256').update(`${throttlerName}:${tracker}`).digest('hex'),
    })),
  };
}

/**
 * The throttler's guard with the answer operators and clients expect: 429 with `Retry-After`
 * (seconds) and a message saying which limit, and the refusal recorded.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly failures: AccessFailures,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const retryAfter = Math.max(1, detail.timeToBlockExpire || detail.timeToExpire);
    response.header('Retry-After', String(retryAfter));
    const name = THROTTLER_NAMES.find(
      (n) => detail.key === createHash('sha256').update(`${n}:${detail.tracker}`).digest('hex'),
    );
    const group = groupOf(context)!;
    const subject =
      name === 'refreshSession' && detail.tracker.startsWith('session:')
        ? detail.tracker.slice('session:'.length)
        : null;
    const client = this.failures.clientOf(
      group === 'refresh' ? 'signIn' : 'queryCode',
      request.ip ?? 'unknown',
      this.config.queryCodeSecret,
    );
    await this.failures.record('rateLimited', subject, client, `${name ?? 'limit'}: ${detail.totalHits} requests`);
    throw new ApiError(
      'rateLimited',
      `too many requests (${describe(name)}: ${detail.limit} per window); retry after ${retryAfter} s`,
      undefined,
      undefined,
      { messageKey: 'error.rateLimited', params: { retryAfter } },
    );
  }
}

function describe(name: ThrottlerName | undefined): string {
  switch (name) {
    case 'refreshSession':
      return 'refreshes of this session, or of unknown refresh tokens from this address';
    case 'queryCodeAddress':
      return 'query-code requests from this address';
    default:
      return 'requests';
  }
}
