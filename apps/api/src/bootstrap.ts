import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ServiceConfig, redactUrl } from '../../../libs/config/config';
import { connectClient } from '../../../libs/temporal/connection';
import { ApiModule } from './app.module';
import { validationError } from './common/api-error';
import { OpenApiDocument } from './common/openapi-document';
import { closeActionSchemas } from './petitions/actions/action-catalog';

/** Builds the HTTP app (also used by the end-to-end tests): validation, OpenAPI at /docs. */
export async function createApiApp(config: ServiceConfig, options: { logger?: false } = {}): Promise<INestApplication> {
  const temporal = await connectClient(config.temporalAddress, config.temporalNamespace);
  const app = await NestFactory.create(ApiModule.create(config, temporal), { logger: options.logger ?? ['error', 'warn', 'log'], abortOnError: false }).catch(
    (error: Error) => {
      throw new Error(`could not start the API (PostgreSQL at ${redactUrl(config.databaseUrl)}, DATABASE_URL): ${error.message}`);
    },
  );
  // Unknown fields are refused, at every depth; an empty argument class (accept) is valid as `{}`.
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: false, transform: true, exceptionFactory: validationError }),
  );
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Petition handling (信访事项办理)')
      .setDescription('Every petition is a durable Temporal workflow under the 2022 《信访工作条例》. Staff actions are workflow updates.')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  closeActionSchemas(document);
  app.get(OpenApiDocument).set(document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
  return app;
}
