import { randomBytes } from 'node:crypto';
import { sha256 } from '../../src/common/hash.util';
import { validateEnvironment } from '../../src/config/app.config';
import { AdrefClient, auth, User } from '../support/adref-client';
import { ADMIN_TOKEN, createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, testDatabaseKind } from '../support/test-database';

const API = '/api/v1';
const DAY = 24 * 60 * 60 * 1000;
const START = '2026-03-02T02:00:00.000Z';
const LATER = '2026-03-03T02:00:00.000Z';
const LATEST = '2026-03-04T02:00:00.000Z';
const admin: User = { id: 'admin', token: ADMIN_TOKEN, role: 'admin' };

// The account lifecycle (issue 8, item 1): an admin lists, changes, deactivates and re-issues
// tokens; everyone rotates their own token and signs out everywhere. Every change is an
// account event with its actor, and a revoked credential stops on the very next request.
describe(`accounts on ${testDatabaseKind()}`, () => {
  let t: TestApp;
  let client: AdrefClient;
  let adminId: string;

  const get = (user: User, path: string) => t.http.get(`${API}${path}`).set(auth(user));
  const post = (user: User, path: string, body?: object) =>
    body === undefined
      ? t.http.post(`${API}${path}`).set(auth(user))
      : t.http.post(`${API}${path}`).set(auth(user)).send(body);
  const patch = (user: User, path: string, body: object) =>
    t.http.patch(`${API}${path}`).set(auth(user)).send(body);
  const meStatus = async (token: string) =>
    (await t.http.get(`${API}/me`).set({ Authorization: `Bearer ${token}` })).status;

  /** Everything a refused request must leave as it was: accounts, credentials, history. */
  async function accountState(): Promise<unknown> {
    const rows: Record<string, unknown> = {};
    for (const [table, order] of [
      ['principals', 'id'],
      ['api_tokens', 'id'],
      ['sessions', 'id'],
      ['sign_in_links', 'id'],
      ['account_events', 'id'],
    ]) {
      rows[table] = await t.dataSource.query(`SELECT * FROM ${table} ORDER BY ${order}`);
    }
    return rows;
  }

  /** Sends a request that must be refused with `status` (and `code`), changing nothing. */
  async function expectRefused(
    send: () => Promise<{ status: number; body: any }>,
    status: number,
    code?: string,
  ) {
    const before = await accountState();
    const response = await send();
    expect({ status: response.status, code: response.body.code }).toEqual({
      status,
      code: code ?? expect.anything(),
    });
    expect(await accountState()).toEqual(before);
    return response;
  }

  const events = async (id: string) => (await get(admin, `/users/${id}/events`)).body as any[];

  /** A browser session of the user, written as the sign-in would write it. */
  async function openSession(principalId: string): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    await t.dataSource.query(
      `INSERT INTO sessions (principal_id, secret_hash, csrf_hash, via, created_at, expires_at)
       VALUES ($1, $2, $3, 'email_link', $4, $5)`,
      [
        principalId,
        sha256(secret),
        sha256('csrf'),
        t.clock.now(),
        new Date(t.clock.now().getTime() + DAY),
      ],
    );
    return secret;
  }

  const liveSessions = async (principalId: string): Promise<number> =>
    (
      await t.dataSource.query(
        `SELECT count(*)::int AS n FROM sessions WHERE principal_id = $1 AND revoked_at IS NULL`,
        [principalId],
      )
    )[0].n;

  // Some tests count every user (GET /users totals, emails numbered by the client) or compare
  // every account row: each test gets its own app and database, so it sees only what it made.
  beforeEach(async () => {
    t = await createTestApp(START);
    client = new AdrefClient(t);
    adminId = (await get(admin, '/me')).body.id;
  });
  afterEach(() => t?.close());

  describe('creating and reading accounts', () => {
    it('creates a user whose token expires after ADREF_TOKEN_TTL (P90D), with a USER_CREATED event by the admin', async () => {
      // The expected expiry and event time are counted from START.
      t.clock.set(START);
      const created = await post(admin, '/users', {
        name: 'Nguyen T.',
        email: 'Focal.Point@MOHA.gov.vn',
        role: 'focal_point',
        member: 'VNM',
        language: 'en',
      });
      expect(created.status).toBe(201);
      expect(created.body).toEqual({
        id: expect.any(String),
        token: expect.any(String),
        expiresAt: new Date(Date.parse(START) + 90 * DAY).toISOString(),
      });
      const user = await get(admin, `/users/${created.body.id}`);
      expect(user.body).toMatchObject({
        name: 'Nguyen T.',
        email: 'focal.point@moha.gov.vn',
        role: 'focal_point',
        member: 'VNM',
        active: true,
        openSessions: 0,
      });
      expect(user.body.tokens).toEqual([
        {
          id: expect.any(String),
          purpose: 'api',
          createdAt: START,
          expiresAt: created.body.expiresAt,
        },
      ]);
      // Neither the token nor its hash leaves the server again.
      for (const body of [user.text, (await get(admin, `/users/${created.body.id}/events`)).text]) {
        expect(body).not.toContain(created.body.token);
        expect(body).not.toContain(sha256(created.body.token));
      }
      expect(await events(created.body.id)).toEqual([
        expect.objectContaining({
          type: 'USER_CREATED',
          actor: { id: adminId, label: 'Administrator <admin@localhost>' },
          at: START,
          details: expect.objectContaining({ email: 'focal.point@moha.gov.vn', member: 'VNM' }),
        }),
      ]);
    });

    it('refuses an email already in use, whatever its case → 409 email_taken, nothing stored', async () => {
      const first = await client.user('observer');
      const email = (await get(admin, `/users/${first.id}`)).body.email as string;
      await expectRefused(
        () => post(admin, '/users', { name: 'Twin', email: email.toUpperCase(), role: 'observer' }),
        409,
        'email_taken',
      );
    });

    it('two requests for the same new email at once: one 201, one 409 email_taken, never 500', async () => {
      const body = { name: 'Racer', email: 'race@example.org', role: 'observer' };
      const answers = await Promise.all([post(admin, '/users', body), post(admin, '/users', body)]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)?.body.code).toBe('email_taken');
      const [{ n }] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM principals WHERE email = 'race@example.org'`,
      );
      expect(n).toBe(1);
    });

    it('lists users with filters and pages like GET /statements', async () => {
      const thai = await client.user('focal_point', 'THA');
      await client.user('chair_secretariat', 'THA');
      await client.user('observer');
      // With the admin and one more, the five users take three pages of two.
      await client.user('observer');
      const page = await get(admin, '/users?role=focal_point&member=THA&active=true');
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
      expect(page.body.items.map((u: { id: string }) => u.id)).toEqual([thai.id]);
      expect(Object.keys(page.body.items[0]).sort()).toEqual([
        'active',
        'createdAt',
        'digest',
        'email',
        'id',
        'language',
        'member',
        'name',
        'role',
        'updatedAt',
      ]);
      const all = await get(admin, '/users?pageSize=2');
      const second = await get(admin, '/users?pageSize=2&page=2');
      expect(all.body.items).toHaveLength(2);
      expect(all.body.total).toBeGreaterThanOrEqual(5);
      expect(second.body.items[0].id).not.toBe(all.body.items[0].id);
      expect((await get(admin, '/users?member=THA')).body.total).toBe(2);
    });

    it('refuses bad filters and ids with 400, unknown users with 404', async () => {
      for (const query of [
        'role=king',
        'active=maybe',
        'member=thailand',
        'pageSize=101',
        'page=0',
      ]) {
        expect((await get(admin, `/users?${query}`)).status).toBe(400);
      }
      expect((await get(admin, '/users/not-a-uuid')).status).toBe(400);
      const unknown = '00000000-0000-4000-8000-000000000000';
      for (const path of [`/users/${unknown}`, `/users/${unknown}/events`]) {
        const response = await get(admin, path);
        expect({ status: response.status, code: response.body.code }).toEqual({
          status: 404,
          code: 'not_found',
        });
      }
      await expectRefused(() => patch(admin, `/users/${unknown}`, { name: 'X' }), 404, 'not_found');
      await expectRefused(() => post(admin, `/users/${unknown}/token`), 404, 'not_found');
    });

    it('answers 403 to everyone but an admin, and changes nothing', async () => {
      const chair = await client.user('chair_secretariat', 'KHM');
      const target = await client.user('observer');
      for (const user of [chair, await client.user('focal_point', 'LAO'), target]) {
        expect((await get(user, '/users')).status).toBe(403);
        expect((await get(user, `/users/${target.id}`)).status).toBe(403);
        expect((await get(user, `/users/${target.id}/events`)).status).toBe(403);
        await expectRefused(() => patch(user, `/users/${target.id}`, { active: false }), 403);
        await expectRefused(() => post(user, `/users/${target.id}/token`), 403);
        await expectRefused(
          () => post(user, '/users', { name: 'Mine', email: 'mine@example.org', role: 'admin' }),
          403,
        );
      }
    });
  });

  describe('changing an account', () => {
    it('changes fields, records USER_UPDATED with each change and the admin as actor', async () => {
      const user = await client.user('observer');
      t.clock.advance(60_000);
      const changed = await patch(admin, `/users/${user.id}`, {
        name: 'Somchai P.',
        email: 'Somchai@OCSC.go.th',
        role: 'focal_point',
        member: 'THA',
        language: 'th',
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({
        name: 'Somchai P.',
        email: 'somchai@ocsc.go.th',
        role: 'focal_point',
        member: 'THA',
        language: 'th',
        active: true,
        updatedAt: t.clock.now().toISOString(),
      });
      // The token keeps working, and now speaks for Thailand.
      const me = await t.http.get(`${API}/me`).set(auth(user));
      expect(me.body).toMatchObject({ role: 'focal_point', memberCode: 'THA', language: 'th' });
      const [, updated] = await events(user.id);
      expect(updated).toMatchObject({
        type: 'USER_UPDATED',
        actor: { id: adminId },
        at: t.clock.now().toISOString(),
        details: {
          changes: {
            name: { from: expect.any(String), to: 'Somchai P.' },
            email: { to: 'somchai@ocsc.go.th' },
            role: { from: 'observer', to: 'focal_point' },
            member: { from: null, to: 'THA' },
            language: { from: 'en', to: 'th' },
          },
        },
      });
    });

    it('a PATCH that changes nothing records nothing', async () => {
      const user = await client.user('focal_point', 'SGP');
      const before = await accountState();
      const response = await patch(admin, `/users/${user.id}`, { member: 'SGP', active: true });
      expect(response.status).toBe(200);
      expect(await accountState()).toEqual(before);
    });

    it('refuses invalid changes with 400 and a taken email with 409, changing nothing', async () => {
      const observer = await client.user('observer');
      const other = await client.user('observer');
      const otherEmail = (await get(admin, `/users/${other.id}`)).body.email as string;
      const path = `/users/${observer.id}`;
      // A focal point or a chair secretariat acts for a member (as in POST /users).
      await expectRefused(() => patch(admin, path, { role: 'focal_point' }), 400, 'invalid_input');
      await expectRefused(
        () => patch(admin, path, { role: 'chair_secretariat', member: null }),
        400,
        'invalid_input',
      );
      const focal = await client.user('focal_point', 'MYS');
      await expectRefused(
        () => patch(admin, `/users/${focal.id}`, { member: null }),
        400,
        'invalid_input',
      );
      await expectRefused(() => patch(admin, path, { member: 'XYZ' }), 400, 'invalid_input');
      for (const body of [
        {},
        { name: '' },
        { name: null },
        { email: 'not an email' },
        { role: 'superuser' },
        { language: 'fr' },
        { active: 'no' },
        { token: 'mine' },
        { id: other.id },
      ]) {
        await expectRefused(() => patch(admin, path, body), 400, 'invalid_input');
      }
      const taken = await expectRefused(
        () => patch(admin, path, { name: 'Renamed', email: otherEmail.toUpperCase() }),
        409,
        'email_taken',
      );
      expect(taken.body.message).toContain(otherEmail);
    });

    it('an admin cannot deactivate or demote their own account → 422, nothing changed', async () => {
      await expectRefused(() => patch(admin, `/users/${adminId}`, { active: false }), 422);
      await expectRefused(() => patch(admin, `/users/${adminId}`, { role: 'observer' }), 422);
    });
  });

  describe('deactivation', () => {
    it('stops the token and the browser sessions on the very next request, and lists the user as inactive', async () => {
      const user = await client.user('focal_point', 'PHL');
      const session = await openSession(user.id);
      const bySession = () => t.http.get(`${API}/me`).set('Cookie', `adref_session=${session}`);
      expect(await meStatus(user.token)).toBe(200);
      expect((await bySession()).status).toBe(200);
      t.clock.advance(60_000);

      const deactivated = await patch(admin, `/users/${user.id}`, { active: false });
      expect(deactivated.status).toBe(200);
      expect(deactivated.body.active).toBe(false);
      const refused = await t.http.get(`${API}/me`).set(auth(user));
      expect({ status: refused.status, code: refused.body.code }).toEqual({
        status: 401,
        code: 'unauthenticated',
      });
      expect(await liveSessions(user.id)).toBe(0);
      expect((await bySession()).status).toBe(401);

      const inactive = await get(admin, '/users?active=false&member=PHL');
      expect(inactive.body.items.map((u: { id: string }) => u.id)).toEqual([user.id]);
      expect((await get(admin, `/users/${user.id}`)).body).toMatchObject({
        tokens: [],
        openSessions: 0,
      });
      expect((await events(user.id)).at(-1)).toMatchObject({
        type: 'USER_DEACTIVATED',
        actor: { id: adminId },
        at: t.clock.now().toISOString(),
        details: {
          changes: { active: { from: true, to: false } },
          revokedTokens: 1,
          revokedSessions: 1,
        },
      });
    });

    it('reactivation does not bring old credentials back; a new token does, and is refused while inactive', async () => {
      const user = await client.user('observer');
      await patch(admin, `/users/${user.id}`, { active: false });
      await expectRefused(() => post(admin, `/users/${user.id}/token`), 422);
      t.clock.advance(60_000);
      const reactivated = await patch(admin, `/users/${user.id}`, { active: true });
      expect(reactivated.body.active).toBe(true);
      expect(await meStatus(user.token)).toBe(401);
      expect((await events(user.id)).at(-1)).toMatchObject({
        type: 'USER_REACTIVATED',
        actor: { id: adminId },
      });
      const issued = await post(admin, `/users/${user.id}/token`);
      expect(issued.status).toBe(201);
      expect(await meStatus(issued.body.token)).toBe(200);
    });
  });

  describe('tokens', () => {
    it('an admin issues a new token: the old one answers 401 on the very next request', async () => {
      const user = await client.user('focal_point', 'IDN');
      t.clock.advance(60_000);
      const issued = await post(admin, `/users/${user.id}/token`);
      expect(issued.status).toBe(201);
      expect(issued.body).toEqual({
        token: expect.any(String),
        expiresAt: new Date(t.clock.now().getTime() + 90 * DAY).toISOString(),
        revokedTokens: 1,
      });
      expect(await meStatus(user.token)).toBe(401);
      expect(await meStatus(issued.body.token)).toBe(200);
      const last = (await events(user.id)).at(-1);
      expect(last).toMatchObject({
        type: 'TOKEN_ISSUED',
        actor: { id: adminId },
        details: { expiresAt: issued.body.expiresAt, revokedTokens: 1 },
      });
      expect(JSON.stringify(last)).not.toContain(sha256(issued.body.token));
    });

    it('a user rotates their own token: the old one answers 401 on the very next request', async () => {
      const user = await client.user('chair_secretariat', 'BRN');
      t.clock.advance(60_000);
      const rotated = await post(user, '/me/token');
      expect(rotated.status).toBe(201);
      expect(await meStatus(user.token)).toBe(401);
      expect(await meStatus(rotated.body.token)).toBe(200);
      expect((await events(user.id)).at(-1)).toMatchObject({
        type: 'TOKEN_ROTATED',
        actor: { id: user.id, label: expect.stringContaining('chair_secretariat BRN') },
        details: { revokedTokens: 1, expiresAt: rotated.body.expiresAt },
      });
    });

    it('an expired token answers 401 saying it expired (the fake clock moves past P90D)', async () => {
      const user = await client.user('observer');
      const { expiresAt } = (await get(admin, `/users/${user.id}`)).body.tokens[0];
      t.clock.set(new Date(Date.parse(expiresAt) - 1000));
      expect(await meStatus(user.token)).toBe(200);
      t.clock.set(expiresAt);
      const expired = await t.http.get(`${API}/me`).set(auth(user));
      expect(expired.status).toBe(401);
      expect(expired.body).toMatchObject({ code: 'unauthenticated' });
      expect(expired.body.message).toContain(`expired at ${expiresAt}`);
      // A revoked or unknown token does not claim to have expired.
      const unknown = await t.http
        .get(`${API}/me`)
        .set({ Authorization: 'Bearer nobody-has-this' });
      expect(unknown.body.message).not.toContain('expired');
    });
  });

  describe('my account', () => {
    it('sets my language, records it with me as actor, and refuses anything else', async () => {
      const user = await client.user('focal_point', 'KHM');
      t.clock.advance(60_000);
      const changed = await patch(user, '/me', { language: 'th' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ id: user.id, language: 'th' });
      expect((await events(user.id)).at(-1)).toMatchObject({
        type: 'USER_UPDATED',
        actor: { id: user.id },
        details: { changes: { language: { from: 'en', to: 'th' } } },
      });
      for (const body of [
        {},
        { language: 'xx' },
        { role: 'admin' },
        { active: false },
        { name: 'Me' },
      ]) {
        await expectRefused(() => patch(user, '/me', body), 400, 'invalid_input');
      }
    });

    it('signs out everywhere: every token and session stops, the one in use included', async () => {
      const user = await client.user('focal_point', 'MMR');
      const session = await openSession(user.id);
      const second = await post(admin, `/users/${user.id}/token`);
      t.clock.advance(60_000);
      const out = await post({ ...user, token: second.body.token }, '/me/sign-out-everywhere');
      expect(out.status).toBe(200);
      expect(out.body).toEqual({ revokedTokens: 1, revokedSessions: 1 });
      expect(await meStatus(second.body.token)).toBe(401);
      expect(await liveSessions(user.id)).toBe(0);
      expect((await t.http.get(`${API}/me`).set('Cookie', `adref_session=${session}`)).status).toBe(
        401,
      );
      expect((await events(user.id)).at(-1)).toMatchObject({
        type: 'SIGNED_OUT_EVERYWHERE',
        actor: { id: user.id },
        details: { revokedTokens: 1, revokedSessions: 1 },
      });
    });

    it('documents every account route in OpenAPI with its answer, and no token hash anywhere', async () => {
      const docs = (await t.http.get('/api/docs-json')).body;
      const ok = (path: string, method: string, status: string) =>
        docs.paths[`/api/v1${path}`]?.[method]?.responses?.[status]?.content?.['application/json']
          ?.schema;
      expect(ok('/users', 'get', '200')).toEqual({ $ref: '#/components/schemas/UsersPageDto' });
      expect(ok('/users/{id}', 'get', '200')).toEqual({
        $ref: '#/components/schemas/UserDetailDto',
      });
      expect(ok('/users/{id}', 'patch', '200')).toEqual({ $ref: '#/components/schemas/UserDto' });
      expect(ok('/users/{id}/token', 'post', '201')).toEqual({
        $ref: '#/components/schemas/IssuedTokenDto',
      });
      expect(ok('/users/{id}/events', 'get', '200')).toEqual({
        type: 'array',
        items: { $ref: '#/components/schemas/AccountEventDto' },
      });
      expect(ok('/me', 'patch', '200')).toEqual({ $ref: '#/components/schemas/UserDto' });
      expect(ok('/me/token', 'post', '201')).toEqual({
        $ref: '#/components/schemas/IssuedTokenDto',
      });
      expect(ok('/me/sign-out-everywhere', 'post', '200')).toEqual({
        $ref: '#/components/schemas/SignedOutDto',
      });
      expect(JSON.stringify(docs.components.schemas)).not.toMatch(/tokenHash|token_hash/);
    });

    it('refuses every account route without a credential → 401', async () => {
      for (const [method, path] of [
        ['get', '/me'],
        ['patch', '/me'],
        ['post', '/me/token'],
        ['post', '/me/sign-out-everywhere'],
        ['get', '/users'],
      ] as const) {
        expect((await t.http[method](`${API}${path}`)).status).toBe(401);
      }
    });
  });
});

describe(`ADREF_TOKEN_TTL and ADREF_ADMIN_TOKEN across restarts on ${testDatabaseKind()}`, () => {
  const OTHER_ADMIN_TOKEN = 'another-admin-token-9876543210';

  it('takes the token lifetime from ADREF_TOKEN_TTL and refuses one that is not a duration', async () => {
    const t = await createTestApp(START, { ADREF_TOKEN_TTL: 'PT12H' });
    try {
      const created = await t.http
        .post(`${API}/users`)
        .set(auth(admin))
        .send({ name: 'Short', email: 'short@example.org', role: 'observer' });
      expect(created.body.expiresAt).toBe('2026-03-02T14:00:00.000Z');
    } finally {
      await t.close();
    }
    // Months vary in length: the environment check at start refuses them.
    expect(() => validateEnvironment({ ADREF_TOKEN_TTL: 'P3M' })).toThrow(
      /ADREF_TOKEN_TTL must be an ISO 8601 duration/,
    );
    expect(validateEnvironment({ ADREF_TOKEN_TTL: 'P30DT12H' })).toBeTruthy();
  });

  it('a changed ADREF_ADMIN_TOKEN revokes the previous one; going back to it does not revive it', async () => {
    const database = await createTestDatabase({ onDisk: true });
    try {
      const first = await createTestApp(START, {}, { database });
      const adminId = (await first.http.get(`${API}/me`).set(auth(admin))).body.id;
      await first.close();

      const second = await createTestApp(
        LATER,
        { ADREF_ADMIN_TOKEN: OTHER_ADMIN_TOKEN },
        { database },
      );
      try {
        const me = (token: string) =>
          second.http.get(`${API}/me`).set({ Authorization: `Bearer ${token}` });
        expect((await me(ADMIN_TOKEN)).status).toBe(401);
        expect((await me(OTHER_ADMIN_TOKEN)).body).toMatchObject({ id: adminId, role: 'admin' });
        const history = await second.http
          .get(`${API}/users/${adminId}/events`)
          .set({ Authorization: `Bearer ${OTHER_ADMIN_TOKEN}` });
        expect(history.body.map((e: { type: string }) => e.type)).toEqual([
          'USER_CREATED',
          'ADMIN_TOKEN_REPLACED',
        ]);
        expect(history.body[1]).toMatchObject({
          actor: { id: null, label: expect.stringContaining('ADREF_ADMIN_TOKEN') },
          details: { previousRevoked: 1 },
        });
      } finally {
        await second.close();
      }

      // Without the setting, the last value stops too.
      const unset = await createTestApp(LATEST, { ADREF_ADMIN_TOKEN: '' }, { database });
      try {
        const other = { Authorization: `Bearer ${OTHER_ADMIN_TOKEN}` };
        expect((await unset.http.get(`${API}/me`).set(other)).status).toBe(401);
        const [last] = await unset.dataSource.query(
          `SELECT type, actor_id, details FROM account_events WHERE principal_id = $1
            ORDER BY at DESC LIMIT 1`,
          [adminId],
        );
        expect(last).toEqual({
          type: 'ADMIN_TOKEN_RETIRED',
          actor_id: null,
          details: { previousRevoked: 1 },
        });
      } finally {
        await unset.close();
      }

      // The first value again: revoked stays revoked (a retired secret may have leaked).
      const third = await createTestApp(LATEST, {}, { database });
      try {
        expect((await third.http.get(`${API}/me`).set(auth(admin))).status).toBe(401);
      } finally {
        await third.close();
      }
    } finally {
      await database.drop();
    }
  });
});
