import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const WLB_TITLE =
  'ASEAN Statement on Strengthening Government Strategies on Mental Health and Well-Being towards Achieving Work-Life Balance (WLB) in the Public Sector';

// The real 2024 case (reference/sources/003): Brunei drafts, the 22nd SOM reviews, the 22nd
// ACCSM approves in principle, and final endorsement is completed by ad referendum.
describe('the 2024 Work-Life Balance statement', () => {
  let t: TestApp;
  let client: AdrefClient;
  let brunei: User;

  beforeAll(async () => {
    t = await createTestApp('2024-08-05T01:00:00Z');
    client = new AdrefClient(t);
    brunei = await client.user('chair_secretariat', 'BRN');
  });
  afterAll(() => t.close());

  it('opens a round of 10 electors on 2024-08-07 and adopts on the 10th endorsement, dated then', async () => {
    const created = await client.createStatement(brunei, {
      framework: 'ACCSM',
      title: WLB_TITLE,
      body: 'Draft text',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await client.expectEvent(brunei, id, { type: 'SUBMIT_TO_SOM' });
    t.clock.set('2024-08-06T03:00:00Z');
    await client.expectEvent(brunei, id, { type: 'APPROVE_IN_PRINCIPLE', meeting: '22nd ACCSM' });
    t.clock.set('2024-08-07T02:00:00Z');
    const opened = await client.expectEvent(brunei, id, {
      type: 'OPEN_AD_REFERENDUM',
      deadline: '2024-09-06T17:00:00+08:00',
      silenceRule: 'explicit',
    });
    expect(opened.state).toBe('ad_referendum');
    expect(opened.round.electorate).toHaveLength(10);
    expect(opened.round.electorate).not.toContain('TLS');

    const electorate: string[] = opened.round.electorate;
    const focal = await client.focalPoints(electorate);
    const hash = opened.currentVersion.hash;
    let last: Record<string, any> = opened;
    for (const [index, member] of electorate.entries()) {
      t.clock.set(new Date(Date.UTC(2024, 7, 10 + index, 4)));
      last = await client.expectPosition(focal[member], id, {
        member,
        position: 'endorse',
        versionHash: hash,
      });
      if (index < electorate.length - 1) expect(last.state).toBe('ad_referendum');
    }
    expect(last.state).toBe('adopted');
    expect(last.adoption).toMatchObject({ basis: 'consensus', date: '2024-08-19T04:00:00.000Z' });
    expect(last.round.tally).toMatchObject({ endorsed: 10, electorate: 10 });
  });
});
