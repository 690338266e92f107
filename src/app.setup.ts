import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import type { Request } from 'express';
import { SIGN_IN_PAGE_ROUTES } from './auth/sign-in-pages.controller';
import { API_PREFIX } from './common/api-prefix';
import { AdrefExceptionFilter } from './common/adref-exception.filter';
import { hardenHttp } from './common/http-hardening';
import { openApiDocument } from './openapi.document';
import { adrefValidationPipe } from './common/validation';
import { readRequest } from './database/pglite-lease-pool';

/** Everything main.ts and the e2e tests share: prefix, validation, errors, OpenAPI. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  setRoutePrefix(app);
  // On PGlite (one session), a request that only reads waits for the transaction in progress,
  // not behind every queued write (src/database/pglite-lease-pool.ts); elsewhere it does nothing.
  app.use((request: Request, _response: unknown, next: () => void) =>
    request.method === 'GET' || request.method === 'HEAD' ? readRequest.run(true, next) : next(),
  );
  // Browser sessions ride in a cookie (src/auth/session-cookies.util.ts).
  app.use(cookieParser());
  // Helmet, timeouts, the failed-sign-in limit, and the one body parser: JSON only, 4 MB.
  hardenHttp(app);
  app.useGlobalPipes(adrefValidationPipe());
  app.useGlobalFilters(new AdrefExceptionFilter());
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

/** The routes' prefix; scripts/openapi.ts sets it too, to build the same document without a database. */
export function setRoutePrefix(app: INestApplication): void {
  // The sign-in pages a browser opens (the email link, the identity provider's return) are no API.
  app.setGlobalPrefix(API_PREFIX, { exclude: SIGN_IN_PAGE_ROUTES });
}
