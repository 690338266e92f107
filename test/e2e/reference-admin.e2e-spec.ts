import { AdrefClient, auth, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
const ASEAN_2026 = ['BRN', 'IDN', 'KHM', 'LAO', 'MMR', 'MYS', 'PHL', 'SGP', 'THA', 'TLS', 'VNM'];

// Reference data is data, corrected through the admin API; public endpoints need no token.
describe('reference data, administration and public endpoints', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let laos: User;
  let observer: User;
  let laoTerm: string;
  let japanObserver: string;

  const post = (user: User, path: string, body: Record<string, unknown>) =>
    t.http.post(`${API}${path}`).set(auth(user)).send(body);
  const patch = (user: User, path: string, body: Record<string, unknown>) =>
    t.http.patch(`${API}${path}`).set(auth(user)).send(body);
  const accsmOn = async (date?: string) => {
    const response = await client.get(observer, `/frameworks${date ? `?date=${date}` : ''}`);
    expect(response.status).toBe(200);
    return response.body.find((f: { code: string }) => f.code === 'ACCSM');
  };
  const laoStatement = () =>
    client.createStatement(laos, { framework: 'ACCSM', title: 'ASEAN Statement', body: 'Text' });

  beforeAll(async () => {
    // The clock moves to 2027: the users' tokens must outlive it (ADREF_TOKEN_TTL, fake time).
    t = await createTestApp('2026-03-02T02:00:00Z', { ADREF_TOKEN_TTL: 'P3650D' });
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    laos = await client.user('chair_secretariat', 'LAO');
    observer = await client.user('observer');
  });
  afterAll(() => t.close());

  describe('public endpoints', () => {
    it('GET /health → 200 without a token', async () => {
      const response = await t.http.get(`${API}/health`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 'up' });
    });

    it('GET /api/docs-json returns an OpenAPI document listing /api/v1/statements', async () => {
      const response = await t.http.get('/api/docs-json');
      expect(response.status).toBe(200);
      expect(response.body.openapi).toMatch(/^3\./);
      expect(Object.keys(response.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/statements',
          '/api/v1/statements/{id}/events',
          '/api/v1/statements/{id}/positions',
        ]),
      );
      expect(Object.keys(response.body.paths['/api/v1/statements'])).toEqual(
        expect.arrayContaining(['get', 'post']),
      );
    });

    it('GET /workflows/statement (no token) lists the states, the round substates and a mermaid diagram', async () => {
      const response = await t.http.get(`${API}/workflows/statement`);
      expect(response.status).toBe(200);
      const paths = response.body.states.map((s: { path: string }) => s.path);
      expect(paths).toEqual(
        expect.arrayContaining([
          'drafting',
          'som_review',
          'approved_in_principle',
          'ad_referendum',
          'adopted',
          'withdrawn',
          'not_adopted',
          'ad_referendum.collecting',
          'ad_referendum.blocked',
          'ad_referendum.awaiting_decision',
        ]),
      );
      const finals = response.body.states.filter((s: { final: boolean }) => s.final);
      expect(finals.map((s: { path: string }) => s.path).sort()).toEqual([
        'adopted',
        'not_adopted',
        'withdrawn',
      ]);
      expect(response.body.mermaid).toMatch(/^stateDiagram-v2\n/);
      expect(response.body.mermaid).toContain('approved_in_principle --> ad_referendum');
    });
  });

  describe('GET /frameworks and GET /members', () => {
    it('need a token', async () => {
      expect((await t.http.get(`${API}/frameworks`)).status).toBe(401);
      expect((await t.http.get(`${API}/members`)).status).toBe(401);
    });

    it('GET /frameworks gives the current chair and members', async () => {
      const response = await client.get(observer, '/frameworks');
      const accsm = response.body.find((f: { code: string }) => f.code === 'ACCSM');
      expect(accsm).toMatchObject({
        date: '2026-03-02',
        chair: { member: 'KHM', ordinal: 23, theme: 'Innovation for Better Service Delivery' },
        members: ASEAN_2026,
        observers: [],
      });
      const plusThree = response.body.find((f: { code: string }) => f.code === 'ACCSM+3');
      expect(plusThree.chair.member).toBe('KHM');
      expect(plusThree.members).toEqual([...ASEAN_2026, 'CHN', 'JPN', 'KOR'].sort());
      // On an earlier date: Brunei chaired and Timor-Leste was an observer.
      expect(await accsmOn('2024-08-01')).toMatchObject({
        chair: { member: 'BRN', ordinal: 22 },
        members: ASEAN_2026.filter((m) => m !== 'TLS'),
        observers: ['TLS'],
      });
    });

    it('GET /members lists every member with its standing', async () => {
      const response = await client.get(observer, '/members');
      expect(response.status).toBe(200);
      expect(response.body.map((m: { code: string }) => m.code).sort()).toEqual(
        [...ASEAN_2026, 'CHN', 'JPN', 'KOR'].sort(),
      );
      const byCode = Object.fromEntries(response.body.map((m: any) => [m.code, m]));
      expect(byCode.THA).toMatchObject({ nameEn: 'Thailand', nameTh: 'ไทย' });
      expect(byCode.THA.frameworks).toEqual(
        expect.arrayContaining([
          { framework: 'ACCSM', status: 'member' },
          { framework: 'ACCSM+3', status: 'member' },
        ]),
      );
      expect(byCode.JPN.frameworks).toEqual([{ framework: 'ACCSM+3', status: 'member' }]);
    });
  });

  describe('reference administration', () => {
    it('an admin adds a chair term (LAO 2027-01-01..2028-12-31) and PATCHes it', async () => {
      const created = await post(client.admin, '/reference/chair-terms', {
        framework: 'ACCSM',
        chair: 'LAO',
        validFrom: '2027-01-01',
        validTo: '2028-12-31',
      });
      expect(created.status).toBe(201);
      laoTerm = created.body.id;
      const patched = await patch(client.admin, `/reference/chair-terms/${laoTerm}`, {
        ordinal: 24,
        theme: 'Resilient Civil Service',
      });
      expect(patched.status).toBe(200);
      expect(await accsmOn('2027-03-01')).toMatchObject({
        chair: { member: 'LAO', ordinal: 24, theme: 'Resilient Civil Service' },
      });
      expect((await accsmOn('2026-12-31')).chair.member).toBe('KHM');
    });

    it('an admin adds a membership and PATCHes it', async () => {
      const created = await post(client.admin, '/reference/memberships', {
        framework: 'ACCSM',
        member: 'JPN',
        status: 'observer',
        validFrom: '2027-01-01',
      });
      expect(created.status).toBe(201);
      japanObserver = created.body.id;
      expect((await accsmOn('2027-03-01')).observers).toEqual(['JPN']);
      const patched = await patch(client.admin, `/reference/memberships/${japanObserver}`, {
        validTo: '2027-06-30',
      });
      expect(patched.status).toBe(200);
      expect((await accsmOn('2027-06-30')).observers).toEqual(['JPN']);
      expect((await accsmOn('2027-07-01')).observers).toEqual([]);
      expect((await accsmOn('2027-03-01')).members).toEqual(ASEAN_2026); // not an elector
    });

    it("the new term takes effect: in 2027 LAO's secretariat may create an ACCSM statement, KHM's may not", async () => {
      const early = await laoStatement();
      expect(early.status).toBe(403);
      expect(early.body.message).toContain('the chair is KHM');

      t.clock.set('2027-01-05T02:00:00Z');
      const created = await laoStatement();
      expect(created.status).toBe(201);
      const khm = await client.createStatement(cambodia, {
        framework: 'ACCSM',
        title: 'Too late',
        body: 'Text',
      });
      expect(khm.status).toBe(403);
      expect(khm.body.message).toContain('the chair is LAO');
    });

    it('a non-admin gets 403 on every reference write', async () => {
      const before = await client.get(observer, '/reference/chair-terms?framework=ACCSM');
      const term = { framework: 'ACCSM', chair: 'MYS', validFrom: '2029-01-01' };
      const responses = [
        await post(cambodia, '/reference/chair-terms', term),
        await patch(laos, `/reference/chair-terms/${laoTerm}`, { validTo: '2030-12-31' }),
        await post(observer, '/reference/memberships', {
          framework: 'ACCSM',
          member: 'KOR',
          status: 'observer',
        }),
        await patch(cambodia, `/reference/memberships/${japanObserver}`, { validTo: null }),
      ];
      expect(responses.map((r) => r.status)).toEqual([403, 403, 403, 403]);
      expect(responses[0].body.message).toContain('This needs the role admin');
      const after = await client.get(observer, '/reference/chair-terms?framework=ACCSM');
      expect(after.body).toEqual(before.body);
    });

    it('an overlapping chair term → 409, on create and on PATCH', async () => {
      const overlapping = await post(client.admin, '/reference/chair-terms', {
        framework: 'ACCSM',
        chair: 'MYS',
        validFrom: '2028-06-01',
        validTo: '2030-12-31',
      });
      expect(overlapping.status).toBe(409);
      expect(overlapping.body).toMatchObject({
        code: 'conflicting_data',
        details: { conflictingTerm: laoTerm },
      });
      const moved = await patch(client.admin, `/reference/chair-terms/${laoTerm}`, {
        validFrom: '2026-12-01',
      });
      expect(moved.status).toBe(409);
      expect(moved.body.message).toContain('KHM');
      expect((await accsmOn('2026-12-15')).chair.member).toBe('KHM');
      // Sharing the handover day is allowed.
      const next = await post(client.admin, '/reference/chair-terms', {
        framework: 'ACCSM',
        chair: 'MYS',
        validFrom: '2028-12-31',
        validTo: '2030-12-31',
      });
      expect(next.status).toBe(201);
    });

    it('an invalid period → 400', async () => {
      const reversed = await post(client.admin, '/reference/chair-terms', {
        framework: 'ACCSM',
        chair: 'MMR',
        validFrom: '2032-12-31',
        validTo: '2031-01-01',
      });
      expect(reversed.status).toBe(400);
      expect(reversed.body.details).toEqual({ field: 'validTo' });
      const impossible = await post(client.admin, '/reference/memberships', {
        framework: 'ACCSM',
        member: 'KOR',
        status: 'observer',
        validFrom: '2031-02-30',
      });
      expect(impossible.status).toBe(400);
      expect(impossible.body.message).toContain('validFrom');
      const reversedPatch = await patch(client.admin, `/reference/memberships/${japanObserver}`, {
        validTo: '2026-01-01',
      });
      expect(reversedPatch.status).toBe(400);
    });
  });

  describe('POST /users', () => {
    it('by a non-admin → 403', async () => {
      const response = await post(cambodia, '/users', {
        name: 'Focal point',
        email: 'fp@example.org',
        role: 'focal_point',
        member: 'KHM',
      });
      expect(response.status).toBe(403);
    });

    it('a focal_point without member → 400 naming member', async () => {
      const response = await post(client.admin, '/users', {
        name: 'Focal point',
        email: 'fp@example.org',
        role: 'focal_point',
      });
      expect(response.status).toBe(400);
      expect(response.body.details).toEqual({ field: 'member' });
    });
  });

  describe('GET /statements/:id/history', () => {
    let id: string;

    it('returns events whose hash chain is valid, each linked to the previous one', async () => {
      const created = await laoStatement();
      id = created.body.id;
      await client.expectEvent(laos, id, { type: 'SUBMIT_TO_SOM' });
      await client.expectEvent(laos, id, { type: 'RETURN_FOR_REVISION', note: 'Shorter' });
      await client.text(laos, id, { body: 'Shorter text', note: 'As asked by SOM' });
      const history = (await client.history(observer, id)).body;
      expect(history.chain).toEqual({ valid: true, brokenAt: null });
      expect(history.events.map((e: { type: string }) => e.type)).toEqual([
        'CREATED',
        'SUBMIT_TO_SOM',
        'RETURN_FOR_REVISION',
        'EDIT_TEXT',
      ]);
      expect(history.events[0].prevHash).toBeNull();
      history.events.forEach((event: any, index: number) => {
        expect(event.seq).toBe(index + 1);
        expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
        if (index > 0) expect(event.prevHash).toBe(history.events[index - 1].hash);
      });
    });

    it('reports the chain broken at 2 after one audit row is tampered with', async () => {
      // Only a superuser can get past the append-only trigger.
      await t.dataSource.transaction(async (manager) => {
        await manager.query(`ALTER TABLE audit_events DISABLE TRIGGER USER`);
        await manager.query(
          `UPDATE audit_events SET payload = '{"note":"nothing happened"}'::jsonb
           WHERE statement_id = $1 AND seq = 2`,
          [id],
        );
        await manager.query(`ALTER TABLE audit_events ENABLE TRIGGER USER`);
      });
      const history = (await client.history(observer, id)).body;
      expect(history.chain).toEqual({ valid: false, brokenAt: 2 });
    });
  });
});
