import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';

async function bootstrap(): Promise<void> {
  const app = configureApp(await NestFactory.create<NestExpressApplication>(AppModule));
  const port = app.get(ConfigService).getOrThrow<number>('app.port');
  await app.listen(port);
  const database = process.env.DATABASE_URL
    ? 'PostgreSQL'
    : `embedded PGlite in ${process.env.ADREF_DATA_DIR || './data'}`;
  Logger.log(
    `adref listens on http://localhost:${port}/api/v1 (docs at /api/docs), on ${database}`,
    'adref',
  );
}

void bootstrap();
