import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

// A write repeated with the same Idempotency-Key returns the first answer and changes nothing;
// a stale If-Match is refused before anything changes.
describe('j. Idempotency-Key and If-Match', () => {
  let t: TestApp;
  let client: AdrefClient;

  interface Round {
    cambodia: User;
    focal: Record<string, User>;
    id: string;
    hash: string;
  }

  /**
   * A round open on a statement of its own, three days before the members answer. Its chair and
   * focal points are new too: an Idempotency-Key belongs to the user who sent it, so no test
   * meets a key another test used.
   */
  const openRound = async (): Promise<Round> => {
    const cambodia = await client.user('chair_secretariat', 'KHM');
    const focal = await client.focalPoints(['THA', 'MYS', 'SGP']);
    const opened = await client.openRound(cambodia, {
      deadline: '2026-04-30T17:00:00+07:00',
      title: 'ASEAN Statement answered over a flaky network',
    });
    t.clock.set('2026-03-05T03:00:00Z');
    return { cambodia, focal, id: opened.id, hash: opened.currentVersion.hash };
  };

  const historyLength = async ({ cambodia, id }: Round): Promise<number> =>
    (await client.history(cambodia, id)).body.events.length;
  const positionRows = async ({ id }: Round, member: string): Promise<number> => {
    const [row] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM positions WHERE statement_id = $1 AND member_code = $2',
      [id, member],
    );
    return row.n;
  };

  // One app for the suite: each test reads only its own statement and users, and compares the
  // database-wide counts only before and after its own requests.
  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
  });
  afterAll(() => t.close());

  describe('POST /positions', () => {
    const key = { 'Idempotency-Key': 'tha-position-2026-03-05' };
    const body = ({ hash }: Round) => ({ member: 'THA', position: 'endorse', versionHash: hash });

    it('a replay with the same key and body returns the same status and body, marked replayed, and adds no audit event', async () => {
      t.clock.set('2026-03-02T02:00:00Z');
      const round = await openRound();
      const { focal, id } = round;
      const first = await client.position(focal.THA, id, body(round), key);
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const events = await historyLength(round);
      const counts = await client.counts();

      t.clock.set('2026-03-05T04:00:00Z');
      const repeat = await client.position(focal.THA, id, body(round), key);
      expect(repeat.status).toBe(201);
      expect(repeat.headers['idempotent-replayed']).toBe('true');
      expect(repeat.body).toEqual(first.body);
      expect(await historyLength(round)).toBe(events);
      expect(await client.counts()).toEqual(counts);
      expect(await positionRows(round, 'THA')).toBe(1);
    });

    it('the same key with a different body is refused with 422', async () => {
      t.clock.set('2026-03-02T02:00:00Z');
      const round = await openRound();
      const { cambodia, focal, id } = round;
      // The key's first use: Thailand endorses.
      expect((await client.position(focal.THA, id, body(round), key)).status).toBe(201);
      const counts = await client.counts();
      const response = await client.position(
        focal.THA,
        id,
        { ...body(round), position: 'clearance_pending' },
        key,
      );
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ statusCode: 422, code: 'idempotency_key_reused' });
      expect(await client.counts()).toEqual(counts);
      const statement = (await client.statement(cambodia, id)).body;
      expect(statement.round.positions.find((p: any) => p.member === 'THA').position).toBe(
        'endorse',
      );
    });

    it('parallel duplicates with the same key have one effect', async () => {
      t.clock.set('2026-03-02T02:00:00Z');
      const round = await openRound();
      const { focal, id, hash } = round;
      const events = await historyLength(round);
      const headers = { 'Idempotency-Key': 'mys-position-parallel' };
      const responses = await Promise.all(
        [1, 2, 3].map(() =>
          client.position(
            focal.MYS,
            id,
            { member: 'MYS', position: 'endorse', versionHash: hash },
            headers,
          ),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201]);
      const replayed = responses.filter((r) => r.headers['idempotent-replayed'] === 'true');
      expect(replayed).toHaveLength(2);
      for (const response of responses) expect(response.body).toEqual(responses[0].body);
      expect(await historyLength(round)).toBe(events + 1);
      expect(await positionRows(round, 'MYS')).toBe(1);
    });
  });

  describe('POST /events', () => {
    const key = { 'Idempotency-Key': 'extend-to-may' };
    const extend = { type: 'EXTEND_DEADLINE', deadline: '2026-05-15T17:00:00+07:00' };

    it('a replay with the same key and body returns the same status and body, marked replayed, and adds no audit event', async () => {
      t.clock.set('2026-03-02T02:00:00Z');
      const round = await openRound();
      const { cambodia, id } = round;
      const first = await client.event(cambodia, id, extend, key);
      expect(first.status).toBe(200);
      expect(first.body.round.deadline).toBe('2026-05-15T10:00:00.000Z');
      const events = await historyLength(round);
      const counts = await client.counts();

      const repeat = await client.event(cambodia, id, extend, key);
      expect(repeat.status).toBe(200);
      expect(repeat.headers['idempotent-replayed']).toBe('true');
      expect(repeat.body).toEqual(first.body);
      expect(await historyLength(round)).toBe(events);
      expect(await client.counts()).toEqual(counts);
    });

    it('the same key with a different body is refused with 422', async () => {
      t.clock.set('2026-03-02T02:00:00Z');
      const { cambodia, id } = await openRound();
      // The key's first use: the deadline moves to May.
      expect((await client.event(cambodia, id, extend, key)).status).toBe(200);
      const counts = await client.counts();
      const response = await client.event(
        cambodia,
        id,
        { ...extend, deadline: '2026-05-31T17:00:00+07:00' },
        key,
      );
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('idempotency_key_reused');
      expect(await client.counts()).toEqual(counts);
      expect((await client.statement(cambodia, id)).body.round.deadline).toBe(
        '2026-05-15T10:00:00.000Z',
      );
    });

    it('parallel duplicates with the same key have one effect', async () => {
      t.clock.set('2026-03-02T02:00:00Z');
      const round = await openRound();
      const { cambodia, id } = round;
      await client.expectEvent(cambodia, id, extend); // to May first, so that June is a second
      const events = await historyLength(round);
      const headers = { 'Idempotency-Key': 'extend-to-june' };
      const body = { type: 'EXTEND_DEADLINE', deadline: '2026-06-15T17:00:00+07:00' };
      const responses = await Promise.all(
        [1, 2].map(() => client.event(cambodia, id, body, headers)),
      );
      expect(responses.map((r) => r.status)).toEqual([200, 200]);
      expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(1);
      expect(await historyLength(round)).toBe(events + 1);
      const [outbox] = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE statement_id = $1 AND kind = 'deadline_extended'`,
        [id],
      );
      expect(outbox.n).toBe(2); // May, then June: one each
    });
  });

  describe('If-Match', () => {
    it('a stale If-Match (lockVersion - 1) is refused with 409 and nothing changes', async () => {
      t.clock.set('2026-03-02T02:00:00Z');
      const { cambodia, focal, id, hash } = await openRound();
      const before = (await client.statement(cambodia, id)).body;
      const counts = await client.counts();
      const response = await client.position(
        focal.SGP,
        id,
        { member: 'SGP', position: 'endorse', versionHash: hash },
        { 'If-Match': String(before.lockVersion - 1) },
      );
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({
        statusCode: 409,
        error: 'Conflict',
        code: 'stale_lock_version',
        details: { lockVersion: before.lockVersion },
      });
      expect(await client.counts()).toEqual(counts);
      const after = (await client.statement(cambodia, id)).body;
      expect(after.lockVersion).toBe(before.lockVersion);
      expect(after.round.outstanding).toContain('SGP');
    });

    it('a correct If-Match is accepted', async () => {
      t.clock.set('2026-03-02T02:00:00Z');
      const { cambodia, id } = await openRound();
      const before = (await client.statement(cambodia, id)).body;
      const response = await client.event(
        cambodia,
        id,
        { type: 'EXTEND_DEADLINE', deadline: '2026-06-30T17:00:00+07:00' },
        { 'If-Match': `"${before.lockVersion}"` },
      );
      expect(response.status).toBe(200);
      expect(response.body.lockVersion).toBe(before.lockVersion + 1);
    });
  });
});
