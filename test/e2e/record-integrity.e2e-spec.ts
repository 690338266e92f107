import { createPublicKey, verify } from 'node:crypto';
import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';
import { TimersService } from '../../src/timers/timers.service';

// A record of adoption must not be fabricated: no deadline in the past, events adref raises
// dated when they were due, an audit trail the database refuses to change, signed events.
describe('record integrity: dating, append-only tables, signatures', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let focal: Record<string, User>;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(['THA', 'MYS']);
  });
  afterAll(() => t.close());

  const approvedStatement = async (): Promise<string> => {
    const created = await client.createStatement(cambodia, {
      framework: 'ACCSM',
      title: 'ASEAN Statement on Records That Hold',
      body: 'The Heads of Civil Service resolve to keep faithful records.',
    });
    expect(created.status).toBe(201);
    await client.expectEvent(cambodia, created.body.id, { type: 'SUBMIT_TO_SOM' });
    await client.expectEvent(cambodia, created.body.id, { type: 'APPROVE_IN_PRINCIPLE' });
    return created.body.id;
  };

  it('a round whose deadline is not in the future is refused, even when the opening is dated earlier', async () => {
    t.clock.set('2026-02-26T02:00:00Z');
    const id = await approvedStatement();
    t.clock.set('2026-03-02T02:00:00Z');
    const before = await client.counts();
    for (const deadline of ['2026-03-01T10:00:00Z', '2026-03-02T02:00:00Z']) {
      const response = await client.event(cambodia, id, {
        type: 'OPEN_AD_REFERENDUM',
        at: '2026-02-27T02:00:00Z',
        deadline,
        silenceRule: 'silence_is_consent',
      });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('deadline_not_in_future');
      expect(response.body.details).toEqual({ field: 'deadline' });
    }
    expect(await client.counts()).toEqual(before);
    const timers = await t.dataSource.query(`SELECT count(*)::int AS n FROM timers`);
    expect(timers[0].n).toBe(0);
  });

  it('an extension to a time already past is refused', async () => {
    const opened = await client.openRound(cambodia, { deadline: '2026-03-05T10:00:00Z' });
    t.clock.set('2026-03-06T02:00:00Z');
    await t.app.get(TimersService).fireDue();
    const before = await client.counts();
    const response = await client.event(cambodia, opened.id, {
      type: 'EXTEND_DEADLINE',
      deadline: '2026-03-05T23:00:00Z',
    });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('deadline_not_in_future');
    expect(await client.counts()).toEqual(before);
    t.clock.set('2026-03-02T02:00:00Z');
  });

  it('a deadline fired late carries the time it was due, and the time it was recorded', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const opened = await client.openRound(cambodia, {
      deadline: '2026-03-10T10:00:00Z',
      silenceRule: 'silence_is_consent',
    });
    // Every instance was down for three days past the deadline.
    t.clock.set('2026-03-13T08:30:00Z');
    await t.app.get(TimersService).fireDue();
    const events = (await client.history(cambodia, opened.id)).body.events;
    const passed = events.find((event: { type: string }) => event.type === 'DEADLINE_PASSED');
    expect(passed).toMatchObject({
      at: '2026-03-10T10:00:00.000Z',
      recordedAt: '2026-03-13T08:30:00.000Z',
      actorLabel: 'adref (scheduled)',
    });
    const reminders = events.filter((event: { type: string }) => event.type === 'REMINDER_DUE');
    expect(reminders).toEqual([]);
    const statement = await client.statement(cambodia, opened.id);
    expect(statement.body.adoption).toMatchObject({
      basis: 'silence',
      date: '2026-03-10T10:00:00.000Z',
    });
    t.clock.set('2026-03-02T02:00:00Z');
  });

  it.each([
    ['UPDATE', `UPDATE audit_events SET actor_label = 'someone else'`],
    ['DELETE', `DELETE FROM audit_events WHERE seq = (SELECT max(seq) FROM audit_events)`],
    ['TRUNCATE', `TRUNCATE audit_events`],
    ['UPDATE', `UPDATE positions SET position = 'endorse'`],
    ['DELETE', `DELETE FROM positions`],
    ['TRUNCATE', `TRUNCATE positions CASCADE`],
    ['UPDATE', `UPDATE text_versions SET body = 'a forged text'`],
    ['DELETE', `DELETE FROM text_versions`],
    ['UPDATE', `UPDATE signing_keys SET public_key_pem = 'forged'`],
  ])('the database refuses %s: %s', async (operation, sql) => {
    const opened = await client.openRound(cambodia, { deadline: '2026-04-01T10:00:00Z' });
    await client.expectPosition(focal.MYS, opened.id, {
      member: 'MYS',
      position: 'object',
      versionHash: opened.currentVersion.hash,
      text: 'Malaysia objects to paragraph 2.',
    });
    const before = await client.counts();
    await expect(t.dataSource.query(sql)).rejects.toThrow(`is append-only: ${operation} refused`);
    expect(await client.counts()).toEqual(before);
  });

  it('an unsigned event slipped in by INSERT is refused, so it can never be signed later', async () => {
    const before = await client.counts();
    const insert = t.dataSource.query(
      `INSERT INTO audit_events (statement_id, seq, type, actor_id, actor_label, at, recorded_at,
                                 text_hash, state_from, state_to, payload, prev_hash, hash)
       SELECT statement_id, seq + 1000, type, actor_id, actor_label, at, recorded_at,
              text_hash, state_from, state_to, payload, hash, hash
         FROM audit_events ORDER BY recorded_at DESC LIMIT 1`,
    );
    await expect(insert).rejects.toThrow('CHK_audit_events_signed');
    expect(await client.counts()).toEqual(before);
  });

  it('every audit event is signed, and the signature verifies with the published key using node:crypto alone', async () => {
    const keys = await client.get(cambodia, '/keys');
    expect(keys.status).toBe(200);
    // Public: anyone may verify.
    const anonymous = await t.http.get('/api/v1/keys');
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toEqual(keys.body);
    expect(keys.body).toHaveLength(1);
    expect(keys.body[0]).toMatchObject({ algorithm: 'Ed25519' });
    const publicKey = createPublicKey(keys.body[0].publicKeyPem);

    const events = await t.dataSource.query(
      `SELECT seq, hash, key_id AS "keyId", signature FROM audit_events ORDER BY statement_id, seq`,
    );
    expect(events.length).toBeGreaterThan(20);
    for (const event of events) {
      expect(event.keyId).toBe(keys.body[0].keyId);
      const valid = verify(
        null,
        Buffer.from(event.hash, 'utf8'),
        publicKey,
        Buffer.from(event.signature, 'base64'),
      );
      expect(valid).toBe(true);
    }
    // A changed hash does not verify: the check above can fail.
    const [first] = events;
    const tampered = `${first.hash.slice(0, -1)}${first.hash.endsWith('0') ? '1' : '0'}`;
    expect(
      verify(
        null,
        Buffer.from(tampered, 'utf8'),
        publicKey,
        Buffer.from(first.signature, 'base64'),
      ),
    ).toBe(false);
  });
});
