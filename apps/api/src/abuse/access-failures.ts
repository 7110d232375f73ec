import { refKey } from '../common/petition-ref';
import {
  CallHandler,
  ExecutionContext,
  Inject,
  Injectable,
  Logger,
  NestInterceptor,
  HttpException,
} from '@nestjs/common';
import type { Request } from 'express';
import { createHmac } from 'node:crypto';
import { Observable, catchError, from, mergeMap, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '@/libs/config/config';
import { sleep, slowDownDelayMs } from '@/libs/auth/slow-down';
import { SERVICE_CONFIG } from '../common/tokens';
import { FailureCounts } from './failure-counts';

export type FailureKind = 'signIn' | 'queryCode' | 'rateLimited';

/**
 * Repeated failures, recorded for operators: failed staff sign-ins, wrong query codes and
 * requests refused by a rate limit. A petitioner's address is never stored (DOMAIN §6: no
 * tracking of petitioners): query-code failures keep only a keyed hash of it, enough to see that
 * one client keeps trying. Staff sign-in failures keep the address.
 */
@Injectable()
export class AccessFailures {
  private readonly logger = new Logger('abuse');

  constructor(private readonly dataSource: DataSource) {}

  clientOf(kind: FailureKind, address: string, secret: string): string {
    if (kind === 'signIn') return address;
    return `hmac:${createHmac('sha256', secret).update(address).digest('hex').slice(0, 16)}`;
  }

  /** A failed write is logged, never answered: it must not turn a 401/404/429 into a 500. */
  async record(kind: FailureKind, subject: string | null, client: string, detail: string): Promise<void> {
    try {
      await this.dataSource.query(
        `INSERT INTO access_failures (kind, subject, client, detail) VALUES ($1, $2, $3, $4)`,
        [kind, subject, client, detail.slice(0, 500)],
      );
    } catch (error) {
      this.logger.error(`could not record a ${kind} failure: ${(error as Error).message}`);
    }
  }
}

/**
 * On the petitioner's endpoints a 404 means a wrong query code (or no such case; the answers are
 * the same on purpose): each one is recorded against the petition, with the client's address
 * hashed, and counted. Past the free wrong codes, every further request for that petition waits
 * (1 s, 2 s, … up to the cap) before its code is checked: guessing gets slow, and the right code
 * is still answered, from any address, however many wrong ones others sent. A hard limit per
 * petition would let anyone who knows a petition's id lock its petitioner out.
 */
@Injectable()
export class QueryCodeFailureRecorder implements NestInterceptor {
  constructor(
    private readonly failures: AccessFailures,
    private readonly counts: FailureCounts,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    // By id or by 信访件编号, however typed (a case's number and its id are still two keys).
    const petitionId = refKey(String(request.params.id ?? ''));
    const key = FailureCounts.key('queryCodePetition', petitionId);
    const limits = this.config.rateLimits;
    const waitIfGuessedAt = async () => {
      const { failures } = await this.counts.count(key);
      await sleep(slowDownDelayMs(failures, limits.queryCodePerPetition, limits.maxDelaySeconds * 1000));
    };
    const recordWrongCode = async () => {
      await this.counts.fail(key, limits.windowSeconds);
      await this.failures.record(
        'queryCode',
        petitionId,
        this.failures.clientOf('queryCode', request.ip ?? 'unknown', this.config.queryCodeSecret),
        'query code does not match, or no such petition',
      );
    };
    return from(waitIfGuessedAt()).pipe(
      mergeMap(() => next.handle()),
      catchError((error: unknown) =>
        from(error instanceof HttpException && error.getStatus() === 404 ? recordWrongCode() : Promise.resolve()).pipe(
          mergeMap(() => throwError(() => error)),
        ),
      ),
    );
  }
}
