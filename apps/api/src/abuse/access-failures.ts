import { CallHandler, ExecutionContext, Inject, Injectable, Logger, NestInterceptor, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import { createHmac } from 'node:crypto';
import { Observable, catchError, from, mergeMap, throwError } from 'rxjs';
import { DataSource } from 'typeorm';
import type { ServiceConfig } from '../../../../libs/config/config';
import { SERVICE_CONFIG } from '../common/tokens';

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
      await this.dataSource.query(`INSERT INTO access_failures (kind, subject, client, detail) VALUES ($1, $2, $3, $4)`, [kind, subject, client, detail.slice(0, 500)]);
    } catch (error) {
      this.logger.error(`could not record a ${kind} failure: ${(error as Error).message}`);
    }
  }
}

/**
 * On the petitioner's endpoints a 404 means a wrong query code (or no such case; the answers are
 * the same on purpose): each one is recorded against the petition, with the client's address hashed.
 */
@Injectable()
export class QueryCodeFailureRecorder implements NestInterceptor {
  constructor(
    private readonly failures: AccessFailures,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      catchError((error: unknown) =>
        from(
          error instanceof NotFoundException
            ? this.failures.record('queryCode', String(request.params.id ?? ''), this.failures.clientOf('queryCode', request.ip ?? 'unknown', this.config.queryCodeSecret), 'query code does not match, or no such petition')
            : Promise.resolve(),
        ).pipe(mergeMap(() => throwError(() => error))),
      ),
    );
  }
}
