import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AdrefClient, auth } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const WLB_TITLE =
  'ASEAN Statement on Strengthening Government Strategies on Mental Health and Well-Being towards Achieving Work-Life Balance (WLB) in the Public Sector';
const FILE = join(__dirname, '../../scripts/imports/accsm-2024-work-life-balance.json');

// The real 2024 case (reference/sources/003): Brunei drafts, the 22nd SOM reviews, the 22nd
// ACCSM approves in principle on 7 August 2024 and hands the chair to Cambodia, and final
// endorsement is completed by ad referendum. It happened before adref, so it enters by import
// (scripts/imports/), never by back-dated acts.
describe('the 2024 Work-Life Balance statement', () => {
  let t: TestApp;
  let client: AdrefClient;

  beforeAll(async () => {
    t = await createTestApp('2026-11-22T03:00:00Z');
    client = new AdrefClient(t);
  });
  afterAll(() => t.close());

  it('opens a round of 10 electors in August 2024 and adopts on the 10th endorsement, dated then', async () => {
    const file = JSON.parse(readFileSync(FILE, 'utf8'));
    const response = await t.http
      .post('/api/v1/statements/import')
      .set(auth(client.admin))
      .send(file);
    expect(response.status).toBe(201);
    const statement = response.body;
    expect(statement.title).toBe(WLB_TITLE);
    expect(statement.state).toBe('adopted');

    // The electorate is the reference data's for the day the round opened: Timor-Leste observed.
    const round = statement.round;
    expect(round.openedAt).toBe('2024-08-21T03:00:00.000Z');
    expect(round.electorate).toHaveLength(10);
    expect(round.electorate).not.toContain('TLS');
    expect(round.tally).toMatchObject({ endorsed: 10, electorate: 10 });
    expect(round.positions.every((p: any) => p.versionHash === statement.currentVersion.hash)).toBe(
      true,
    );

    // Adopted on the date the last required endorsement arrived (DESIGN.md §1).
    const last = file.events[file.events.length - 1];
    expect(statement.adoption).toMatchObject({
      basis: 'consensus',
      date: new Date(last.at).toISOString(),
      versionHash: statement.currentVersion.hash,
    });

    // Brunei approved in principle on the handover day; Cambodia, chair from then, ran the round.
    const history = (await client.history(client.admin, statement.id)).body.events;
    const byType = (type: string) => history.find((e: any) => e.type === type);
    expect(byType('APPROVE_IN_PRINCIPLE')).toMatchObject({
      at: '2024-08-07T02:00:00.000Z',
      payload: { by: 'BRN', imported: true },
    });
    expect(byType('OPEN_AD_REFERENDUM').payload).toMatchObject({ by: 'KHM', imported: true });
  });
});
