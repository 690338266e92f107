import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { Client, Pool } from 'pg';
import {
  DataSource,
  QueryFailedError,
  QueryRunnerAlreadyReleasedError,
  QueryRunnerProviderAlreadyReleasedError,
} from 'typeorm';
import { AdrefError, AdrefErrorCode } from './adref.errors';
import { isDatabaseUnavailable } from './database-unavailable.util';

// Every error here is made by pg or TypeORM themselves: against a closed port, or against a
// small TCP server speaking the PostgreSQL wire protocol the way a stopping server does.

/** A backend message: type byte, int32 length, body. */
function message(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0);
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/** ErrorResponse as PostgreSQL sends it, e.g. 57P01 on `pg_ctl stop -m fast`. */
const errorResponse = (code: string, text: string, severity = 'FATAL'): Buffer =>
  message(
    'E',
    Buffer.from(
      [
        ['S', severity],
        ['V', severity],
        ['C', code],
        ['M', text],
      ]
        .map(([field, value]) => `${field}${value}\0`)
        .join('') + '\0',
    ),
  );

const authenticationOk = message('R', Buffer.from([0, 0, 0, 0]));
const readyForQuery = message('Z', Buffer.from('I'));

const sockets = new Set<Socket>();

/** A TCP server on 127.0.0.1 that treats each connection with `onConnection`. */
async function fakeServer(onConnection: (socket: Socket) => void): Promise<Server> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return server;
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = await fakeServer(() => undefined);
  const port = portOf(server);
  await new Promise((done) => server.close(done));
  return port;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

const connect = (port: number) => {
  const client = new Client({ host: '127.0.0.1', port, user: 'adref', database: 'adref' });
  client.on('error', () => undefined);
  return failure(client.connect());
};

describe(isDatabaseUnavailable.name, () => {
  const servers: Server[] = [];
  const serve = async (onConnection: (socket: Socket) => void) => {
    const server = await fakeServer(onConnection);
    servers.push(server);
    return portOf(server);
  };
  /** A server that refuses the start-up with `code`, as PostgreSQL does while starting or stopping. */
  const refusing = (code: string, text: string) =>
    serve((socket) => socket.once('data', () => socket.end(errorResponse(code, text))));
  /** A server that accepts the session, then answers the first query with `code` and hangs up. */
  const terminating = (code: string, text: string) =>
    serve((socket) => {
      socket.once('data', () => {
        socket.write(Buffer.concat([authenticationOk, readyForQuery]));
        socket.once('data', () => socket.end(errorResponse(code, text)));
      });
    });

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    for (const server of servers) await new Promise((done) => server.close(done));
  });

  describe('connection failures (503)', () => {
    it('ECONNREFUSED: nothing listens on the port', async () => {
      const error = await connect(await closedPort());
      expect((error as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');
      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    it('ECONNREFUSED inside an AggregateError (a host name with two addresses)', async () => {
      const refused = await connect(await closedPort());
      expect(isDatabaseUnavailable(new AggregateError([refused], 'connect failed'))).toBe(true);
    });

    it('57P03 cannot_connect_now: the server is starting up or shutting down', async () => {
      const error = await connect(await refusing('57P03', 'the database system is starting up'));
      expect(error).toMatchObject({ code: '57P03' });
      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    it('57P01 admin_shutdown: pg_ctl stop -m fast ends a session mid-query', async () => {
      const port = await terminating(
        '57P01',
        'terminating connection due to administrator command',
      );
      const client = new Client({ host: '127.0.0.1', port, user: 'adref', database: 'adref' });
      client.on('error', () => undefined);
      await client.connect();
      const error = await failure(client.query('SELECT 1'));
      expect(error).toMatchObject({ code: '57P01' });
      expect(isDatabaseUnavailable(error)).toBe(true);
      // The same session afterwards: pg refuses to use a broken client.
      const after = await failure(client.query('SELECT 1'));
      expect(after.message).toMatch(/not queryable|Connection terminated/);
      expect(isDatabaseUnavailable(after)).toBe(true);
    });

    it('57P01 wrapped by TypeORM in a QueryFailedError', async () => {
      const port = await terminating(
        '57P01',
        'terminating connection due to administrator command',
      );
      const client = new Client({ host: '127.0.0.1', port, user: 'adref', database: 'adref' });
      client.on('error', () => undefined);
      await client.connect();
      const driverError = await failure(client.query('SELECT 1'));
      expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], driverError))).toBe(true);
    });

    it('57P02 crash_shutdown and 53300 too_many_connections', async () => {
      for (const [code, text] of [
        ['57P02', 'terminating connection because of crash of another server process'],
        ['53300', 'sorry, too many clients already'],
      ]) {
        const error = await connect(await refusing(code, text));
        expect(error).toMatchObject({ code });
        expect(isDatabaseUnavailable(error)).toBe(true);
      }
    });

    it('"Connection terminated unexpectedly": the server hangs up', async () => {
      const error = await connect(
        await serve((socket) => socket.once('data', () => socket.destroy())),
      );
      expect(error.message).toBe('Connection terminated unexpectedly');
      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    it('pg-pool: a connection that does not come up within connectionTimeoutMillis', async () => {
      const port = await serve(() => undefined); // accepts, never answers
      const pool = new Pool({ host: '127.0.0.1', port, connectionTimeoutMillis: 200 });
      const error = await failure(pool.query('SELECT 1'));
      await pool.end();
      expect(error.message).toBe('Connection terminated due to connection timeout');
      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    it('pg-pool: no client free within connectionTimeoutMillis (pool acquisition timeout)', async () => {
      const port = await serve((socket) =>
        socket.once('data', () => socket.write(Buffer.concat([authenticationOk, readyForQuery]))),
      );
      const pool = new Pool({ host: '127.0.0.1', port, max: 1, connectionTimeoutMillis: 200 });
      const held = await pool.connect();
      const error = await failure(pool.connect());
      held.release(true);
      await pool.end();
      expect(error.message).toBe('timeout exceeded when trying to connect');
      expect(isDatabaseUnavailable(error)).toBe(true);
    });

    it('TypeORM: the next query of a transaction whose connection broke while idle', () => {
      // TypeORM released the runner on the connection's error event; only its own error is left.
      expect(isDatabaseUnavailable(new QueryRunnerAlreadyReleasedError())).toBe(true);
      // The same through EntityManager.query / DataSource.query with the transaction's runner.
      expect(isDatabaseUnavailable(new QueryRunnerProviderAlreadyReleasedError())).toBe(true);
    });

    it('TypeORM: initialize() against a closed port, then a query on the unconnected source', async () => {
      const dataSource = new DataSource({
        type: 'postgres',
        host: '127.0.0.1',
        port: await closedPort(),
      });
      const initError = await failure(dataSource.initialize());
      expect(isDatabaseUnavailable(initError)).toBe(true);
      const queryError = await failure(dataSource.query('SELECT 1'));
      expect(queryError.message).toBe('Driver not Connected');
      expect(isDatabaseUnavailable(queryError)).toBe(true);
    });
  });

  describe('everything else stays what it is (not 503)', () => {
    it('a refusal by a running server: wrong password (28P01), unknown table (42P01)', async () => {
      for (const [code, text] of [
        ['28P01', 'password authentication failed for user "adref"'],
        ['42P01', 'relation "nowhere" does not exist'],
      ]) {
        const error = await connect(await refusing(code, text));
        expect(error).toMatchObject({ code });
        expect(isDatabaseUnavailable(error)).toBe(false);
        expect(isDatabaseUnavailable(new QueryFailedError('SELECT 1', [], error))).toBe(false);
      }
    });

    it('a unique violation (23505) from a session that stays up', async () => {
      const port = await serve((socket) => {
        socket.once('data', () => {
          socket.write(Buffer.concat([authenticationOk, readyForQuery]));
          socket.once('data', () =>
            socket.write(
              Buffer.concat([
                errorResponse('23505', 'duplicate key value violates unique constraint', 'ERROR'),
                readyForQuery,
              ]),
            ),
          );
        });
      });
      const client = new Client({ host: '127.0.0.1', port, user: 'adref', database: 'adref' });
      client.on('error', () => undefined);
      await client.connect();
      const error = await failure(client.query('INSERT INTO t VALUES (1)'));
      expect(error).toMatchObject({ code: '23505' });
      expect(isDatabaseUnavailable(new QueryFailedError('INSERT', [], error))).toBe(false);
      await client.end();
    });

    it('programming errors, domain errors and non-errors', () => {
      expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
      expect(isDatabaseUnavailable(new AdrefError(AdrefErrorCode.DEADLINE_NOT_LATER, 'no'))).toBe(
        false,
      );
      expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
      expect(isDatabaseUnavailable(undefined)).toBe(false);
      const looping = new Error('outer');
      (looping as { cause?: unknown }).cause = looping;
      expect(isDatabaseUnavailable(looping)).toBe(false);
    });
  });
});
