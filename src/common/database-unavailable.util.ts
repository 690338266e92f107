// Errors that mean "the database cannot be reached right now", not "this request is wrong":
// the client should retry (with the same Idempotency-Key), so they answer 503, never 500.

/** Socket errors of node:net when PostgreSQL is down, restarting or unreachable. */
const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going away or not yet back: admin_shutdown (pg_ctl stop -m
 * fast), crash_shutdown, cannot_connect_now (starting up or shutting down),
 * too_many_connections; class 08 (connection_exception) is matched as a whole.
 */
const SQLSTATES: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300']);

/** Messages of pg, pg-pool and TypeORM that carry no code. */
const MESSAGES: readonly RegExp[] = [
  /^Connection terminated/, // pg: "… unexpectedly", "… due to connection timeout"
  /^timeout exceeded when trying to connect$/, // pg-pool: no client free within connectionTimeoutMillis
  /^timeout expired$/, // pg: connect took longer than connectionTimeoutMillis
  /is not queryable$/, // pg: a client whose connection already broke
  /^Driver not Connected$/, // TypeORM: the pool is gone
  // TypeORM releases a transaction's query runner when its connection breaks between two
  // queries (57P01 while idle in transaction), and the next query meets this, not the cause.
  // Our transactions release their runner only when they end, so here it means a lost connection.
  /^Query runner already released/, // QueryRunnerAlreadyReleasedError
  /^Database connection provided by a query runner was already released/, // …ProviderAlreadyReleasedError
];

const MAX_DEPTH = 5;

interface ErrorLike {
  message: string;
  code?: unknown;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

// Duck-typed rather than `instanceof Error`: node:net's errors may come from another realm.
const isErrorLike = (value: unknown): value is ErrorLike =>
  typeof value === 'object' && value !== null && typeof (value as ErrorLike).message === 'string';

/** True when `error`, or an error it wraps (TypeORM's driverError, cause, AggregateError), is one of them. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!isErrorLike(error) || depth > MAX_DEPTH) return false;
  const { code } = error;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  }
  if (MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  const wrapped = [
    error.driverError,
    error.cause,
    ...(Array.isArray(error.errors) ? error.errors : []),
  ];
  return wrapped.some((inner) => inner !== error && isDatabaseUnavailable(inner, depth + 1));
}
