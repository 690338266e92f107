import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/**
 * Which database the suites run on: PGlite (the embedded default) unless TEST_DATABASE_URL
 * names a PostgreSQL server, where each suite gets a fresh database of its own.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const testDatabaseKind = (): 'postgres' | 'pglite' =>
  TEST_DATABASE_URL ? 'postgres' : 'pglite';

export interface TestDatabase {
  /** Environment for the app under test. */
  env: { DATABASE_URL?: string; ADREF_DATA_DIR?: string };
  drop(): Promise<void>;
}

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
};

/**
 * `onDisk`: on PGlite, a data folder instead of memory, so that apps started one after another
 * (not at once: PGlite is embedded in one process) share it.
 */
export async function createTestDatabase(
  options: { onDisk?: boolean } = {},
): Promise<TestDatabase> {
  if (!TEST_DATABASE_URL && options.onDisk) {
    const dataDir = mkdtempSync(join(tmpdir(), 'adref-test-'));
    return {
      env: { ADREF_DATA_DIR: dataDir },
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  if (!TEST_DATABASE_URL) {
    return { env: { ADREF_DATA_DIR: 'memory://' }, drop: async () => undefined };
  }
  const name = `adref_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    // memory://: the signing key stays in the process instead of a ./data folder.
    env: { DATABASE_URL: withDatabase(TEST_DATABASE_URL, name), ADREF_DATA_DIR: 'memory://' },
    drop: async () => {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}
