import { createServer, connect, Server, Socket } from 'node:net';
import { AdrefClient, User } from '../support/adref-client';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
const RECOVERY_WAIT_MS = 120_000;

/** A TCP hop between the app and PostgreSQL that the test can cut and mend, as a network would. */
class CuttableLink {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(
    private readonly host: string,
    private readonly upstreamPort: number,
  ) {}

  async open(): Promise<void> {
    this.server = createServer((downstream) => {
      const upstream = connect(this.upstreamPort, this.host);
      for (const socket of [downstream, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      downstream.pipe(upstream).pipe(downstream);
    });
    await new Promise<void>((done) => this.server!.listen(this.port, '127.0.0.1', done));
    this.port = (this.server.address() as { port: number }).port;
  }

  /** Every connection drops, and new ones are refused (ECONNREFUSED). */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
  }
}

// While PostgreSQL cannot be reached every request answers 503 database_unavailable with
// Retry-After, never 500: reads, writes, and the token lookup of the auth guard. PostgreSQL only:
// an embedded PGlite cannot become unreachable.
describe('while the database is unreachable', () => {
  let database: TestDatabase;
  let link: CuttableLink;
  let t: TestApp;
  let chair: User;

  beforeAll(async () => {
    database = await createTestDatabase();
    const url = new URL(database.env.DATABASE_URL!);
    link = new CuttableLink(url.hostname, Number(url.port || 5432));
    await link.open();
    url.hostname = '127.0.0.1';
    url.port = String(link.port);
    t = await createTestApp('2026-03-02T02:00:00Z', { DATABASE_URL: url.toString() });
    chair = await new AdrefClient(t).user('chair_secretariat', 'KHM');
    await link.cut();
  });
  afterAll(async () => {
    await t?.close().catch(() => undefined);
    await link?.cut();
    await database?.drop();
  });

  const expect503 = (response: { status: number; headers: any; body: any }) => {
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.body).toMatchObject({ statusCode: 503, code: 'database_unavailable' });
  };

  it('the token lookup of a read answers 503', async () => {
    expect503(await t.http.get(`${API}/statements`).set('Authorization', `Bearer ${chair.token}`));
  });

  it('a bad token answers 503 too, not 401: the lookup could not be made', async () => {
    expect503(await t.http.get(`${API}/statements`).set('Authorization', 'Bearer not-a-token'));
  });

  it('a write answers 503', async () => {
    expect503(
      await t.http
        .post(`${API}/statements`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .set('Idempotency-Key', 'outage-1')
        .send({ framework: 'ACCSM', title: 'During the outage', body: 'B' }),
    );
  });

  it('an admin write outside the statements (POST /users, with a key) answers 503', async () => {
    expect503(
      await t.http
        .post(`${API}/users`)
        .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
        .set('Idempotency-Key', 'outage-2')
        .send({ name: 'N', email: 'outage@example.org', role: 'observer' }),
    );
  });

  it('/health says down to anyone, with Retry-After', async () => {
    const response = await t.http.get(`${API}/health`);
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toMatch(/^\d+$/);
    expect(response.body).toEqual({ status: 'down' });
  });

  it('answers again once the database is back, without a restart', async () => {
    await link.open(); // the same port
    // How soon is the pool's business: on a busy machine it takes longer, and that is no failure.
    let status = 0;
    const back = Date.now();
    while (status !== 200 && Date.now() - back < RECOVERY_WAIT_MS) {
      status = (await t.http.get(`${API}/health`)).status;
      if (status !== 200) await new Promise((done) => setTimeout(done, 500));
    }
    expect(status).toBe(200);
    const read = await t.http
      .get(`${API}/statements`)
      .set('Authorization', `Bearer ${chair.token}`);
    expect(read.status).toBe(200);
  }, 240_000); // 2 × RECOVERY_WAIT_MS
});
