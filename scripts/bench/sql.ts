// Raw SQL on either database the bench runs on: a `pg` pool on PostgreSQL, or the PGlite
// folder itself (opened only while no app process holds it: one folder serves one process).
import { PGlite } from '@electric-sql/pglite';
import { Client, Pool } from 'pg';

export type Row = Record<string, unknown>;
export type Query = <T = Row>(text: string, params?: unknown[]) => Promise<T[]>;

export interface Sql {
  readonly kind: 'postgres' | 'pglite';
  query: Query;
  /** One transaction on one session; on PGlite, transactions take turns on its one session. */
  transaction<T>(work: (query: Query) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function postgresSql(url: string, max = 8): Sql {
  const pool = new Pool({ connectionString: url, max });
  const query: Query = async (text, params) => (await pool.query(text, params)).rows;
  return {
    kind: 'postgres',
    query,
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(async (text, params) => (await client.query(text, params)).rows);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export async function pgliteSql(dataDir: string): Promise<Sql> {
  const db = await PGlite.create({ dataDir });
  return {
    kind: 'pglite',
    query: async (text, params) => (await db.query<never>(text, params)).rows,
    transaction: (work) =>
      db.transaction((tx) =>
        work(async (text, params) => (await tx.query<never>(text, params)).rows),
      ),
    close: () => db.close(),
  };
}

/** Runs one statement against the server's maintenance database (CREATE / DROP DATABASE). */
export async function adminQuery(serverUrl: string, text: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export const withDatabase = (serverUrl: string, name: string): string => {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
};
