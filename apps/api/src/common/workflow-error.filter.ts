import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Inject, Logger } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { ServiceConfig } from '@/libs/config/config';
import { type RefusalParams, type RejectionCode, refusalDetailsOf } from '@/libs/process';
import { REJECTION_FAILURE_TYPE_PREFIX } from '@/workflows/petition/petition.contract';
import { ApiError, ErrorBody, ErrorCode, defaultCodeFor, isRefusalAlreadyRecorded } from './api-error';
import { dependencyUnavailable } from './dependency-unavailable';
import { renderErrorBody } from './error-message';
import { SERVICE_CONFIG } from './tokens';

const STATUS_BY_REJECTION: Record<RejectionCode, HttpStatus> = {
  wrongStep: HttpStatus.CONFLICT,
  wrongRole: HttpStatus.FORBIDDEN,
  wrongUnit: HttpStatus.FORBIDDEN,
  badArgument: HttpStatus.BAD_REQUEST,
  protectedParty: HttpStatus.FORBIDDEN,
  idempotencyConflict: HttpStatus.CONFLICT,
};

export interface WorkflowRejection {
  code: RejectionCode;
  message: string;
  field?: string;
  messageKey?: string;
  params?: RefusalParams;
}

/**
 * A refusal by a case or campaign workflow: its code from the failure's type, its field, key and
 * params from the failure's details (RefusalDetails), its message as the workflow wrote it. The
 * message is never parsed; a refusal from before details were attached (a replayed history, an
 * older worker) simply has no field and no key.
 */
export function workflowRejection(error: unknown): WorkflowRejection | null {
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type?.startsWith(REJECTION_FAILURE_TYPE_PREFIX)) {
    const details = refusalDetailsOf(cause.details ?? undefined);
    return {
      code: cause.type.slice(REJECTION_FAILURE_TYPE_PREFIX.length) as RejectionCode,
      message: cause.message,
      ...(details?.field ? { field: details.field } : {}),
      ...(details?.messageKey ? { messageKey: details.messageKey, params: details.params ?? {} } : {}),
    };
  }
  return null;
}

function fromHttpException(error: HttpException): ErrorBody {
  const status = error.getStatus();
  const response = error.getResponse();
  if (typeof response === 'object' && response !== null && typeof (response as ErrorBody).code === 'string')
    return response as ErrorBody;
  const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : error.message;
  return { statusCode: status, code: defaultCodeFor(status), message };
}

/**
 * Maps whatever went wrong to the one error shape: a refused action keeps the workflow's reason as
 * the message; anything unknown is a 500 (and logged), never a guess.
 */
export function httpErrorFor(error: unknown): { status: number; body: ErrorBody } | null {
  if (error instanceof ApiError) return { status: error.getStatus(), body: error.body };
  if (error instanceof HttpException) return { status: error.getStatus(), body: fromHttpException(error) };
  if (error instanceof WorkflowNotFoundError) {
    return {
      status: 404,
      body: {
        statusCode: 404,
        code: 'notFound',
        message: 'the case workflow does not exist',
        messageKey: 'petition.notFound',
        params: {},
      },
    };
  }
  const rejection = workflowRejection(error);
  if (rejection) {
    const status = STATUS_BY_REJECTION[rejection.code] ?? HttpStatus.CONFLICT;
    return {
      status,
      body: {
        statusCode: status,
        code: rejection.code as ErrorCode,
        message: rejection.message,
        ...(rejection.field ? { field: rejection.field } : {}),
        ...(rejection.messageKey ? { messageKey: rejection.messageKey, params: { ...rejection.params } } : {}),
      },
    };
  }
  const message = (error as Error | undefined)?.message ?? '';
  // Errors raised by Express middleware before Nest's pipes (a body that is not JSON, too large…)
  // carry an http-errors status and a message meant for the client.
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500 && (error as { expose?: boolean }).expose) {
    return {
      status,
      body: {
        statusCode: status,
        code: defaultCodeFor(status),
        message: `the request body could not be read: ${message}`,
        messageKey: status === 415 ? 'body.charset' : 'error.badRequest',
        params: {},
      },
    };
  }
  return null;
}

@Catch()
export class WorkflowErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('api');

  constructor(@Inject(SERVICE_CONFIG) private readonly config: ServiceConfig) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse();
    const language = host.switchToHttp().getRequest()?.headers?.['accept-language'];
    if (isRefusalAlreadyRecorded(error)) host.switchToHttp().getRequest().refusalRecorded = true;
    const mapped = httpErrorFor(error) ?? dependencyUnavailable(error, this.config);
    if (mapped) {
      if (mapped.status === HttpStatus.SERVICE_UNAVAILABLE) this.logger.warn(mapped.body.message);
      response.status(mapped.status).json(renderErrorBody(mapped.body, language));
      return;
    }
    this.logger.error((error as Error)?.stack ?? String(error));
    // For the refusal's record on the audit trail (refusal-audit.ts); never sent to the client.
    host.switchToHttp().getRequest().failure = String((error as Error)?.message ?? error);
    response
      .status(500)
      .json(
        renderErrorBody({ statusCode: 500, code: 'internal', message: 'internal error' } satisfies ErrorBody, language),
      );
  }
}
