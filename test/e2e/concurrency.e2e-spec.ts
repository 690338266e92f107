import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const ASEAN_2026 = ['BRN', 'IDN', 'KHM', 'LAO', 'MMR', 'MYS', 'PHL', 'SGP', 'THA', 'TLS', 'VNM'];

// Changes to one statement are serialized (row lock + lockVersion): parallel writers neither
// lose an answer nor adopt twice.
describe('i. concurrency', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;

  const sql = (query: string, parameters: unknown[]) => t.dataSource.query(query, parameters);

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
  });
  afterAll(() => t.close());

  describe('every elector posts at the same moment', () => {
    let id: string;
    let responses: { status: number; body: Record<string, any> }[];

    beforeAll(async () => {
      const opened = await client.openRound(cambodia, {
        deadline: '2026-04-30T17:00:00+07:00',
        title: 'ASEAN Statement endorsed by all at once',
      });
      expect(opened.round.electorate).toEqual(ASEAN_2026);
      id = opened.id;
      const focal = await client.focalPoints(ASEAN_2026);
      t.clock.set('2026-03-10T04:00:00Z');
      responses = await Promise.all(
        ASEAN_2026.map((member) =>
          client.position(focal[member], id, {
            member,
            position: 'endorse',
            versionHash: opened.currentVersion.hash,
          }),
        ),
      );
    });

    it('every request succeeds with 201', () => {
      expect(responses.map((r) => r.status)).toEqual(ASEAN_2026.map(() => 201));
      // Exactly one of them saw the statement adopted, by the last endorsement.
      expect(responses.filter((r) => r.body.state === 'adopted')).toHaveLength(1);
    });

    it('each position is stored exactly once', async () => {
      const rows: { member_code: string; n: number }[] = await sql(
        `SELECT member_code, count(*)::int AS n FROM positions WHERE statement_id = $1
         GROUP BY member_code ORDER BY member_code`,
        [id],
      );
      expect(rows).toEqual(ASEAN_2026.map((member) => ({ member_code: member, n: 1 })));
    });

    it('there is exactly one RECORD_POSITION audit event per member', async () => {
      const rows: { member: string; n: number }[] = await sql(
        `SELECT payload #>> '{position,member}' AS member, count(*)::int AS n FROM audit_events
         WHERE statement_id = $1 AND type = 'RECORD_POSITION' GROUP BY 1 ORDER BY 1`,
        [id],
      );
      expect(rows).toEqual(ASEAN_2026.map((member) => ({ member, n: 1 })));
    });

    it("there is exactly one 'adopted' state change and one 'adopted' outbox message", async () => {
      const [adopted] = await sql(
        `SELECT count(*)::int AS n FROM audit_events WHERE statement_id = $1 AND state_to = 'adopted'`,
        [id],
      );
      expect(adopted.n).toBe(1);
      const [outbox] = await sql(
        `SELECT count(*)::int AS n FROM outbox_messages WHERE statement_id = $1 AND kind = 'adopted'`,
        [id],
      );
      expect(outbox.n).toBe(1);
    });

    it('the statement reads adopted by consensus of 11, with an unbroken audit chain', async () => {
      const statement = (await client.statement(cambodia, id)).body;
      expect(statement.state).toBe('adopted');
      expect(statement.adoption).toMatchObject({ basis: 'consensus' });
      expect(statement.round.tally).toMatchObject({ endorsed: 11, electorate: 11 });
      expect(statement.round.outstanding).toEqual([]);
      const history = (await client.history(cambodia, id)).body;
      expect(history.chain).toEqual({ valid: true, brokenAt: null });
      expect(history.events.map((e: { seq: number }) => e.seq)).toEqual(
        history.events.map((_: unknown, index: number) => index + 1),
      );
    });
  });

  it('two parallel events with the same If-Match: exactly one 200 and one 409', async () => {
    const created = await client.createStatement(cambodia, {
      framework: 'ACCSM',
      title: 'ASEAN Statement decided twice at once',
      body: 'Draft text',
    });
    const id = created.body.id;
    const submitted = await client.expectEvent(cambodia, id, { type: 'SUBMIT_TO_SOM' });
    const ifMatch = { 'If-Match': String(submitted.lockVersion) };
    const eventsBefore = (await client.history(cambodia, id)).body.events.length;

    // Both are allowed in som_review: only the lock version can refuse one of them.
    const responses = await Promise.all([
      client.event(cambodia, id, { type: 'APPROVE_IN_PRINCIPLE' }, ifMatch),
      client.event(cambodia, id, { type: 'RETURN_FOR_REVISION', note: 'More work' }, ifMatch),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = responses.find((r) => r.status === 200)!;
    const loser = responses.find((r) => r.status === 409)!;
    expect(loser.body).toMatchObject({
      statusCode: 409,
      code: 'stale_lock_version',
      details: { lockVersion: submitted.lockVersion + 1 },
    });
    const after = (await client.statement(cambodia, id)).body;
    expect(after.state).toBe(winner.body.state);
    expect(after.lockVersion).toBe(submitted.lockVersion + 1);
    expect((await client.history(cambodia, id)).body.events).toHaveLength(eventsBefore + 1);
  });
});
