import { createHash } from 'node:crypto';
import { AdrefClient, ASEAN_MEMBERS_2026, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const DEADLINE = '2026-04-01T17:00:00+07:00';
const FIRST_TEXT =
  'The Heads of Civil Service resolve to cooperate.\nEach member funds a centre.\n';
const REVISED_TEXT =
  'The Heads of Civil Service resolve to cooperate.\nEach member may, within its means, support a centre.\n';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

// A new text version needs fresh positions: positions are bound to the exact text (DESIGN.md §1).
describe('d. revision after an objection and re-circulation', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let focal: Record<string, User>;

  const open = (id: string) =>
    client.expectEvent(cambodia, id, {
      type: 'OPEN_AD_REFERENDUM',
      deadline: DEADLINE,
      silenceRule: 'explicit',
    });

  const objectAsThailand = (id: string, versionHash: string) =>
    client.expectPosition(focal.THA, id, {
      member: 'THA',
      position: 'object',
      versionHash,
      text: 'Thailand cannot commit to funding a centre.',
    });

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(ASEAN_MEMBERS_2026);
  });
  afterAll(() => t.close());

  it('REVISE with a body makes version 2, closes round 1 as revised; round 2 needs fresh positions on the new hash', async () => {
    const opened = await client.openRound(cambodia, { deadline: DEADLINE, body: FIRST_TEXT });
    const { id } = opened;
    const oldHash: string = opened.currentVersion.hash;
    expect(oldHash).toBe(sha256(FIRST_TEXT));
    await client.expectPosition(focal.MYS, id, {
      member: 'MYS',
      position: 'endorse',
      versionHash: oldHash,
    });
    await objectAsThailand(id, oldHash);

    const revised = await client.expectEvent(cambodia, id, {
      type: 'REVISE',
      body: REVISED_TEXT,
      note: 'Funding made voluntary after the Thai objection',
    });
    const newHash = sha256(REVISED_TEXT);
    expect(revised.state).toBe('approved_in_principle');
    expect(revised.roundState).toBeNull();
    expect(revised.currentVersion).toEqual({ number: 2, hash: newHash });
    expect(newHash).not.toBe(oldHash);
    expect(revised.round).toMatchObject({ number: 1, open: false, outcome: 'revised' });
    expect(revised.round.version.hash).toBe(oldHash);

    const versions = await client.get(cambodia, `/statements/${id}/versions`);
    expect(versions.status).toBe(200);
    expect(versions.body.map((v: any) => [v.number, v.hash])).toEqual([
      [1, oldHash],
      [2, newHash],
    ]);
    const diff = await client.get(cambodia, `/statements/${id}/versions/1/diff/2`);
    expect(diff.status).toBe(200);
    expect(diff.body.from).toEqual({ number: 1, hash: oldHash });
    expect(diff.body.to).toEqual({ number: 2, hash: newHash });
    expect(diff.body.changes).toEqual(
      expect.arrayContaining([
        { type: 'removed', value: 'Each member funds a centre.\n' },
        { type: 'added', value: 'Each member may, within its means, support a centre.\n' },
      ]),
    );
    expect(diff.body.patch).toContain('+Each member may, within its means, support a centre.');

    // Round 2 circulates version 2; Malaysia's endorsement and Thailand's objection on v1 are gone.
    const reopened = await open(id);
    expect(reopened.state).toBe('ad_referendum');
    expect(reopened.roundState).toBe('collecting');
    expect(reopened.round).toMatchObject({ number: 2, open: true, positions: [], objectors: [] });
    expect(reopened.round.version).toEqual({ number: 2, hash: newHash });
    expect(reopened.round.outstanding).toEqual(reopened.round.electorate);
    expect(reopened.round.outstanding).toHaveLength(11);

    const before = await client.counts();
    const stale = await client.position(focal.MYS, id, {
      member: 'MYS',
      position: 'endorse',
      versionHash: oldHash,
    });
    expect(stale.status).toBe(409);
    expect(await client.counts()).toEqual(before);

    let last: Record<string, any> = reopened;
    for (const member of reopened.round.electorate as string[])
      last = await client.expectPosition(focal[member], id, {
        member,
        position: 'endorse',
        versionHash: newHash,
      });
    expect(last.state).toBe('adopted');
    expect(last.adoption).toMatchObject({
      basis: 'consensus',
      versionHash: newHash,
      roundNumber: 2,
    });

    const rounds = await t.dataSource.query(
      'SELECT number, version_number, outcome FROM rounds WHERE statement_id = $1 ORDER BY number',
      [id],
    );
    expect(rounds).toEqual([
      { number: 1, version_number: 1, outcome: 'revised' },
      { number: 2, version_number: 2, outcome: 'adopted' },
    ]);
  });

  it('REVISE without a body, then PUT /text, then a new round on version 2', async () => {
    const opened = await client.openRound(cambodia, { deadline: DEADLINE, body: FIRST_TEXT });
    const { id } = opened;
    await objectAsThailand(id, opened.currentVersion.hash);

    const revised = await client.expectEvent(cambodia, id, { type: 'REVISE' });
    expect(revised.state).toBe('approved_in_principle');
    expect(revised.currentVersion).toEqual(opened.currentVersion);
    expect(revised.round.outcome).toBe('revised');
    expect(revised.allowedEvents).toContain('EDIT_TEXT');

    const edited = await client.text(cambodia, id, {
      body: REVISED_TEXT,
      note: 'Funding made voluntary',
    });
    expect(edited.status).toBe(200);
    expect(edited.body.state).toBe('approved_in_principle');
    expect(edited.body.currentVersion).toEqual({ number: 2, hash: sha256(REVISED_TEXT) });

    const reopened = await open(id);
    expect(reopened.round).toMatchObject({ number: 2, positions: [], objectors: [] });
    expect(reopened.round.version).toEqual({ number: 2, hash: sha256(REVISED_TEXT) });
    expect(reopened.round.outstanding).toHaveLength(11);
    const thai = await client.expectPosition(focal.THA, id, {
      member: 'THA',
      position: 'endorse',
      versionHash: sha256(REVISED_TEXT),
    });
    expect(thai.roundState).toBe('collecting');
    expect(thai.round.tally).toMatchObject({ endorsed: 1, object: 0 });
  });
});
