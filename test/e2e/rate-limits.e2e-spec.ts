import { AdrefClient, User } from '../support/adref-client';
import { tableCounts } from '../support/table-counts';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
const AUTH_FAILURES = 3;
const WRITES = 4;

// Issue 8: the real limiter (@nestjs/throttler's storage), with small limits set by environment.
describe('rate limits', () => {
  let t: TestApp;
  let client: AdrefClient;

  /** Requests as if from `address`: the test app trusts X-Forwarded-For from loopback. */
  const from = (address: string) => ({
    get: (path: string, token?: string) => {
      const request = t.http.get(`${API}${path}`).set('X-Forwarded-For', address);
      return token ? request.set('Authorization', `Bearer ${token}`) : request;
    },
    post: (path: string, token: string, body: object) =>
      t.http
        .post(`${API}${path}`)
        .set('X-Forwarded-For', address)
        .set('Authorization', `Bearer ${token}`)
        .send(body),
  });

  const expect429 = (response: { status: number; headers: any; body: any }) => {
    expect(response.status).toBe(429);
    expect(response.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.any(String),
      code: 'too_many_requests',
    });
    const retryAfter = Number(response.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
  };

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z', {
      ADREF_RATE_AUTH_FAILURES: String(AUTH_FAILURES),
      ADREF_RATE_WRITES: String(WRITES),
      ADREF_TRUST_PROXY: 'loopback',
    });
    client = new AdrefClient(t);
  });
  afterAll(() => t.close());

  describe(`failed authentication: ${AUTH_FAILURES} a minute per client address`, () => {
    it('answers 429 with Retry-After once an address has failed that often, even to a good token', async () => {
      const attacker = from('203.0.113.7');
      for (let i = 0; i < AUTH_FAILURES; i++) {
        const response = await attacker.get('/statements', `guess-${i}`);
        expect(response.status).toBe(401);
      }
      expect429(await attacker.get('/statements', `guess-${AUTH_FAILURES}`));
      // Refused before authentication: a valid token from there is refused too, for now.
      expect429(await attacker.get('/statements', ADMIN_TOKEN));
      expect429(await attacker.get('/health'));
    });

    it('does not hold the address of someone else', async () => {
      const response = await from('203.0.113.8').get('/statements', ADMIN_TOKEN);
      expect(response.status).toBe(200);
    });

    it('a refused write stores nothing', async () => {
      const before = await tableCounts(t.dataSource);
      expect429(
        await from('203.0.113.7').post('/statements', ADMIN_TOKEN, {
          framework: 'ACCSM',
          title: 'From a blocked address',
          body: 'B',
        }),
      );
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('counts only requests that presented a credential: no token is no failed sign-in', async () => {
      const visitor = from('203.0.113.9');
      for (let i = 0; i < AUTH_FAILURES * 3; i++) {
        expect((await visitor.get('/statements')).status).toBe(401);
      }
      expect((await visitor.get('/statements', ADMIN_TOKEN)).status).toBe(200);
    });

    it('a bad cookie counts like a bad token', async () => {
      const address = '203.0.113.10';
      for (let i = 0; i < AUTH_FAILURES; i++) {
        const response = await t.http
          .get(`${API}/statements`)
          .set('X-Forwarded-For', address)
          .set('Cookie', `adref_session=forged-${i}`);
        expect(response.status).toBe(401);
      }
      expect429(await from(address).get('/statements', ADMIN_TOKEN));
    });
  });

  describe(`writes: ${WRITES} a minute per signed-in principal`, () => {
    let chair: User;
    let other: User;

    beforeAll(async () => {
      // The admin creates them: its own writes are counted under its own id.
      chair = await client.user('chair_secretariat', 'KHM');
      other = await client.user('chair_secretariat', 'KHM');
    });

    const create = (user: User, n: number) =>
      from('198.51.100.1').post('/statements', user.token, {
        framework: 'ACCSM',
        title: `Statement ${n}`,
        body: 'B',
      });

    it('answers 429 with Retry-After to the write past the limit, storing nothing', async () => {
      for (let n = 0; n < WRITES; n++) expect((await create(chair, n)).status).toBe(201);
      const before = await tableCounts(t.dataSource);
      expect429(await create(chair, WRITES));
      expect(await tableCounts(t.dataSource)).toEqual(before);
    });

    it('counts writes refused for their input too (they cost the server all the same)', async () => {
      expect429(
        await from('198.51.100.1').post('/statements', chair.token, { framework: 'nonsense' }),
      );
    });

    it('leaves that principal’s reads alone', async () => {
      expect((await from('198.51.100.1').get('/statements', chair.token)).status).toBe(200);
    });

    it('is per principal: another one, from the same address, still writes', async () => {
      expect((await create(other, 1)).status).toBe(201);
    });
  });
});
