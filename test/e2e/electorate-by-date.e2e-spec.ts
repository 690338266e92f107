import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const ASEAN_2024 = ['BRN', 'IDN', 'KHM', 'LAO', 'MMR', 'MYS', 'PHL', 'SGP', 'THA', 'VNM'];
const ASEAN_2026 = [...ASEAN_2024, 'TLS'].sort();
const PLUS_THREE = ['CHN', 'JPN', 'KOR'];

// The electorate is fixed on the day a round opens, from time-valid memberships (DESIGN.md §1).
describe('b. electorate by date and framework', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let brunei: User;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    brunei = await client.user('chair_secretariat', 'BRN');
  });
  afterAll(() => t.close());

  it('an ACCSM round opened in 2026 by the Cambodian chair has 11 electors, Timor-Leste included', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const opened = await client.openRound(cambodia, { deadline: '2026-04-01T17:00:00+07:00' });
    expect(opened.state).toBe('ad_referendum');
    expect([...opened.round.electorate].sort()).toEqual(ASEAN_2026);
    expect(opened.round.tally).toMatchObject({ electorate: 11, endorsed: 0, none: 11 });
    expect(opened.round.outstanding).toHaveLength(11);
  });

  it('an ACCSM+3 round opened in 2026 has 14 electors: the 11 plus CHN, JPN and KOR', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const opened = await client.openRound(cambodia, {
      framework: 'ACCSM+3',
      deadline: '2026-04-01T17:00:00+07:00',
    });
    expect(opened.framework).toBe('ACCSM+3');
    expect([...opened.round.electorate].sort()).toEqual([...ASEAN_2026, ...PLUS_THREE].sort());
  });

  it('an ACCSM+3 round opened in 2024 by the Bruneian chair has 13 electors, without Timor-Leste (then an observer)', async () => {
    t.clock.set('2024-03-01T02:00:00Z');
    const opened = await client.openRound(brunei, {
      framework: 'ACCSM+3',
      deadline: '2024-04-01T17:00:00+08:00',
    });
    expect([...opened.round.electorate].sort()).toEqual([...ASEAN_2024, ...PLUS_THREE].sort());
    expect(opened.round.electorate).not.toContain('TLS');

    // Past records keep their electorate: read back after Timor-Leste joined, it is still 13.
    t.clock.set('2026-03-02T02:00:00Z');
    const later = await client.statement(cambodia, opened.id);
    expect(later.status).toBe(200);
    expect(later.body.round.electorate).toHaveLength(13);
  });

  it('Timor-Leste joins the electorate on 2025-10-26, not the day before', async () => {
    t.clock.set('2025-10-25T06:00:00Z');
    const before = await client.openRound(cambodia, { deadline: '2025-11-25T17:00:00+07:00' });
    t.clock.set('2025-10-26T06:00:00Z');
    const on = await client.openRound(cambodia, { deadline: '2025-11-25T17:00:00+07:00' });
    expect(before.round.electorate).toHaveLength(10);
    expect(before.round.electorate).not.toContain('TLS');
    expect(on.round.electorate).toHaveLength(11);
    expect(on.round.electorate).toContain('TLS');
  });

  it('the electorate is fixed when the round opens: the 2024 round refuses a Timor-Leste position in 2026', async () => {
    t.clock.set('2024-03-01T02:00:00Z');
    const opened = await client.openRound(brunei, { deadline: '2026-06-01T17:00:00+07:00' });
    t.clock.set('2026-03-02T02:00:00Z');
    const timorLeste = await client.user('focal_point', 'TLS');
    const refused = await client.position(timorLeste, opened.id, {
      member: 'TLS',
      position: 'endorse',
      versionHash: opened.currentVersion.hash,
    });
    expect(refused.status).toBe(422);
    expect(refused.body.message).toContain('TLS is not in the electorate');
  });
});
