import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { AdrefClient, auth, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';
const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  404: 'Not Found',
};

// Every refusal is {statusCode, error, message, details?}, names what is wrong, and changes nothing.
describe('k. bad input', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let thai: User;
  let drafting: string; // in drafting: SUBMIT_TO_SOM would be accepted
  let ready: string; // approved in principle: OPEN_AD_REFERENDUM would be accepted
  let open: string; // in ad_referendum: THA may answer
  let hash: string;

  const counts = async () => {
    const [row] = await t.dataSource.query(`SELECT
      (SELECT count(*)::int FROM principals) AS principals,
      (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys`);
    return { ...(await client.counts()), ...row };
  };
  const fieldsOf = (body: any): string[] =>
    body.details?.fields?.map((f: { field: string }) => f.field) ?? [body.details?.field];

  /** Sends a request that must be refused with `status`, naming `field` if given, changing nothing. */
  const expectRefused = async (
    send: () => PromiseLike<Response>,
    status: number,
    field?: string,
  ): Promise<Response> => {
    const before = await counts();
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({
      statusCode: status,
      error: REASON[status],
      message: expect.any(String),
    });
    expect(
      Object.keys(response.body).filter(
        (k) => !['statusCode', 'error', 'message', 'code', 'details'].includes(k),
      ),
    ).toEqual([]);
    if (field) {
      expect(response.body.message).toContain(field);
      expect(fieldsOf(response.body)).toContain(field);
    }
    expect(await counts()).toEqual(before);
    return response;
  };
  const raw = (user: User, path: string, text: string) =>
    t.http.post(`${API}${path}`).set(auth(user)).set('Content-Type', 'application/json').send(text);

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    thai = await client.user('focal_point', 'THA');
    const created = await client.createStatement(cambodia, {
      framework: 'ACCSM',
      title: 'ASEAN Statement in drafting',
      body: 'Draft',
    });
    drafting = created.body.id;
    const second = await client.createStatement(cambodia, {
      framework: 'ACCSM',
      title: 'ASEAN Statement approved in principle',
      body: 'Final text',
    });
    ready = second.body.id;
    await client.expectEvent(cambodia, ready, { type: 'SUBMIT_TO_SOM' });
    await client.expectEvent(cambodia, ready, { type: 'APPROVE_IN_PRINCIPLE' });
    const opened = await client.openRound(cambodia, { deadline: '2026-04-30T17:00:00+07:00' });
    open = opened.id;
    hash = opened.currentVersion.hash;
  });
  afterAll(() => t.close());

  describe('malformed JSON → 400', () => {
    it.each([
      ['POST /statements', () => '/statements'],
      ['POST /statements/:id/events', () => `/statements/${drafting}/events`],
      ['POST /statements/:id/positions', () => `/statements/${open}/positions`],
    ])('%s', async (_route, path) => {
      const response = await expectRefused(() => raw(cambodia, path(), '{"type": "SUB'), 400);
      expect(response.body.message).toMatch(/JSON/);
    });
  });

  describe('unknown fields → 400 naming the field', () => {
    it('an event with an extra field', async () => {
      const response = await expectRefused(
        () => client.event(cambodia, drafting, { type: 'SUBMIT_TO_SOM', foo: 1 }),
        400,
        'foo',
      );
      expect(response.body.details.fields).toEqual([
        { field: 'foo', problems: ['property foo should not exist'] },
      ]);
    });

    it('an event with a field of another event type (deadline on SUBMIT_TO_SOM)', () =>
      expectRefused(
        () =>
          client.event(cambodia, drafting, {
            type: 'SUBMIT_TO_SOM',
            deadline: '2026-04-30T17:00:00+07:00',
          }),
        400,
        'deadline',
      ));

    it('POST /statements with an extra field', () =>
      expectRefused(
        () =>
          client.createStatement(cambodia, {
            framework: 'ACCSM',
            title: 'ASEAN Statement',
            body: 'Text',
            priority: 'high',
          }),
        400,
        'priority',
      ));

    it('a position with an extra field', () =>
      expectRefused(
        () =>
          client.position(thai, open, {
            member: 'THA',
            position: 'endorse',
            versionHash: hash,
            comment: 'fine',
          }),
        400,
        'comment',
      ));
  });

  describe('wrong enum values → 400 naming the field', () => {
    it("silenceRule 'maybe'", () =>
      expectRefused(
        () =>
          client.event(cambodia, ready, {
            type: 'OPEN_AD_REFERENDUM',
            deadline: '2026-04-30T17:00:00+07:00',
            silenceRule: 'maybe',
          }),
        400,
        'silenceRule',
      ));

    it("position 'perhaps'", () =>
      expectRefused(
        () =>
          client.position(thai, open, { member: 'THA', position: 'perhaps', versionHash: hash }),
        400,
        'position',
      ));

    it("role 'king'", () =>
      expectRefused(
        () =>
          t.http
            .post(`${API}/users`)
            .set(auth(client.admin))
            .send({ name: 'Rex', email: 'rex@example.org', role: 'king' }),
        400,
        'role',
      ));
  });

  it('an unknown event type → 400 naming type', async () => {
    const response = await expectRefused(
      () => client.event(cambodia, drafting, { type: 'ADOPT_BY_ACCLAMATION' }),
      400,
      'type',
    );
    expect(response.body.details.fields[0].problems[0]).toContain('ADOPT_BY_ACCLAMATION');
  });

  describe('missing required fields → 400 naming the field', () => {
    it('an event without type', () =>
      expectRefused(() => client.event(cambodia, drafting, {}), 400, 'type'));

    it('WITHDRAW without reason', () =>
      expectRefused(() => client.event(cambodia, drafting, { type: 'WITHDRAW' }), 400, 'reason'));

    it('OPEN_AD_REFERENDUM without deadline', () =>
      expectRefused(
        () =>
          client.event(cambodia, ready, { type: 'OPEN_AD_REFERENDUM', silenceRule: 'explicit' }),
        400,
        'deadline',
      ));

    it('POST /statements without title', () =>
      expectRefused(
        () => client.createStatement(cambodia, { framework: 'ACCSM', body: 'Text' }),
        400,
        'title',
      ));

    it('a position without versionHash', () =>
      expectRefused(
        () => client.position(thai, open, { member: 'THA', position: 'endorse' }),
        400,
        'versionHash',
      ));
  });

  describe('date-times → 400 naming the field', () => {
    it('a deadline without time zone', () =>
      expectRefused(
        () =>
          client.event(cambodia, ready, {
            type: 'OPEN_AD_REFERENDUM',
            deadline: '2026-04-30T17:00:00',
            silenceRule: 'explicit',
          }),
        400,
        'deadline',
      ));

    it('an impossible deadline (30 February) is refused, not rolled over to March', () =>
      expectRefused(
        () =>
          client.event(cambodia, ready, {
            type: 'OPEN_AD_REFERENDUM',
            deadline: '2027-02-30T17:00:00+07:00',
            silenceRule: 'explicit',
          }),
        400,
        'deadline',
      ));

    it('an impossible at (month 13) is a 400, not a server error', () =>
      expectRefused(
        () =>
          client.event(cambodia, drafting, { type: 'SUBMIT_TO_SOM', at: '2026-13-01T00:00:00Z' }),
        400,
        'at',
      ));
  });

  describe('ids', () => {
    it('a non-UUID id → 400', async () => {
      await expectRefused(() => client.statement(cambodia, 'not-a-uuid'), 400);
      const response = await expectRefused(
        () => client.event(cambodia, '42', { type: 'SUBMIT_TO_SOM' }),
        400,
      );
      expect(response.body.message).toContain('UUID');
    });

    it('an unknown statement (random UUID) → 404', async () => {
      const unknown = randomUUID();
      const read = await expectRefused(() => client.statement(cambodia, unknown), 404);
      expect(read.body.message).toContain(unknown);
      await expectRefused(() => client.event(cambodia, unknown, { type: 'SUBMIT_TO_SOM' }), 404);
      await expectRefused(
        () =>
          client.position(thai, unknown, { member: 'THA', position: 'endorse', versionHash: hash }),
        404,
      );
      await expectRefused(() => client.history(cambodia, unknown), 404);
    });
  });

  it('an unknown framework on create → 400 naming framework', async () => {
    const response = await expectRefused(
      () => client.createStatement(cambodia, { framework: 'ACCSM+9', title: 'T', body: 'B' }),
      400,
      'framework',
    );
    expect(response.body.details).toEqual({ field: 'framework' });
  });

  describe('authentication', () => {
    const nobody: User = { id: 'nobody', token: 'not-a-real-token', role: 'admin' };

    it('no token → 401', async () => {
      await expectRefused(() => t.http.get(`${API}/statements`), 401);
      await expectRefused(
        () => t.http.post(`${API}/statements/${drafting}/events`).send({ type: 'SUBMIT_TO_SOM' }),
        401,
      );
    });

    it('a bad token → 401', async () => {
      const response = await expectRefused(() => client.get(nobody, '/statements'), 401);
      expect(response.body.message).toBe('The bearer token is not valid');
      await expectRefused(() => client.event(nobody, drafting, { type: 'SUBMIT_TO_SOM' }), 401);
    });
  });

  it('the same requests, well formed, are accepted (the refusals were about the input)', async () => {
    const submitted = await client.event(cambodia, drafting, { type: 'SUBMIT_TO_SOM' });
    expect(submitted.status).toBe(200);
    const opened = await client.event(cambodia, ready, {
      type: 'OPEN_AD_REFERENDUM',
      deadline: '2026-04-30T17:00:00+07:00',
      silenceRule: 'explicit',
    });
    expect(opened.status).toBe(200);
    const answered = await client.position(thai, open, {
      member: 'THA',
      position: 'endorse',
      versionHash: hash,
    });
    expect(answered.status).toBe(201);
  });
});
