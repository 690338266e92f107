import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../src/app.module';
import { setRoutePrefix } from '../src/app.setup';
import { openApiDocument } from '../src/openapi.document';

/** Where `npm run openapi` writes the document (git-ignored), from the project's folder. */
export const OPENAPI_FILE = resolve('generated', 'openapi.json');

/**
 * The document the app serves at /api/docs-json, built in preview mode: the modules' routes and
 * decorators only, no provider runs, so no database is opened.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  setRoutePrefix(app);
  const document = openApiDocument(app);
  await app.close();
  return document;
}

async function main(): Promise<void> {
  const file = process.argv[2] ? resolve(process.argv[2]) : OPENAPI_FILE;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`);
  console.log(`wrote ${file}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
