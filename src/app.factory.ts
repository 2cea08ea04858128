import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import { DomainErrorFilter } from './common/errors/domain-error.filter.js';
import { validationExceptionFactory } from './common/errors/validation-exception.factory.js';
import { requestBodyErrors } from './common/http/request-body-errors.js';
import { StorableTextPipe } from './common/validation/storable-text.pipe.js';
import { createJsonLogger } from './common/logging/json-logger.js';
import { requestLogging } from './common/logging/request-logging.middleware.js';
import { routeGraphqlFirst } from './common/graphql/graphql-route-first.js';
import type { AppConfig } from './config/app-config.js';
import { PageRenderer } from './web/page-renderer.js';
import { servePageAssets } from './web/page-assets.js';
import { securityHeaders } from './web/security-headers.js';

/** The app as both `main.ts` and the end-to-end tests run it. `config.databaseUrl` must be set. */
export async function createApp(config: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: createJsonLogger(config.logLevel),
    bodyParser: true,
  });
  app.disable('x-powered-by');
  // No weak ETag hashed from every body: pages are never cached (no-store), GraphQL answers POSTs, and
  // documents and signed originals send their own strong ETag (their SHA-256).
  app.set('etag', false);
  // First, so every answer has them: a refused body (413) too.
  app.use(securityHeaders(config));
  // Before the body parsers, so a refused body is logged too (and GraphQL's requests: it goes just after the JSON parser).
  if (config.logLevel === 'log' || config.logLevel === 'debug' || config.logLevel === 'verbose') app.use(requestLogging());
  // Large enough for a bulk batch of decisions (up to 5,000) or a CSV import (REQUEST_BODY_LIMIT_MB).
  app.useBodyParser('json', { limit: `${config.limits.requestBodyLimitMb}mb` });
  app.useBodyParser('raw', { type: 'application/pdf', limit: '25mb' });
  // Bulk ingest of decisions (POST /ledger/decisions): up to MAX_BULK lines of JSON.
  app.useBodyParser('text', { type: 'application/x-ndjson', limit: `${config.limits.bulkBodyLimitMb}mb` });
  app.useBodyParser('urlencoded', { extended: true }); // the pages' forms: Nest's own default, here so its errors reach the next line
  app.use(requestBodyErrors(app.get(PageRenderer).errorPage));
  // The NHS design system's CSS, JS and icons, and the pages' own few: public, long-cached, no build step.
  servePageAssets(app, config);
  // Text PostgreSQL cannot store (NUL, lone surrogates) is refused by name first; then each input's own rules.
  app.useGlobalPipes(new StorableTextPipe(), new ValidationPipe({ whitelist: true, transform: true, exceptionFactory: validationExceptionFactory }));
  app.useGlobalFilters(
    new DomainErrorFilter({ secureCookies: config.secureCookies, errorPage: app.get(PageRenderer).errorPage, httpAdapter: app.getHttpAdapter() }),
  );
  // No enableShutdownHooks: main.ts drains requests in flight on SIGTERM before closing the app (GracefulShutdown).
  await app.init();
  routeGraphqlFirst(app, '/graphql');
  return app;
}
