import { ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import type { ServiceConfig } from '../../../../libs/config/config';
import { SERVICE_CONFIG } from '../common/tokens';
import { AccessFailures } from './access-failures';

/** Endpoints that are rate-limited, by group: staff sign-in, and the petitioner's query-code endpoints. */
export type RateLimitGroup = 'signIn' | 'queryCode';
const GROUP = 'rateLimit:group';
export const RateLimited = (group: RateLimitGroup) => SetMetadata(GROUP, group);

const groupOf = (context: ExecutionContext): RateLimitGroup | undefined =>
  Reflect.getMetadata(GROUP, context.getHandler()) ?? Reflect.getMetadata(GROUP, context.getClass());

/** What each limit counts by: the client address, the account signing in, the petition asked about. */
const TRACKERS = {
  signInAddress: { group: 'signIn', track: (req: Request) => req.ip ?? 'unknown' },
  signInAccount: { group: 'signIn', track: (req: Request) => String((req.body as { userId?: unknown } | undefined)?.userId ?? '').toLowerCase() },
  queryCodeAddress: { group: 'queryCode', track: (req: Request) => req.ip ?? 'unknown' },
  queryCodePetition: { group: 'queryCode', track: (req: Request) => String(req.params.id ?? '') },
} as const satisfies Record<string, { group: RateLimitGroup; track: (req: Request) => string }>;
export type ThrottlerName = keyof typeof TRACKERS;

/**
 * One throttler per tracker. Counters are keyed by limit and tracker only (not by handler), so
 * the three query-code endpoints share one budget per petition, and stored hashed (no addresses
 * in the counters table). A route outside a limit's group skips it.
 */
export function throttlerOptions(config: ServiceConfig): ThrottlerModuleOptions {
  const limits = config.rateLimits;
  const limitOf: Record<ThrottlerName, number> = {
    signInAddress: limits.signInPerAddress,
    signInAccount: limits.signInPerAccount,
    queryCodeAddress: limits.queryCodePerAddress,
    queryCodePetition: limits.queryCodePerPetition,
  };
  return {
    throttlers: (Object.keys(TRACKERS) as ThrottlerName[]).map((name) => ({
      name,
      ttl: limits.windowSeconds * 1000,
      limit: limitOf[name],
      blockDuration: limits.blockSeconds * 1000,
      skipIf: (context: ExecutionContext) => groupOf(context) !== TRACKERS[name].group,
      getTracker: (req: Record<string, unknown>) => TRACKERS[name].track(req as unknown as Request),
      generateKey: (_context: ExecutionContext, tracker: string, throttlerName: string) => createHash('sha256').update(`${throttlerName}:${tracker}`).digest('hex'),
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

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const retryAfter = Math.max(1, detail.timeToBlockExpire || detail.timeToExpire);
    response.header('Retry-After', String(retryAfter));
    const name = (Object.keys(TRACKERS) as ThrottlerName[]).find((n) => detail.key === createHash('sha256').update(`${n}:${detail.tracker}`).digest('hex'));
    const group = groupOf(context)!;
    const subject = name === 'signInAccount' || name === 'queryCodePetition' ? detail.tracker : null;
    const client = this.failures.clientOf(group === 'signIn' ? 'signIn' : 'queryCode', request.ip ?? 'unknown', this.config.queryCodeSecret);
    await this.failures.record('rateLimited', subject, client, `${name ?? 'limit'}: ${detail.totalHits} requests`);
    throw new ThrottlerException(`too many requests (${describe(name)}: ${detail.limit} per window); retry after ${retryAfter} s`);
  }
}

function describe(name: ThrottlerName | undefined): string {
  switch (name) {
    case 'signInAddress':
      return 'sign-in attempts from this address';
    case 'signInAccount':
      return 'sign-in attempts for this account';
    case 'queryCodeAddress':
      return 'query-code requests from this address';
    case 'queryCodePetition':
      return 'query-code requests for this petition';
    default:
      return 'requests';
  }
}
