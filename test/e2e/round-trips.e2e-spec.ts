import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';
import { testDatabaseKind } from '../support/test-database';

// What recording a position costs the database, counted at the driver: every statement the
// app sends, transaction control included (issue 11: at most 5 round trips, auth included).
describe(`round trips per request on ${testDatabaseKind()}`, () => {
  let t: TestApp;
  let client: AdrefClient;
  let chair: User;
  let focal: Record<string, User>;
  let sent: string[] = [];

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(['THA', 'MYS']);
    const logger = t.dataSource.logger;
    const logQuery = logger.logQuery.bind(logger);
    logger.logQuery = (query, parameters, runner) => {
      sent.push(query.replace(/\s+/g, ' ').trim());
      logQuery(query, parameters, runner);
    };
  });
  afterAll(() => t.close());

  /** The statements the app sends while `request` runs. */
  async function counted(request: () => Promise<unknown>): Promise<string[]> {
    sent = [];
    await request();
    return sent;
  }

  it('a focal point records a position in 5 round trips, and a changed position too', async () => {
    const opened = await client.openRound(chair, { deadline: '2026-04-01T17:00:00+07:00' });
    const record = (position: string) =>
      client.expectPosition(focal.THA, opened.id, {
        member: 'THA',
        position,
        versionHash: opened.currentVersion.hash,
      });

    const first = await counted(() => record('clearance_pending'));
    const changed = await counted(() => record('endorse'));

    for (const queries of [first, changed]) {
      expect(queries).toHaveLength(5);
      expect(queries[1]).toMatch(/^(START TRANSACTION|BEGIN)/);
      expect(queries[2]).toMatch(/FOR UPDATE|FOR NO KEY UPDATE/);
      expect(queries[3]).toMatch(/^WITH moved AS \(UPDATE statements/);
      expect(queries[3]).toContain('INSERT INTO positions');
      expect(queries[4]).toBe('COMMIT');
    }
    // The history still has both positions, the second superseding the first.
    const positions = await client.get(focal.THA, `/statements/${opened.id}/positions`);
    expect(
      positions.body.rounds[0].positions.map((p: { position: string; current: boolean }) => [
        p.position,
        p.current,
      ]),
    ).toEqual([
      ['clearance_pending', false],
      ['endorse', true],
    ]);
  });
});
