import { AdrefClient, ASEAN_MEMBERS_2026, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const DEADLINE = '2026-04-01T17:00:00+07:00';

describe('c. objection, withdrawal and reservation', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let focal: Record<string, User>;

  const endorse = (member: string, id: string, versionHash: string) =>
    client.expectPosition(focal[member], id, { member, position: 'endorse', versionHash });

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(ASEAN_MEMBERS_2026);
  });
  afterAll(() => t.close());

  it('an objection blocks; the objector withdraws it by endorsing; the rest endorse and it is adopted', async () => {
    const opened = await client.openRound(cambodia, { deadline: DEADLINE });
    const { id } = opened;
    const hash: string = opened.currentVersion.hash;
    const electorate: string[] = opened.round.electorate;

    const objected = await client.expectPosition(focal.THA, id, {
      member: 'THA',
      position: 'object',
      versionHash: hash,
      text: 'Paragraph 3 commits budgets Thailand has not approved.',
    });
    expect(objected).toMatchObject({ state: 'ad_referendum', roundState: 'blocked' });
    expect(objected.round.objectors).toEqual(['THA']);
    expect(objected.round.tally).toMatchObject({ object: 1, endorsed: 0 });

    const others = electorate.filter((m) => m !== 'THA');
    // Endorsements while the objection stands leave the round blocked.
    for (const member of others.slice(0, 3)) {
      const after = await endorse(member, id, hash);
      expect(after.roundState).toBe('blocked');
    }

    const withdrawn = await endorse('THA', id, hash);
    expect(withdrawn).toMatchObject({ state: 'ad_referendum', roundState: 'collecting' });
    expect(withdrawn.round.objectors).toEqual([]);
    expect(withdrawn.round.positions.find((p: any) => p.member === 'THA')).toMatchObject({
      position: 'endorse',
      onBehalf: false,
    });

    let last: Record<string, any> = withdrawn;
    for (const member of others.slice(3)) last = await endorse(member, id, hash);
    expect(last.state).toBe('adopted');
    expect(last.adoption).toMatchObject({ basis: 'consensus', versionHash: hash, roundNumber: 1 });
    expect(last.round).toMatchObject({ open: false, outcome: 'adopted' });
    expect(last.round.tally).toMatchObject({ endorsed: 11, object: 0 });

    // The withdrawn objection stays on record as it was; the endorsement names it as superseded.
    const thai = await t.dataSource.query(
      `SELECT id, position, supersedes_id FROM positions
       WHERE statement_id = $1 AND member_code = 'THA' ORDER BY recorded_at`,
      [id],
    );
    expect(thai.map((row: any) => row.position)).toEqual(['object', 'endorse']);
    expect(thai[0].supersedes_id).toBeNull();
    expect(thai[1].supersedes_id).toBe(thai[0].id);
  });

  it('an objection without reasons is refused (400) and stores nothing', async () => {
    const opened = await client.openRound(cambodia, { deadline: DEADLINE });
    const before = await client.counts();
    const refused = await client.position(focal.THA, opened.id, {
      member: 'THA',
      position: 'object',
      versionHash: opened.currentVersion.hash,
    });
    expect(refused.status).toBe(400);
    expect(await client.counts()).toEqual(before);
  });

  it('an endorsement with a reservation counts as an endorsement and keeps its text', async () => {
    const opened = await client.openRound(cambodia, { deadline: DEADLINE });
    const { id } = opened;
    const hash: string = opened.currentVersion.hash;
    const reservation = 'Singapore reads paragraph 5 as subject to its national legislation.';

    const reserved = await client.expectPosition(focal.SGP, id, {
      member: 'SGP',
      position: 'endorse_with_reservation',
      versionHash: hash,
      text: reservation,
    });
    expect(reserved.roundState).toBe('collecting');
    expect(reserved.round.tally).toMatchObject({ endorse_with_reservation: 1, endorsed: 1 });
    expect(reserved.round.outstanding).not.toContain('SGP');

    let last: Record<string, any> = reserved;
    for (const member of opened.round.electorate.filter((m: string) => m !== 'SGP'))
      last = await endorse(member, id, hash);
    expect(last.state).toBe('adopted');
    expect(last.adoption.basis).toBe('consensus');
    expect(last.round.tally).toMatchObject({
      endorsed: 11,
      endorse: 10,
      endorse_with_reservation: 1,
    });
    expect(last.round.positions.find((p: any) => p.member === 'SGP')).toMatchObject({
      position: 'endorse_with_reservation',
      text: reservation,
      versionHash: hash,
    });
  });
});
