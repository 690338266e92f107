import { randomBytes } from 'node:crypto';
import { sha256 } from '../../src/common/hash.util';
import { AdrefClient, auth, User } from '../support/adref-client';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const API = '/api/v1';
const START = '2026-03-02T02:00:00Z';

// Two app instances on one PostgreSQL: a credential revoked through one of them answers 401 on
// the very next request to the other, because neither caches who a credential belongs to.
// PostgreSQL only (see jest.config.js): an embedded PGlite cannot be shared by two apps.
describe('two app instances on one PostgreSQL: revocations hold on the next request to either', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let onA: AdrefClient;

  const me = (app: TestApp, token: string) =>
    app.http.get(`${API}/me`).set({ Authorization: `Bearer ${token}` });
  const status = async (app: TestApp, token: string) => (await me(app, token)).status;
  const admin: User = { id: 'admin', token: ADMIN_TOKEN, role: 'admin' };

  beforeAll(async () => {
    database = await createTestDatabase();
    a = await createTestApp(START, {}, { database });
    b = await createTestApp(START, {}, { database });
    onA = new AdrefClient(a);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await database?.drop();
  });

  it('PATCH active:false on A: the token and the session answer 401 on B at once', async () => {
    const user = await onA.user('focal_point', 'THA');
    const secret = randomBytes(32).toString('base64url');
    await a.dataSource.query(
      `INSERT INTO sessions (principal_id, secret_hash, csrf_hash, via, created_at, expires_at)
       VALUES ($1, $2, $3, 'oidc', $4, $5)`,
      [user.id, sha256(secret), sha256('csrf'), a.clock.now(), new Date('2026-03-03T02:00:00Z')],
    );
    const bySession = () => b.http.get(`${API}/me`).set('Cookie', `adref_session=${secret}`);
    expect(await status(b, user.token)).toBe(200);
    expect((await bySession()).status).toBe(200);

    const deactivated = await a.http
      .patch(`${API}/users/${user.id}`)
      .set(auth(admin))
      .send({ active: false });
    expect(deactivated.status).toBe(200);
    expect(await status(b, user.token)).toBe(401);
    expect((await bySession()).status).toBe(401);
  });

  it('a rotation on B: the old token answers 401 on A at once, the new one works on both', async () => {
    const user = await onA.user('chair_secretariat', 'KHM');
    expect(await status(a, user.token)).toBe(200);
    const rotated = await b.http.post(`${API}/me/token`).set(auth(user));
    expect(rotated.status).toBe(201);
    expect(await status(a, user.token)).toBe(401);
    expect(await status(a, rotated.body.token)).toBe(200);
    expect(await status(b, rotated.body.token)).toBe(200);
  });

  it('a token issued by the admin on A: the old one answers 401 on B at once', async () => {
    const user = await onA.user('observer');
    expect(await status(b, user.token)).toBe(200);
    const issued = await a.http.post(`${API}/users/${user.id}/token`).set(auth(admin));
    expect(issued.status).toBe(201);
    expect(await status(b, user.token)).toBe(401);
    expect(await status(b, issued.body.token)).toBe(200);
  });

  it('signing out everywhere on B stops the token on A at once', async () => {
    const user = await onA.user('focal_point', 'LAO');
    expect(await status(a, user.token)).toBe(200);
    expect((await b.http.post(`${API}/me/sign-out-everywhere`).set(auth(user))).status).toBe(200);
    expect(await status(a, user.token)).toBe(401);
  });

  it('a third instance started with a new ADREF_ADMIN_TOKEN: the old one answers 401 on A and B', async () => {
    const NEW_ADMIN_TOKEN = 'rotated-admin-token-0123456789';
    expect(await status(a, ADMIN_TOKEN)).toBe(200);
    const c = await createTestApp(START, { ADREF_ADMIN_TOKEN: NEW_ADMIN_TOKEN }, { database });
    try {
      expect(await status(a, ADMIN_TOKEN)).toBe(401);
      expect(await status(b, ADMIN_TOKEN)).toBe(401);
      expect((await me(a, NEW_ADMIN_TOKEN)).body).toMatchObject({ role: 'admin' });
    } finally {
      await c.close();
    }
  });
});
