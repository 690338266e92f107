import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import cookieParser from 'cookie-parser';
import { SIGN_IN_PAGE_ROUTES } from './auth/sign-in-pages.controller';
import { AdrefExceptionFilter } from './common/adref-exception.filter';
import { hardenHttp } from './common/http-hardening';
import { adrefValidationPipe } from './common/validation';

export const API_PREFIX = 'api/v1';

/** Everything main.ts and the e2e tests share: prefix, validation, errors, OpenAPI. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  // The sign-in pages a browser opens (the email link, the identity provider's return) are no API.
  app.setGlobalPrefix(API_PREFIX, { exclude: SIGN_IN_PAGE_ROUTES });
  // Browser sessions ride in a cookie (src/auth/session-cookies.util.ts).
  app.use(cookieParser());
  // Helmet, timeouts, the failed-sign-in limit, and the one body parser: JSON only, 4 MB.
  hardenHttp(app);
  app.useGlobalPipes(adrefValidationPipe());
  app.useGlobalFilters(new AdrefExceptionFilter());
  app.enableShutdownHooks();

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('adref')
      .setDescription('Adoption of intergovernmental statements by ad referendum (ACCSM, ACCSM+3).')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
