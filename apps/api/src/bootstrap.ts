import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ServiceConfig, redactUrl } from '@/libs/config/config';
import { connectClient } from '@/libs/temporal/connection';
import { petitionDataConverter } from '@/libs/temporal/data-converter';
import cors from 'cors';
import { ApiModule } from './app.module';
import { ControlCharactersPipe } from './common/control-characters.pipe';
import { refuseUnfitHeaders, refuseUnrecordableBody, verifyJsonBody } from './common/request-edge';
import { refusalAudit } from './audit/refusal-audit';
import { type ErrorBody, VALIDATION_OPTIONS } from './common/api-error';
import { renderErrorBody } from './common/error-message';
import { OpenApiDocument } from './common/openapi-document';
import { completeActionSchemas } from './petitions/actions/action-catalog';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { DataSource } from 'typeorm';
import { refuseOwnerConnection } from '@/libs/persistence/runtime-role';
import {
  errorCodeMiddleware,
  loggerParams,
  requestContextMiddleware,
  requestIdMiddleware,
} from './observability/logging';
import { createApiMetrics } from './observability/metrics';
import { serverTiming } from './observability/server-timing';
import { serveConsole } from './console/console-static';

/** Builds the HTTP app (also used by the end-to-end tests): validation, OpenAPI at /docs. */
export async function createApiApp(
  config: ServiceConfig,
  options: { logger?: false; logStream?: DestinationStream } = {},
): Promise<INestApplication> {
  const dataConverter = petitionDataConverter(config.payloadKeys);
  const temporal = await connectClient(config.temporalAddress, config.temporalNamespace, dataConverter);
  let dataSource: DataSource | undefined;
  const metrics = createApiMetrics(() => dataSource);
  const logger = loggerParams(config, { silent: options.logger === false, stream: options.logStream });
  const app = await NestFactory.create<NestExpressApplication>(
    ApiModule.create(config, temporal, dataConverter, { metrics, logger }),
    {
      logger: options.logger === false ? false : ['error', 'warn', 'log'],
      bufferLogs: options.logger !== false,
      abortOnError: false,
      // Parsed below with the configured cap.
      bodyParser: false,
    },
  ).catch((error: Error) => {
    throw new Error(
      `could not start the API (PostgreSQL at ${redactUrl(config.databaseUrl)}, DATABASE_URL): ${error.message}`,
    );
  });
  const database = app.get(DataSource);
  dataSource = database;
  if (config.nodeEnv === 'production')
    await refuseOwnerConnection(app.get(DataSource), 'API').catch(async (error) => {
      await app.close();
      throw error;
    });
  if (options.logger !== false || options.logStream) app.useLogger(app.get(Logger));
  // First: every later step (and the Temporal calls) runs with the request's id.
  app.use(requestIdMiddleware);
  app.use(errorCodeMiddleware);
  if (config.http.serverTiming) app.use(serverTiming);
  // Next: every refusal from here on, whoever answers it, is recorded on the audit trail.
  app.use(refusalAudit(database));
  app.use(metrics.httpTimer);
  if (config.http.trustProxy !== false)
    app.set(
      'trust proxy',
      /^\d+$/.test(config.http.trustProxy) ? Number(config.http.trustProxy) : config.http.trustProxy,
    );
  // Without upgrade-insecure-requests: an office LAN may serve the console over plain http, and the
  // directive would send its scripts to an https port that is not there (TLS belongs to the proxy).
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // The Temporal Web UI calls the codec endpoints from its own origin (a browser, so CORS), whatever
  // CORS_ORIGINS opens for the rest of the API. Registered first, so its preflight answer stands.
  app.use(
    '/codec',
    cors({
      origin: temporalUiOrigins(config.temporalUiUrl),
      methods: ['POST'],
      allowedHeaders: ['content-type', 'x-namespace', 'authorization'],
      maxAge: 600,
    }),
  );
  // Closed by default: browsers on other origins get no CORS headers unless CORS_ORIGINS lists them.
  if (config.http.corsOrigins.length > 0) app.enableCors({ origin: config.http.corsOrigins, credentials: false });
  const limit = `${config.http.bodyLimitKb}kb`;
  // Header values the API reads are checked before anything reads them (the request id above only
  // adopts a well-formed one).
  app.use(refuseUnfitHeaders);
  // The nesting depth is counted on the raw text before JSON.parse (verifyJsonBody); the parsed body
  // is then checked for text no record can hold, on every route, whether it reads a body or not.
  app.useBodyParser('json', { limit, verify: verifyJsonBody });
  app.useBodyParser('urlencoded', { limit, extended: false });
  app.use(bodyErrors(config.http.bodyLimitKb));
  app.use(refuseUnrecordableBody);
  app.use(requestContextMiddleware);
  serveConsole(app.getHttpAdapter().getInstance());
  // Control characters first: the check covers every body, query and path parameter of every endpoint.
  // Then the DTOs: unknown fields are refused at every depth; an empty argument class (accept) is valid as `{}`.
  app.useGlobalPipes(new ControlCharactersPipe(), new ValidationPipe(VALIDATION_OPTIONS));
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Petition handling (信访事项办理)')
      .setDescription(
        'Every petition is a durable Temporal workflow under the 2022 《信访工作条例》. Staff actions are workflow updates.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  completeActionSchemas(document);
  app.get(OpenApiDocument).set(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}

/** Body-parser failures in the one error shape: 413 saying the limit, 400 for a body that is not JSON. */
function bodyErrors(limitKb: number) {
  return (
    error: { type?: string; status?: number; message?: string },
    req: Request,
    res: Response,
    next: NextFunction,
  ) => {
    const send = (body: ErrorBody) =>
      res.status(body.statusCode).json(renderErrorBody(body, req.headers['accept-language']));
    if (error?.type === 'entity.too.large') {
      send({
        statusCode: 413,
        code: 'payloadTooLarge',
        message: `the request body is larger than the limit of ${limitKb} KB`,
        messageKey: 'body.tooLarge',
        params: { limitKb },
      });
    } else if (error?.type === 'entity.too.deep') {
      send({
        statusCode: 400,
        code: 'validation',
        message: `${error.message}: flatten it (no request of this API nests deeper than a few levels)`,
        messageKey: 'body.tooDeep',
        params: {},
      });
    } else if (error?.type === 'entity.parse.failed') {
      send({
        statusCode: 400,
        code: 'validation',
        message: `the request body is not valid JSON: ${error.message}`,
        messageKey: 'body.notJson',
        params: {},
      });
    } else if (error?.status && error.status >= 400 && error.status < 500) {
      send({
        statusCode: error.status,
        code: 'validation',
        message: error.message ?? 'the request body could not be read',
        messageKey: error.status === 415 ? 'body.charset' : 'error.badRequest',
        params: {},
      });
    } else {
      next(error);
    }
  };
}

/** The UI's origin; a loopback UI is reachable as localhost and 127.0.0.1 alike, so both. */
export function temporalUiOrigins(temporalUiUrl: string): string[] {
  const url = new URL(temporalUiUrl);
  const origins = [url.origin];
  const twin = url.hostname === 'localhost' ? '127.0.0.1' : url.hostname === '127.0.0.1' ? 'localhost' : null;
  if (twin) origins.push(`${url.protocol}//${twin}${url.port ? `:${url.port}` : ''}`);
  return origins;
}
