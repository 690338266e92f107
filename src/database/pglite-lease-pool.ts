import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { PGlite, types } from '@electric-sql/pglite';
import type { PGliteOptions, Results } from '@electric-sql/pglite';

type Release = (error?: unknown) => void;
type ConnectCallback = (error: unknown, client: PGliteSession | null, release: Release) => void;
type QueryCallback = (error: unknown, result: PgLikeResult | null) => void;

/** The subset of a `pg` result that TypeORM's Postgres driver reads. */
interface PgLikeResult {
  rows: unknown[];
  rowCount: number;
  command: string;
}

// Match node-postgres, which TypeORM's Postgres driver is written for: dates stay
// 'YYYY-MM-DD' strings and 64-bit integers arrive as strings.
const PG_COMPATIBLE_PARSERS = {
  [types.DATE]: (value: string) => value,
  [types.INT8]: (value: string) => value,
};

/**
 * Marks the work of a request that only reads (GET, HEAD): on PGlite its leases go ahead of
 * queued writes (see PGliteLeasePool). The app sets it per request; elsewhere it is unset.
 */
export const readRequest = new AsyncLocalStorage<true>();

/** Leases granted to reads in a row while a write waits: reads go first, writes still go. */
export const READS_BEFORE_A_WRITE = 8;

/**
 * One PGlite database served to TypeORM as if it were a `pg.Pool`.
 *
 * PGlite is a single Postgres session. Handing that session to several TypeORM query runners
 * at once mixes their transactions (typeorm-pglite does this), so each runner leases the
 * session exclusively from `connect` to `release`, first come first served, except that a
 * read request's lease goes before queued writes (up to READS_BEFORE_A_WRITE in a row): a board
 * or a page then waits for the transaction in progress, not for every write queued behind it.
 */
export class PGliteLeasePool extends EventEmitter {
  private readonly database: Promise<PGlite>;
  private readonly waitingReads: (() => void)[] = [];
  private readonly waiting: (() => void)[] = [];
  private readsInARow = 0;
  private leased = false;

  constructor(options: PGliteOptions) {
    super();
    this.database = PGlite.create({
      ...options,
      parsers: { ...PG_COMPATIBLE_PARSERS, ...options.parsers },
    });
  }

  /** Exposed for the driver factory below; tests use it to reach the raw instance. */
  get instance(): Promise<PGlite> {
    return this.database;
  }

  connect(callback: ConnectCallback): void {
    this.acquire()
      .then(async () => {
        const session = new PGliteSession(await this.database);
        let released = false;
        const release: Release = () => {
          if (released) return;
          released = true;
          this.releaseLease();
        };
        callback(null, session, release);
      })
      .catch((error: unknown) => {
        this.releaseLease();
        callback(error, null, () => undefined);
      });
  }

  end(callback?: (error: unknown) => void): void {
    this.database
      .then((db) => db.close())
      .then(
        () => callback?.(null),
        (error: unknown) => callback?.(error),
      );
  }

  private acquire(): Promise<void> {
    if (!this.leased) {
      this.leased = true;
      return Promise.resolve();
    }
    const queue = readRequest.getStore() ? this.waitingReads : this.waiting;
    return new Promise((resolve) => queue.push(resolve));
  }

  private releaseLease(): void {
    const read =
      this.waitingReads.length > 0 &&
      (this.readsInARow < READS_BEFORE_A_WRITE || this.waiting.length === 0);
    const next = read ? this.waitingReads.shift() : this.waiting.shift();
    this.readsInARow = read ? this.readsInARow + 1 : 0;
    if (next) next();
    else this.leased = false;
  }
}

/** The leased session as TypeORM sees a `pg` client. */
class PGliteSession extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  query(
    text: string,
    params?: unknown[] | QueryCallback,
    callback?: QueryCallback,
  ): Promise<PgLikeResult> {
    const values = Array.isArray(params) ? params : undefined;
    const done = typeof params === 'function' ? params : callback;
    const command = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? '';
    const run = values?.length
      ? this.db
          .query<Record<string, unknown>>(text, values)
          .then((result) => toPgResult(result, command))
      : // Migrations send several statements in one string; PGlite's exec runs them all.
        this.db.exec(text).then((results) => toPgResult(results[results.length - 1], command));
    return run.then(
      (result) => {
        done?.(null, result);
        return result;
      },
      (error: unknown) => {
        done?.(error, null);
        throw error;
      },
    );
  }

  release(): void {}
}

function toPgResult(result: Results | undefined, command: string): PgLikeResult {
  const rows = result?.rows ?? [];
  return { rows, rowCount: result?.affectedRows ?? rows.length, command };
}

/** The `driver` option of a TypeORM Postgres DataSource that runs on PGlite. */
export function pgliteDriver(options: PGliteOptions): { Pool: new () => PGliteLeasePool } {
  return {
    Pool: class extends PGliteLeasePool {
      constructor() {
        super(options);
      }
    },
  };
}
