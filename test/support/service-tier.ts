import { Module } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { Clock } from '../../src/common/clock';
import { WebModule } from '../../src/web/web.module';
import { FakeClock } from './fake-clock';
import { createTestDatabase, TestDatabase, testDatabaseKind } from './test-database';

export const TIER_CLOCK_START = '2026-03-02T02:00:00Z';

// The pages mount themselves on the HTTP adapter, which this tier has none of.
@Module({})
class NoPagesModule {}

/** The app's providers as AppModule wires them, on a fresh database, without HTTP. */
export interface ServiceTier {
  module: TestingModule;
  clock: FakeClock;
  dataSource: DataSource;
  database: 'postgres' | 'pglite';
  get<T>(type: Type<T>): T;
  close(): Promise<void>;
}

/**
 * Migrations run (and seed the ACCSM reference data) when the data source starts; the lifecycle
 * hooks run too (signing key, admin principal). Background workers are off: tests call them.
 */
export async function createServiceTier(clockStart = TIER_CLOCK_START): Promise<ServiceTier> {
  const database: TestDatabase = await createTestDatabase();
  const saved = { ...process.env };
  delete process.env.DATABASE_URL;
  delete process.env.ADREF_DATA_DIR;
  Object.assign(process.env, database.env, { ADREF_WORKERS: 'off' });
  const clock = new FakeClock(clockStart);
  try {
    const module = await Test.createTestingModule({ imports: [AppModule] })
      .overrideModule(WebModule)
      .useModule(NoPagesModule)
      .overrideProvider(Clock)
      .useValue(clock)
      .setLogger({ log() {}, warn() {}, error: console.error })
      .compile();
    await module.init();
    return {
      module,
      clock,
      dataSource: module.get<DataSource>(getDataSourceToken()),
      database: testDatabaseKind(),
      // strict: false reaches providers of every module, exported or not (e.g. repositories).
      get: <T>(type: Type<T>) => module.get(type, { strict: false }),
      close: async () => {
        await module.close();
        await database.drop();
      },
    };
  } finally {
    process.env = saved;
  }
}

/**
 * Registers the hooks of a suite on its own database: one tier for the file (or one per test
 * with `perTest`, for code that reads across statements, such as claiming the next due timer).
 * The clock is back at `clockStart` before every test, so no test sees another's time.
 */
export function useServiceTier(
  options: { clockStart?: string; perTest?: boolean } = {},
): ServiceTier {
  const start = options.clockStart ?? TIER_CLOCK_START;
  let current: ServiceTier | undefined;
  const open = async () => {
    current = await createServiceTier(start);
  };
  const shut = async () => {
    await current?.close();
    current = undefined;
  };
  if (options.perTest) {
    beforeEach(open);
    afterEach(shut);
  } else {
    beforeAll(open);
    afterAll(shut);
    beforeEach(() => current?.clock.set(start));
  }
  const tier = (): ServiceTier => {
    if (!current) throw new Error('the service tier is used outside a test');
    return current;
  };
  return {
    get module() {
      return tier().module;
    },
    get clock() {
      return tier().clock;
    },
    get dataSource() {
      return tier().dataSource;
    },
    get database() {
      return tier().database;
    },
    get: (type) => tier().get(type),
    close: shut,
  };
}
