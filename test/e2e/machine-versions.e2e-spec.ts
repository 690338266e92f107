import { DataSource } from 'typeorm';
import { AdrefClient, auth, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';
import { testDatabaseKind } from '../support/test-database';

// Procedures change while statements are open for months: each statement keeps the machine
// version it started on. One that this build cannot load must not take the board down.
describe(`procedure versions on ${testDatabaseKind()}`, () => {
  let t: TestApp;
  let client: AdrefClient;
  let chair: User;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
  });
  afterAll(() => t.close());

  it('GET /workflows/statement publishes every version this build can load', async () => {
    const response = await t.http.get('/api/v1/workflows/statement');
    expect(response.status).toBe(200);
    expect(response.body.version).toBe(2);
    expect(response.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    // How stored statements reach each version: an explicit migration from the one before.
    expect(response.body.versions[0].migration).toBeNull();
    expect(response.body.versions[1].migration).toMatchObject({ from: 1, to: 2 });
    expect(response.body.migration.description).toContain('no longer consent');
    for (const version of response.body.versions) {
      expect(version.states.length).toBeGreaterThan(5);
      expect(version.mermaid).toContain('stateDiagram-v2');
    }
  });

  it('a statement on a version this build cannot load is a row of the board that says so, and its own page a 409', async () => {
    const kept = await client.openRound(chair, {
      title: 'A statement on the current procedure',
      deadline: '2026-04-01T17:00:00+07:00',
    });
    const future = await client.openRound(chair, {
      title: 'A statement from a newer adref',
      deadline: '2026-04-02T17:00:00+07:00',
    });
    // As a newer build would have left it: a version this one does not have.
    await t.app
      .get(DataSource)
      .query('UPDATE statements SET machine_version = 99 WHERE id = $1', [future.id]);

    const board = await t.http.get('/api/v1/statements').set(auth(chair));
    expect(board.status).toBe(200);
    const rows = new Map(board.body.items.map((row: { id: string }) => [row.id, row]));
    expect(rows.get(kept.id)).toMatchObject({
      machineVersion: 2,
      machineVersionLoadable: true,
      state: 'ad_referendum',
      progress: { endorsed: 0, electorate: 11 },
    });
    expect(rows.get(future.id)).toMatchObject({
      title: 'A statement from a newer adref',
      machineVersion: 99,
      machineVersionLoadable: false,
      state: 'ad_referendum',
      roundState: 'collecting',
      deadline: '2026-04-02T10:00:00.000Z',
      currentVersion: future.currentVersion,
      progress: null,
    });
    // The filters that read the round still answer for everyone.
    const pending = await t.http.get('/api/v1/statements?pendingFor=THA').set(auth(chair));
    expect(pending.status).toBe(200);

    const page = await client.statement(chair, future.id);
    expect(page.status).toBe(409);
    expect(page.body).toMatchObject({
      code: 'machine_version_unavailable',
      details: { machineVersion: 99, loadable: [1, 2] },
    });
    expect(page.body.message).toContain('version 99 of the procedure');
  });
});
