import { baselineWrite, dropBaseline, prepareBaseline } from '../../scripts/bench/baseline';
import { loadTemplate, seedCopies } from '../../scripts/bench/copies';
import type { Sql } from '../../scripts/bench/sql';
import { WritePlan } from '../../scripts/bench/write-plan';
import { SigningService } from '../../src/engine/signing.service';
import { TimersService } from '../../src/timers/timers.service';
import { VerifyService } from '../../src/verify/verify.service';
import { AdrefClient, ASEAN_MEMBERS_2026, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const OPENED_AT = '2026-03-02T02:00:00Z';
const DEADLINE = '2026-04-01T10:00:00.000Z';

// npm run bench measures; these check only that its pieces do what its figures assume: copies
// made in SQL are valid statements, every planned write is taken, the baseline touches nothing
// of the app's. No timing is asserted.
describe('npm run bench: its pieces', () => {
  let t: TestApp;
  let client: AdrefClient;
  let chair: User;
  let focal: Record<string, User>;
  let sql: Sql;

  const verify = (id: string) => t.app.get(VerifyService).verify(id);
  const count = async (query: string, params: unknown[] = []) =>
    Number((await t.dataSource.query(query, params))[0].n);

  beforeAll(async () => {
    t = await createTestApp(OPENED_AT);
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(ASEAN_MEMBERS_2026);
    sql = {
      kind: t.database,
      query: (text, params) => t.dataSource.query(text, params),
      transaction: (work) =>
        t.dataSource.transaction((manager) => work((text, params) => manager.query(text, params))),
      close: async () => undefined,
    };
  });
  afterAll(() => t.close());

  it('copies made in SQL verify: new ids, title and deadline, and a copied deadline fires', async () => {
    const opened = await client.openRound(chair, { deadline: DEADLINE, title: 'Template' });
    const template = await loadTemplate(sql, opened.id);
    const signer = t.app.get(SigningService);
    const moved = new Date('2026-03-20T10:00:00.000Z');
    const [kept, due] = await seedCopies(sql, [template], signer, 2, (i) => ({
      title: `Template · copy ${i + 1}`,
      deadline: i === 1 ? moved : undefined,
      now: t.clock.now(),
    }));
    expect(new Set([opened.id, kept, due]).size).toBe(3);
    for (const id of [opened.id, kept, due]) {
      expect(await verify(id)).toMatchObject({ valid: true, problems: [] });
    }
    const copy = (await client.statement(focal.THA, due)).body;
    expect(copy).toMatchObject({ title: 'Template · copy 2', state: 'ad_referendum' });
    expect(copy.round.deadline).toBe(moved.toISOString());
    // The reminders keep their offsets before the moved deadline.
    const reminders = await count(
      `SELECT count(*) AS n FROM timers WHERE statement_id = $1 AND kind = 'reminder' AND due_at < $2`,
      [due, moved],
    );
    expect(reminders).toBe(3);

    t.clock.set('2026-03-20T10:00:01Z');
    await t.app.get(TimersService).fireDue();
    const fired = (await client.statement(focal.THA, due)).body;
    expect(fired.roundState).toBe('awaiting_decision');
    expect((await client.statement(focal.THA, kept)).body.roundState).toBe('collecting');
    expect(await verify(due)).toMatchObject({ valid: true, problems: [] });
  });

  it('every write of the plan is a new position the round takes, and no round settles', async () => {
    const rounds = await Promise.all(
      [1, 2, 3].map(async (n) => {
        const opened = await client.openRound(chair, { deadline: DEADLINE, title: `Plan ${n}` });
        return { id: opened.id as string, versionHash: opened.currentVersion.hash as string };
      }),
    );
    const plan = new WritePlan(rounds, ASEAN_MEMBERS_2026, 'spec');
    // Two passes over every elector of every statement: pending clearance, then endorse, but
    // the holdout, who stays pending.
    for (let i = 0; i < rounds.length * ASEAN_MEMBERS_2026.length * 2; i++) {
      const write = plan.take();
      const { statementId, ...body } = write;
      await client.expectPosition(focal[write.member], statementId, body);
    }
    for (const round of rounds) {
      const view = (await client.statement(focal.THA, round.id)).body;
      expect(view).toMatchObject({ state: 'ad_referendum', roundState: 'collecting' });
      expect(view.round.tally.endorsed).toBe(ASEAN_MEMBERS_2026.length - 1);
      expect(await verify(round.id)).toMatchObject({ valid: true });
    }
  });

  it('the baseline writes to copies of the tables and leaves the app’s statements as they were', async () => {
    const opened = await client.openRound(chair, { deadline: DEADLINE, title: 'Baseline' });
    const positions = await count('SELECT count(*) AS n FROM positions');
    const events = await count('SELECT count(*) AS n FROM audit_events');
    await prepareBaseline(sql, [opened.id]);
    try {
      const plan = new WritePlan(
        [{ id: opened.id, versionHash: opened.currentVersion.hash }],
        ASEAN_MEMBERS_2026,
        'baseline',
      );
      const signer = t.app.get(SigningService);
      for (let i = 0; i < 30; i++) {
        const write = plan.take();
        await sql.transaction((query) =>
          baselineWrite(query, write, focal[write.member].id, signer),
        );
      }
      expect(await count('SELECT count(*) AS n FROM bench_baseline.positions')).toBe(30);
      expect(await count('SELECT count(*) AS n FROM bench_baseline.audit_events')).toBe(4 + 30);
    } finally {
      await dropBaseline(sql);
    }
    expect(await count('SELECT count(*) AS n FROM positions')).toBe(positions);
    expect(await count('SELECT count(*) AS n FROM audit_events')).toBe(events);
    expect(await verify(opened.id)).toMatchObject({ valid: true, problems: [] });
  });
});
