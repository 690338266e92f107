import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { types as pgTypes } from 'pg';
import type { DataSourceOptions, MixedList } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { dataDirFromEnv } from '../config/app.config';
import { pgliteDriver } from './pglite-lease-pool';

// Calendar dates (chair terms, memberships) stay 'YYYY-MM-DD' strings instead of local-midnight Dates.
pgTypes.setTypeParser(pgTypes.builtins.DATE, (value) => value);

export interface DatabaseSettings {
  /** PostgreSQL connection string; absent → embedded PGlite. */
  url?: string;
  /** PGlite's data folder; `memory://` keeps it in memory (tests). */
  dataDir: string;
  poolSize?: number;
}

export const databaseSettingsFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
): DatabaseSettings => ({
  url: env.DATABASE_URL || undefined,
  dataDir: dataDirFromEnv(env),
  poolSize: env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : undefined,
});

/** Every entity of the app (src/entities.ts lists them: the features own their tables). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- TypeORM's own type
export type Entities = MixedList<Function>;

/** One set of entities and migrations serves PostgreSQL and PGlite alike. */
export function databaseOptions(settings: DatabaseSettings, entities: Entities): DataSourceOptions {
  const common = {
    type: 'postgres' as const,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    // gen_random_uuid() is built into PostgreSQL 13+ and PGlite: no extension needed.
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
    synchronize: false,
  };
  if (settings.url) {
    return { ...common, url: settings.url, poolSize: settings.poolSize ?? 20 };
  }
  return { ...common, driver: pgliteDriver({ dataDir: pgliteDataDir(settings.dataDir) }) };
}

function pgliteDataDir(dataDir: string): string | undefined {
  if (dataDir.startsWith('memory://')) return undefined;
  const folder = resolve(dataDir);
  mkdirSync(folder, { recursive: true });
  return folder;
}
