import { readRequest } from '../../src/database/pglite-lease-pool';
import { AdrefClient, auth, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';
import { testDatabaseKind } from '../support/test-database';

// What recording a position costs the database, counted at the driver: every statement the
// app sends, transaction control included (issue 11: at most 5 round trips, auth included).
// A position that settles nothing is one statement, written only if the row is as it was read
// (optimistic); anything more, or an Idempotency-Key, goes the locked way.
describe(`round trips per request on ${testDatabaseKind()}`, () => {
  let t: TestApp;
  let client: AdrefClient;
  let chair: User;
  let focal: Record<string, User>;
  let sent: string[] = [];
  /** For each statement sent, whether it ran as a read request's (see readRequest). */
  let asRead: boolean[] = [];

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(['THA', 'MYS']);
    const logger = t.dataSource.logger;
    const logQuery = logger.logQuery.bind(logger);
    logger.logQuery = (query, parameters, runner) => {
      sent.push(query.replace(/\s+/g, ' ').trim());
      asRead.push(readRequest.getStore() === true);
      logQuery(query, parameters, runner);
    };
  });
  afterAll(() => t.close());

  /** The statements the app sends while `request` runs. */
  async function counted(request: () => Promise<unknown>): Promise<string[]> {
    sent = [];
    asRead = [];
    await request();
    return sent;
  }

  it('a focal point records a position in 3 round trips, and a changed position too', async () => {
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
      expect(queries).toHaveLength(3);
      expect(queries[0]).toMatch(/FROM "?api_tokens"?|api_tokens/);
      expect(queries[1]).toBe('SELECT * FROM statements WHERE id = $1');
      expect(queries[2]).toMatch(/^WITH moved AS \(UPDATE statements/);
      expect(queries[2]).toContain('lock_version = $');
      expect(queries[2]).toContain('INSERT INTO positions');
      expect(queries.join(' ')).not.toMatch(/START TRANSACTION|BEGIN|FOR UPDATE/);
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

  it('with an Idempotency-Key, the position is written under the row lock, in one transaction', async () => {
    const opened = await client.openRound(chair, { deadline: '2026-04-01T17:00:00+07:00' });

    let status = 0;
    const queries = await counted(async () => {
      const response = await client.position(
        focal.THA,
        opened.id,
        { member: 'THA', position: 'endorse', versionHash: opened.currentVersion.hash },
        { 'Idempotency-Key': 'round-trips-1' },
      );
      status = response.status;
    });

    expect(status).toBe(201);
    expect(queries[1]).toMatch(/^(START TRANSACTION|BEGIN)/);
    expect(queries.some((q) => /FROM statements WHERE id = \$1 FOR UPDATE/.test(q))).toBe(true);
    expect(queries.filter((q) => q.startsWith('WITH moved AS'))).toHaveLength(1);
    expect(queries.at(-1)).toBe('COMMIT');
  });

  it('a position sent as a form, with or without its note verbale, goes the locked way', async () => {
    const opened = await client.openRound(chair, { deadline: '2026-04-01T17:00:00+07:00' });
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
    const form = (member: string, file?: Buffer) => {
      const request = t.http
        .post(`/api/v1/statements/${opened.id}/positions`)
        .set(auth(chair))
        .field('member', member)
        .field('position', 'endorse')
        .field('versionHash', opened.currentVersion.hash)
        .field('reference', `Note verbale of ${member}`);
      return file
        ? request.attach('file', file, { filename: 'nv.pdf', contentType: 'application/pdf' })
        : request;
    };
    for (const [member, file] of [
      ['THA', pdf],
      ['MYS', undefined],
    ] as const) {
      let status = 0;
      const queries = await counted(async () => {
        status = (await form(member, file)).status;
      });
      expect([member, status]).toEqual([member, 201]);
      // No optimistic try: the transaction and the row lock come first.
      expect(queries[1]).toMatch(/^(START TRANSACTION|BEGIN)/);
      expect(queries[2]).toMatch(/FROM statements WHERE id = \$1 FOR UPDATE/);
      expect(queries.filter((q) => q.startsWith('WITH moved AS'))).toHaveLength(1);
      expect(queries.some((q) => q.startsWith('INSERT INTO documents'))).toBe(file !== undefined);
      expect(queries.at(-1)).toBe('COMMIT');
    }
  });

  it('the endorsement that adopts is written under the lock; the optimistic try wrote nothing', async () => {
    const opened = await client.openRound(chair, { deadline: '2026-04-01T17:00:00+07:00' });
    const electorate: string[] = opened.round.electorate;
    const everyone = {
      ...focal,
      ...(await client.focalPoints(electorate.filter((m) => !focal[m]))),
    };
    const endorse = (member: string) =>
      client.expectPosition(everyone[member], opened.id, {
        member,
        position: 'endorse',
        versionHash: opened.currentVersion.hash,
      });
    for (const member of electorate.slice(0, -1)) await endorse(member);

    const queries = await counted(() => endorse(electorate.at(-1)!));

    expect(queries[1]).toBe('SELECT * FROM statements WHERE id = $1');
    expect(queries[2]).toMatch(/^(START TRANSACTION|BEGIN)/);
    expect(queries[3]).toMatch(/FOR UPDATE/);
    expect(queries.filter((q) => q.startsWith('WITH moved AS'))).toHaveLength(1);
    const after = await client.get(focal.THA, `/statements/${opened.id}`);
    expect(after.body.state).toBe('adopted');
    const history = await client.get(focal.THA, `/statements/${opened.id}/history`);
    expect(history.body.chain.valid).toBe(true);
  });

  // On PGlite a read request's leases go before queued writes: the mark must reach the driver.
  it('the statements of a GET run as a read request, those of a POST do not', async () => {
    const opened = await client.openRound(chair, { deadline: '2026-04-01T17:00:00+07:00' });

    const read = await counted(() => client.get(focal.THA, `/statements?pendingFor=THA`));
    const readMarks = asRead;
    await counted(() =>
      client.expectPosition(focal.MYS, opened.id, {
        member: 'MYS',
        position: 'endorse',
        versionHash: opened.currentVersion.hash,
      }),
    );

    expect(read.length).toBeGreaterThan(1);
    expect(readMarks).toEqual(read.map(() => true));
    expect(asRead).toEqual(sent.map(() => false));
  });
});
