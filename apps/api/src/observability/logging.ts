/**
 * Structured JSON logs (nestjs-pino): one line per HTTP request with its id, method, path (without
 * the query string), status and duration — never a header, a body, a query string or a client
 * address, so no token, query code or personal data reaches the logs. The request id is the
 * client's X-Request-Id when it looks like one, else a fresh UUID; it is echoed in the response
 * and travels into Temporal (libs/temporal/request-id.ts). Every line has the ISO time and the
 * trace it was written in (libs/observability/log-format.ts); a refusal's line has its error code and
 * the user it refused.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Params } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { DestinationStream } from 'pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceConfig } from '@/libs/config/config';
import { logFormat } from '@/libs/observability/log-format';
import { tagRequestId } from '@/libs/observability/tracing';
import type { AuthenticatedUser } from '../auth/authenticated-user';
import { REQUEST_ID_PATTERN, requestContext } from '@/libs/temporal/request-id';

export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.headers['x-request-id'];
  const requestId = typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
  (req as Request & { id: string }).id = requestId;
  res.setHeader('X-Request-Id', requestId);
  tagRequestId(req, requestId);
  next();
}

/**
 * Runs the rest of the request (guards, pipes, the handler) inside its context, so the Temporal
 * client's interceptor finds the id. Registered after the body parsers: an async context begun
 * before them would be lost across the body's stream events.
 */
export function requestContextMiddleware(
  req: Request & { id?: string; timing?: { temporalMs: number } },
  _res: Response,
  next: NextFunction,
): void {
  requestContext.run({ requestId: req.id ?? '', timing: req.timing }, next);
}

const ERROR_CODE = Symbol('errorCode');
type CodedResponse = Response & { [ERROR_CODE]?: string };

/** Notes the `code` of an error answer for the request's log line (every error body is sent by `res.json`). */
export function errorCodeMiddleware(_req: Request, res: Response, next: NextFunction): void {
  const json = res.json.bind(res);
  res.json = ((body: unknown) => {
    const code = (body as { code?: unknown } | null)?.code;
    if (res.statusCode >= 400 && typeof code === 'string') (res as CodedResponse)[ERROR_CODE] = code;
    return json(body);
  }) as Response['json'];
  next();
}

/** On an answer of 400 or more: the error code and the signed-in user (id and role) it was given to. */
function refusalFields(req: IncomingMessage, res: ServerResponse): Record<string, unknown> {
  if (res.statusCode < 400) return {};
  const user = (req as IncomingMessage & { user?: AuthenticatedUser }).user;
  return {
    code: (res as unknown as CodedResponse)[ERROR_CODE] ?? null,
    user: user ? { id: user.id, role: user.role } : null,
  };
}

export function loggerParams(config: ServiceConfig, options: { silent?: boolean; stream?: DestinationStream }): Params {
  return {
    pinoHttp: [
      {
        level: options.silent && !options.stream ? 'silent' : config.logLevel,
        ...logFormat('petitions-api'),
        genReqId: (req) => (req as unknown as { id: string }).id,
        customLogLevel: (_req, res, error) =>
          error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        // A refusal's line says which rule refused (the answer's `code`) and whom.
        customSuccessObject: (req, res, value) => ({ ...value, ...refusalFields(req, res) }),
        customErrorObject: (req, res, _error, value) => ({ ...value, ...refusalFields(req, res) }),
        serializers: {
          req: (req: { id: string; method: string; url: string }) => ({
            id: req.id,
            method: req.method,
            path: req.url.split('?')[0],
          }),
          res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
        },
        // Belt and braces: nothing above logs these, and nothing may.
        redact: {
          paths: ['req.headers', 'req.query', 'req.body', 'req.remoteAddress', 'req.remotePort'],
          remove: true,
        },
      },
      options.stream ?? process.stdout,
    ] as Params['pinoHttp'],
  };
}
