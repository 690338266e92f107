import { NotifyService } from '../../src/notify/notify.service';
import { AdrefClient, auth, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const API = '/api/v1';

// ACCSM+3 follows the ACCSM chair (DESIGN.md §6): a new ACCSM term moves ACCSM+3 with it.
// Seeded: KHM chairs ACCSM 2024-08-07..2026-12-31; here Lao PDR takes over on 2026-06-01.
describe('ACCSM+3 follows the ACCSM chair', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let laos: User;
  let plusThree: string;

  const post = (user: User, path: string, body: Record<string, unknown>) =>
    t.http.post(`${API}${path}`).set(auth(user)).send(body);
  const patch = (user: User, path: string, body: Record<string, unknown>) =>
    t.http.patch(`${API}${path}`).set(auth(user)).send(body);
  const frameworkOn = async (code: string, date: string) => {
    const response = await client.get(laos, `/frameworks?date=${date}`);
    expect(response.status).toBe(200);
    return response.body.find((f: { code: string }) => f.code === code);
  };

  beforeAll(async () => {
    // The clock moves by three months: the tokens must outlive it (fake time).
    t = await createTestApp('2026-03-02T02:00:00Z', { ADREF_TOKEN_TTL: 'P3650D' });
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    laos = await client.user('chair_secretariat', 'LAO');
  });
  afterAll(() => t.close());

  it('the frameworks view declares it, and ACCSM+3 keeps no terms of its own', async () => {
    const plus = await frameworkOn('ACCSM+3', '2026-03-02');
    expect(plus).toMatchObject({ chairFollows: 'ACCSM', chair: { member: 'KHM', ordinal: 23 } });
    expect((await frameworkOn('ACCSM', '2026-03-02')).chairFollows).toBeNull();
    const terms = await client.get(laos, '/reference/chair-terms?framework=ACCSM%2B3');
    expect(terms.status).toBe(200);
    expect(terms.body).toEqual([]);
    // Earlier ACCSM chairs chaired ACCSM+3 too.
    expect((await frameworkOn('ACCSM+3', '2024-08-01')).chair.member).toBe('BRN');
  });

  it('before the handover Cambodia drives an ACCSM+3 statement; Lao PDR gets 403', async () => {
    const created = await client.createStatement(cambodia, {
      framework: 'ACCSM+3',
      title: 'ASEAN Plus Three Statement handed over in flight',
      body: 'Draft',
    });
    expect(created.status).toBe(201);
    plusThree = created.body.id;
    const refused = await client.event(laos, plusThree, { type: 'SUBMIT_TO_SOM' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('LAO does not chair ACCSM+3 on 2026-03-02; the chair is KHM');
  });

  it('a chair term for ACCSM+3 itself is refused, naming the framework it follows', async () => {
    const refused = await post(client.admin, '/reference/chair-terms', {
      framework: 'ACCSM+3',
      chair: 'LAO',
      validFrom: '2026-06-01',
      validTo: '2028-12-31',
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'chair_follows_framework',
      details: { framework: 'ACCSM+3', follows: 'ACCSM' },
    });
    expect(refused.body.message).toContain('follows the ACCSM chair');
  });

  it('a new ACCSM term through the API moves ACCSM+3: the new chair acts, the old one gets 403 after the handover day', async () => {
    const khmTerm = (await client.get(laos, '/reference/chair-terms?framework=ACCSM')).body.find(
      (term: { chairCode: string }) => term.chairCode === 'KHM',
    );
    const shortened = await patch(client.admin, `/reference/chair-terms/${khmTerm.id}`, {
      validTo: '2026-06-01',
    });
    expect(shortened.status).toBe(200);
    const added = await post(client.admin, '/reference/chair-terms', {
      framework: 'ACCSM',
      chair: 'LAO',
      ordinal: 24,
      validFrom: '2026-06-01',
      validTo: '2028-12-31',
    });
    expect(added.status).toBe(201);
    expect((await frameworkOn('ACCSM+3', '2026-06-02')).chair).toMatchObject({
      member: 'LAO',
      ordinal: 24,
    });

    // The handover day: both may act.
    t.clock.set('2026-06-01T03:00:00Z');
    expect((await client.statement(cambodia, plusThree)).body.allowedEvents).toContain(
      'SUBMIT_TO_SOM',
    );
    expect((await client.statement(laos, plusThree)).body.allowedEvents).toContain('SUBMIT_TO_SOM');
    // Both ACCSM and ACCSM+3 are announced as handed over, with the statement in flight.
    expect(await t.app.get(NotifyService).announceHandovers()).toBe(2);

    t.clock.set('2026-06-02T03:00:00Z');
    const refused = await client.event(cambodia, plusThree, { type: 'SUBMIT_TO_SOM' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('KHM does not chair ACCSM+3 on 2026-06-02; the chair is LAO');
    const submitted = await client.event(laos, plusThree, { type: 'SUBMIT_TO_SOM' });
    expect(submitted.status).toBe(200);
    expect(submitted.body.state).toBe('som_review');
  });
});
