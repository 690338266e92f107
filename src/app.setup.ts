import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AdrefExceptionFilter } from './common/adref-exception.filter';
import { adrefValidationPipe } from './common/validation';

export const API_PREFIX = 'api/v1';

/** Everything main.ts and the e2e tests share: prefix, validation, errors, OpenAPI. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  app.setGlobalPrefix(API_PREFIX);
  // Statement texts run long, in Thai as well: 3 bytes a character.
  app.useBodyParser('json', { limit: '4mb' });
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
