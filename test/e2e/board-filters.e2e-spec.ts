import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

// The board: every statement with its state, progress and outstanding members, filtered by
// state, framework, "awaiting my member" and overdue, nearest deadline first.
describe('GET /statements (the board)', () => {
  let t: TestApp;
  let client: AdrefClient;
  let chair: User;
  let thai: User;
  let early: Record<string, any>;
  let late: Record<string, any>;
  let draft: Record<string, any>;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    thai = await client.user('focal_point', 'THA');
    late = await client.openRound(chair, {
      deadline: '2026-05-01T17:00:00+07:00',
      title: 'Late deadline',
    });
    early = await client.openRound(chair, {
      framework: 'ACCSM+3',
      deadline: '2026-04-01T17:00:00+07:00',
      title: 'Early deadline',
    });
    draft = (
      await client.createStatement(chair, {
        framework: 'ACCSM',
        title: 'Still a draft',
        body: 'Draft',
      })
    ).body;
    await client.expectPosition(thai, late.id, {
      member: 'THA',
      position: 'endorse',
      versionHash: late.currentVersion.hash,
    });
  });
  afterAll(() => t.close());

  const board = async (query: string) => {
    const response = await client.get(thai, `/statements${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  it('lists every statement, nearest deadline first, with progress and outstanding members', async () => {
    const page = await board('');
    expect(page.total).toBe(3);
    expect(page.items.map((s: { title: string }) => s.title)).toEqual([
      'Early deadline',
      'Late deadline',
      'Still a draft',
    ]);
    const lateRow = page.items[1];
    expect(lateRow.progress).toEqual({ endorsed: 1, electorate: 11 });
    expect(lateRow.outstanding).toHaveLength(10);
    expect(lateRow.outstanding).not.toContain('THA');
    expect(page.items[2]).toMatchObject({ state: 'drafting', progress: null, deadline: null });
  });

  it('filters by state and framework', async () => {
    expect((await board('?state=drafting')).items.map((s: { id: string }) => s.id)).toEqual([
      draft.id,
    ]);
    expect((await board('?framework=ACCSM%2B3')).items.map((s: { id: string }) => s.id)).toEqual([
      early.id,
    ]);
  });

  it('shows what awaits a member: Thailand has answered one round, Japan is only in ACCSM+3', async () => {
    expect((await board('?pendingFor=THA')).items.map((s: { id: string }) => s.id)).toEqual([
      early.id,
    ]);
    expect((await board('?pendingFor=JPN')).items.map((s: { id: string }) => s.id)).toEqual([
      early.id,
    ]);
    expect((await board('?pendingFor=MYS')).total).toBe(2);
  });

  it('shows overdue rounds once their deadline has passed', async () => {
    expect((await board('?overdue=true')).total).toBe(0);
    t.clock.set('2026-04-02T00:00:00Z');
    expect((await board('?overdue=true')).items.map((s: { id: string }) => s.id)).toEqual([
      early.id,
    ]);
  });

  it('pages', async () => {
    const first = await board('?pageSize=2&page=1');
    const second = await board('?pageSize=2&page=2');
    expect(first.items).toHaveLength(2);
    expect(second.items).toHaveLength(1);
    expect(new Set([...first.items, ...second.items].map((s: { id: string }) => s.id)).size).toBe(
      3,
    );
  });

  it('refuses filters it does not understand, naming them', async () => {
    for (const [query, field] of [
      ['?state=finished', 'state'],
      ['?pendingFor=thailand', 'pendingFor'],
      ['?overdue=maybe', 'overdue'],
      ['?pageSize=1000', 'pageSize'],
      ['?colour=blue', 'colour'],
    ]) {
      const response = await client.get(thai, `/statements${query}`);
      expect(response.status).toBe(400);
      expect(response.body.message).toContain(field);
    }
  });
});
