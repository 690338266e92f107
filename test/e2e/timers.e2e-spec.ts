import { TimersService } from '../../src/timers/timers.service';
import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const DAY = 86_400_000;

interface TimerRow {
  kind: string;
  offset: string | null;
  dueAt: string;
  status: string;
}

describe('durable deadlines and reminders', () => {
  let t: TestApp;
  let client: AdrefClient;
  let chair: User;
  let timers: TimersService;

  const timersOf = async (id: string, status?: string): Promise<TimerRow[]> => {
    const response = await t.http
      .get(`/api/v1/admin/timers?statement=${id}${status ? `&status=${status}` : ''}`)
      .set({ Authorization: `Bearer ${client.admin.token}` });
    expect(response.status).toBe(200);
    return response.body.map((row: TimerRow) => ({
      kind: row.kind,
      offset: row.offset,
      dueAt: new Date(row.dueAt).toISOString(),
      status: row.status,
    }));
  };

  /** A statement drafted by the chair and approved in principle, ready for a round. */
  const approvedInPrinciple = async (title: string): Promise<string> => {
    const created = await client.createStatement(chair, {
      framework: 'ACCSM',
      title,
      body: 'Text',
    });
    const id = created.body.id;
    await client.expectEvent(chair, id, { type: 'SUBMIT_TO_SOM' });
    await client.expectEvent(chair, id, { type: 'APPROVE_IN_PRINCIPLE' });
    return id;
  };

  // fireDue fires the due timers of every statement in the database and one test counts them:
  // each test gets its own app and database, so it sees only the timers it made.
  beforeEach(async () => {
    // The chair's token is issued now; each test sets its clock within the token's lifetime.
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    chair = await client.user('chair_secretariat', 'KHM');
    timers = t.app.get(TimersService);
  });
  afterEach(() => t.close());

  it('opening a round sets the deadline and the reminders 7, 2 and 1 days before it', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const opened = await client.openRound(chair, { deadline: '2026-03-20T10:00:00Z' });
    expect(await timersOf(opened.id, 'pending')).toEqual([
      { kind: 'reminder', offset: 'P7D', dueAt: '2026-03-13T10:00:00.000Z', status: 'pending' },
      { kind: 'reminder', offset: 'P2D', dueAt: '2026-03-18T10:00:00.000Z', status: 'pending' },
      { kind: 'reminder', offset: 'P1D', dueAt: '2026-03-19T10:00:00.000Z', status: 'pending' },
      { kind: 'deadline', offset: null, dueAt: '2026-03-20T10:00:00.000Z', status: 'pending' },
    ]);
  });

  it('the chair sets other reminders per round; those already past are not set', async () => {
    // Two days before the deadline: the P7D reminder is already past, PT12H is not.
    t.clock.set('2026-03-02T02:00:00Z');
    const opened = await client.openRound(chair, {
      deadline: '2026-03-04T02:00:00Z',
      reminderOffsets: ['P7D', 'PT12H'],
    });
    expect(opened.round).toMatchObject({ number: 1 });
    const pending = await timersOf(opened.id, 'pending');
    expect(pending.map((p) => p.offset)).toEqual(['PT12H', null]);
  });

  it('EXTEND_DEADLINE moves the deadline and the reminders', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const opened = await client.openRound(chair, { deadline: '2026-03-20T10:00:00Z' });
    await client.expectEvent(chair, opened.id, {
      type: 'EXTEND_DEADLINE',
      deadline: '2026-03-27T10:00:00Z',
    });
    const pending = await timersOf(opened.id, 'pending');
    expect(pending.map((p) => p.dueAt)).toEqual([
      '2026-03-20T10:00:00.000Z',
      '2026-03-25T10:00:00.000Z',
      '2026-03-26T10:00:00.000Z',
      '2026-03-27T10:00:00.000Z',
    ]);
    expect(await timersOf(opened.id, 'cancelled')).toHaveLength(4);
  });

  it.each([
    ['WITHDRAW', { type: 'WITHDRAW', reason: 'Overtaken by events' }],
    ['REVISE', { type: 'REVISE' }],
    ['CLOSE_WITHOUT_ADOPTION', { type: 'CLOSE_WITHOUT_ADOPTION' }],
  ])('leaving ad_referendum by %s cancels the round’s timers', async (_name, event) => {
    t.clock.set('2026-03-02T02:00:00Z');
    const opened = await client.openRound(chair, { deadline: '2026-03-20T10:00:00Z' });
    await client.expectEvent(chair, opened.id, event);
    expect(await timersOf(opened.id, 'pending')).toEqual([]);
    expect(await timersOf(opened.id, 'cancelled')).toHaveLength(4);
  });

  it('fires due timers through the runtime: a reminder, then the deadline, each once', async () => {
    t.clock.set('2026-03-02T02:00:00Z');
    const opened = await client.openRound(chair, {
      deadline: '2026-03-10T10:00:00Z',
      silenceRule: 'silence_is_consent',
    });
    // Each moment just past a reminder of this round, then past its deadline.
    for (const moment of [
      '2026-03-03T10:00:01Z',
      '2026-03-08T10:00:01Z',
      '2026-03-09T10:00:01Z',
      '2026-03-10T10:00:05Z',
    ]) {
      t.clock.set(moment);
      await timers.fireDue();
    }
    expect(await timers.fireDue()).toBe(0);

    const statement = (await client.statement(chair, opened.id)).body;
    expect(statement.state).toBe('adopted');
    expect(statement.adoption).toMatchObject({
      basis: 'silence',
      date: '2026-03-10T10:00:00.000Z',
    });
    const history = (await client.history(chair, opened.id)).body.events;
    const scheduled = history.filter(
      (e: { actorLabel: string }) => e.actorLabel === 'adref (scheduled)',
    );
    expect(scheduled.map((e: { type: string }) => e.type)).toEqual([
      'REMINDER_DUE',
      'REMINDER_DUE',
      'REMINDER_DUE',
      'DEADLINE_PASSED',
    ]);
    expect(
      new Set(scheduled.map((e: { payload: { timerId: string } }) => e.payload.timerId)).size,
    ).toBe(4);
    expect((await timersOf(opened.id)).every((timer) => timer.status === 'fired')).toBe(true);
  });

  it('skips a reminder found only after its deadline passed (everything was down), but not the deadline', async () => {
    t.clock.set('2026-04-01T02:00:00Z');
    const opened = await client.openRound(chair, { deadline: '2026-04-10T10:00:00Z' });
    t.clock.set(new Date(Date.parse('2026-04-10T10:00:00Z') + DAY));
    await timers.fireDue();
    const all = await timersOf(opened.id);
    expect(all.filter((timer) => timer.kind === 'reminder').map((timer) => timer.status)).toEqual([
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(all.find((timer) => timer.kind === 'deadline')?.status).toBe('fired');
    expect((await client.statement(chair, opened.id)).body.roundState).toBe('awaiting_decision');
  });

  it('a transition that fails after its writes leaves no timer and no outbox row', async () => {
    t.clock.set('2026-05-01T02:00:00Z');
    const id = await approvedInPrinciple('Rollback');
    // The audit event is the last write of a transition: make it fail for this one.
    await t.dataSource.query(`
      CREATE FUNCTION fail_round_opening() RETURNS trigger AS $$
      BEGIN
        IF NEW.type = 'OPEN_AD_REFERENDUM' THEN RAISE EXCEPTION 'forced failure after the writes'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await t.dataSource.query(
      `CREATE TRIGGER fail_round_opening BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION fail_round_opening()`,
    );
    const before = await client.counts();
    const failed = await client.event(chair, id, {
      type: 'OPEN_AD_REFERENDUM',
      deadline: '2026-05-20T10:00:00Z',
      silenceRule: 'explicit',
    });
    expect(failed.status).toBe(500);
    expect(await client.counts()).toEqual(before);
    expect(await timersOf(id)).toEqual([]);
    expect((await client.statement(chair, id)).body.state).toBe('approved_in_principle');

    await t.dataSource.query(`DROP TRIGGER fail_round_opening ON audit_events`);
    await client.expectEvent(chair, id, {
      type: 'OPEN_AD_REFERENDUM',
      deadline: '2026-05-20T10:00:00Z',
      silenceRule: 'explicit',
    });
    expect(await timersOf(id, 'pending')).toHaveLength(4);
    const [outbox] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM outbox_messages WHERE statement_id = $1 AND kind = 'round_opened'`,
      [id],
    );
    expect(outbox.n).toBe(1);
  });

  it('refuses reminder offsets that are not ISO 8601 durations, naming the field', async () => {
    // Before the deadline, so that only the offsets can be the reason for the refusal.
    t.clock.set('2026-03-02T02:00:00Z');
    const id = await approvedInPrinciple('Bad offsets');
    for (const reminderOffsets of [['7 days'], ['P1M'], 'P7D', [7]]) {
      const response = await client.event(chair, id, {
        type: 'OPEN_AD_REFERENDUM',
        deadline: '2026-06-20T10:00:00Z',
        silenceRule: 'explicit',
        reminderOffsets,
      });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('reminderOffsets');
    }
    expect(await timersOf(id)).toEqual([]);
  });
});
