import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { RejectionCode } from '../../../../libs/process';
import { REJECTION_FAILURE_TYPE_PREFIX } from '../../../../workflows/petition/petition.contract';

const STATUS_BY_REJECTION: Record<RejectionCode, HttpStatus> = {
  wrongStep: HttpStatus.CONFLICT,
  wrongRole: HttpStatus.FORBIDDEN,
  wrongUnit: HttpStatus.FORBIDDEN,
  badArgument: HttpStatus.BAD_REQUEST,
  protectedParty: HttpStatus.FORBIDDEN,
};

/** Maps what the workflow said to HTTP: a refused action keeps the workflow's reason as the message. */
export function httpErrorFor(error: unknown): { status: number; body: Record<string, unknown> } | null {
  if (error instanceof HttpException) {
    const response = error.getResponse();
    return { status: error.getStatus(), body: typeof response === 'string' ? { statusCode: error.getStatus(), message: response } : (response as Record<string, unknown>) };
  }
  if (error instanceof WorkflowNotFoundError) {
    return { status: 404, body: { statusCode: 404, error: 'Not Found', message: 'the case workflow does not exist' } };
  }
  const cause = error instanceof WorkflowUpdateFailedError ? error.cause : error;
  if (cause instanceof ApplicationFailure && cause.type?.startsWith(REJECTION_FAILURE_TYPE_PREFIX)) {
    const code = cause.type.slice(REJECTION_FAILURE_TYPE_PREFIX.length) as RejectionCode;
    const status = STATUS_BY_REJECTION[code] ?? HttpStatus.CONFLICT;
    return { status, body: { statusCode: status, error: code, message: cause.message } };
  }
  const message = (error as Error | undefined)?.message ?? '';
  if (/workflow execution already completed/i.test(message)) {
    return { status: 409, body: { statusCode: 409, error: 'caseCompleted', message: 'the case workflow has completed; it takes no more actions' } };
  }
  return null;
}

@Catch()
export class WorkflowErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('api');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse();
    const mapped = httpErrorFor(error);
    if (mapped) {
      response.status(mapped.status).json(mapped.body);
      return;
    }
    this.logger.error((error as Error)?.stack ?? String(error));
    response.status(500).json({ statusCode: 500, message: 'internal error' });
  }
}
