import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { Clock } from '../../src/common/clock';
import { FakeClock } from './fake-clock';
import { failOnContractViolations, OpenApiResponseCheck } from './openapi-check';
import { createTestDatabase, TestDatabase, testDatabaseKind } from './test-database';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

// Every test of a suite that uses this harness fails when a response of its test apps is not
// what the OpenAPI document says (route, status, JSON schema): the document cannot drift.
// Registered when the suite imports this file, so at the top level, where Jest allows hooks.
if (typeof afterEach === 'function') afterEach(failOnContractViolations);

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  clock: FakeClock;
  dataSource: DataSource;
  database: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/**
 * The whole app in-process, on a fresh database of the kind this run tests, with a fake clock.
 * Background workers are off: tests fire timers and deliver messages by calling them.
 * `options.database` runs it on a database the test made instead (a second instance, or a
 * restart); close() then leaves that database for its owner to drop.
 */
export async function createTestApp(
  clockStart?: string,
  env: Record<string, string> = {},
  options: { database?: TestDatabase } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const owned = !options.database;
  const saved = { ...process.env };
  delete process.env.DATABASE_URL;
  delete process.env.ADREF_DATA_DIR;
  Object.assign(
    process.env,
    database.env,
    // Suites write fast and fail sign-ins on purpose: rate limits are off unless a test sets them.
    {
      ADREF_ADMIN_TOKEN: ADMIN_TOKEN,
      ADREF_WORKERS: 'off',
      ADREF_RATE_AUTH_FAILURES: 'off',
      ADREF_RATE_WRITES: 'off',
    },
    env,
  );
  const clock = new FakeClock(clockStart);
  try {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(Clock)
      .useValue(clock)
      .compile();
    const nest = moduleRef.createNestApplication<NestExpressApplication>({ logger: ['error'] });
    // First, so that it sees the answers of the middleware (415, 429, …) as well as the routes'.
    nest.use(OpenApiResponseCheck.middleware(nest));
    const app = configureApp(nest);
    await app.init();
    return {
      app,
      http: request(app.getHttpServer()),
      clock,
      dataSource: app.get<DataSource>(getDataSourceToken()),
      database: testDatabaseKind(),
      close: async () => {
        await app.close();
        if (owned) await database.drop();
      },
    };
  } finally {
    process.env = saved;
  }
}
