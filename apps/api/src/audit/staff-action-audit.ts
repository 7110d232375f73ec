/**
 * Every staff action goes on the audit trail, accepted or refused, with the reason. An endpoint
 * says it is a staff action with @AuditedStaffAction(describe); the interceptor records the outcome
 * of everything inside it (request validation, access checks, the workflow's validators) before
 * the response goes out. Refusals by the guards (no token, wrong role) happen before any
 * interceptor runs: the marking guard, registered first, records those when the response finishes.
 */
import {
  CallHandler,
  CanActivate,
  ExecutionContext,
  Injectable,
  Logger,
  NestInterceptor,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { Observable, from, lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { AuditKind, appendAuditRecord } from '@/libs/audit/audit-trail';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { httpErrorFor } from '../common/workflow-error.filter';
import { boundedDetail, refusalEvidence } from './refusal-audit';

export interface StaffActionDescription {
  kind?: AuditKind;
  action: string;
  petitionId?: string | null;
  /** Idempotency of an accepted action: a retried request adds no second record. */
  key?: string | null;
  detail?: Record<string, unknown>;
}

export type DescribeStaffAction = (request: Request, result?: unknown) => StaffActionDescription;

const AUDITED = 'audit:staffAction';
export const AuditedStaffAction = (describe: DescribeStaffAction) => SetMetadata(AUDITED, describe);

interface AuditedRequest extends Request {
  user?: AuthenticatedUser;
  /** Tells the catch-all refusal record (refusal-audit.ts) that this endpoint records its own. */
  staffActionAudited?: boolean;
  auditDescribe?: DescribeStaffAction;
  auditRecorded?: boolean;
}

function actorOf(user: AuthenticatedUser | undefined) {
  return user ? { userId: user.id, role: user.role, unitId: user.unitId } : null;
}

function reasonOf(error: unknown): { status: number; reason: string } {
  const mapped = httpErrorFor(error);
  if (!mapped) return { status: 500, reason: (error as Error)?.message ?? String(error) };
  const message = mapped.body.message;
  return { status: mapped.status, reason: Array.isArray(message) ? message.join('; ') : String(message ?? '') };
}

@Injectable()
export class StaffActionAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const describe = this.reflector.get<DescribeStaffAction | undefined>(AUDITED, context.getHandler());
    if (!describe) return next.handle();
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    request.auditRecorded = true;
    const record = (
      what: StaffActionDescription,
      outcome: 'accepted' | 'refused',
      detail: Record<string, unknown> | undefined,
      key?: string,
    ) =>
      appendAuditRecord(this.dataSource.manager, {
        kind: what.kind ?? 'staffAction',
        action: what.action,
        outcome,
        actor: actorOf(request.user),
        petitionId: what.petitionId ?? null,
        key,
        detail,
      });
    return from(
      (async () => {
        let result: unknown;
        try {
          result = await lastValueFrom(next.handle(), { defaultValue: undefined });
        } catch (error) {
          const what = describe(request);
          await record(what, 'refused', {
            ...boundedDetail(what.detail),
            ...reasonOf(error),
            ...refusalEvidence(request),
          });
          throw error;
        }
        const what = describe(request, result);
        await record(what, 'accepted', what.detail, what.key ?? undefined);
        return result;
      })(),
    );
  }
}

/**
 * Registered before the authentication guard: marks a staff-action request so that a refusal by
 * a guard (which no interceptor sees) is still recorded, once the response is sent.
 */
@Injectable()
export class StaffActionAuditMarkGuard implements CanActivate {
  private readonly logger = new Logger('audit');

  constructor(
    private readonly reflector: Reflector,
    private readonly dataSource: DataSource,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const describe = this.reflector.get<DescribeStaffAction | undefined>(AUDITED, context.getHandler());
    if (!describe) return true;
    const request = context.switchToHttp().getRequest<AuditedRequest>();
    request.staffActionAudited = true;
    const response = context.switchToHttp().getResponse<Response>();
    let body: unknown;
    const json = response.json.bind(response);
    response.json = (value: unknown) => {
      body = value;
      return json(value);
    };
    response.once('finish', () => {
      if (request.auditRecorded || response.statusCode < 400) return;
      const what = describe(request);
      // The trail keeps the developer's English (`detail`); `message` is the sentence shown to the person.
      const sent = body as { message?: unknown; detail?: unknown } | undefined;
      const message = sent?.detail ?? sent?.message;
      appendAuditRecord(this.dataSource.manager, {
        kind: what.kind ?? 'staffAction',
        action: what.action,
        outcome: 'refused',
        actor: actorOf(request.user),
        petitionId: what.petitionId ?? null,
        detail: {
          ...boundedDetail(what.detail),
          status: response.statusCode,
          reason: Array.isArray(message) ? message.join('; ') : String(message ?? ''),
          ...refusalEvidence(request),
        },
      }).catch((error: Error) => this.logger.error(`could not record a refused ${what.action}: ${error.message}`));
    });
    return true;
  }
}
