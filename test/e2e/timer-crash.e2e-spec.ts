import { AppProcess, buildApp, CHILD_WAIT_MS } from '../support/app-process';
import { testDatabaseKind } from '../support/test-database';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * How far ahead the deadline is set: far enough that opening the round and killing the process
 * are done before it, even on a busy machine (a deadline passed before the kill proves nothing).
 */
const DEADLINE_AHEAD_MS = 10_000;

interface AuditEvent {
  type: string;
  actorLabel: string;
  recordedAt: string;
  payload: Record<string, unknown>;
}

// Durable time (DESIGN.md §3): a deadline is a row, not an in-memory timer. The process is
// killed outright (SIGKILL) while the round is open and comes back after the deadline: the
// round must reach its outcome after the restart, and only once, on this run's database. How
// fast is printed, not asserted: a busy machine is slow, not wrong. A restart, the firing and a
// second restart get CHILD_WAIT_MS each, so each test gets 600 s.
describe(`deadline across a SIGKILL and a late restart on ${testDatabaseKind()}`, () => {
  let app: AppProcess;

  beforeAll(async () => {
    buildApp();
    app = await AppProcess.create({ ADREF_TIMER_INTERVAL_MS: '200' });
    await app.start();
  }, 3 * CHILD_WAIT_MS);
  afterAll(() => app?.stop());

  /** A statement with an open round whose deadline is ~10 s ahead, and no reminders. */
  async function openRound(silenceRule: 'silence_is_consent' | 'explicit') {
    const created = await app.call('POST', '/statements', {
      framework: 'ACCSM',
      title: `Deadline across a crash (${silenceRule})`,
      body: 'Text whose round outlives the process.',
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    for (const type of ['SUBMIT_TO_SOM', 'APPROVE_IN_PRINCIPLE'])
      expect((await app.call('POST', `/statements/${id}/events`, { type })).status).toBe(200);
    const deadline = new Date(
      Math.ceil((Date.now() + DEADLINE_AHEAD_MS) / 1000) * 1000,
    ).toISOString();
    const opened = await app.call('POST', `/statements/${id}/events`, {
      type: 'OPEN_AD_REFERENDUM',
      deadline,
      silenceRule,
      reminderOffsets: [],
    });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ state: 'ad_referendum', roundState: 'collecting' });
    return { id, deadline };
  }

  /** Kills the process, lets the deadline pass while nothing runs, and starts it again. */
  async function crashUntilAfter(deadline: string): Promise<number> {
    await app.kill();
    // Killed before the deadline, or the test would not be about a restart.
    expect(Date.now()).toBeLessThan(Date.parse(deadline));
    await sleep(Math.max(0, Date.parse(deadline) - Date.now()) + 500);
    const restartedAt = Date.now();
    await app.start();
    return restartedAt;
  }

  /** Polls the statement (bounded) until `done`, and says when it saw it. */
  async function waitFor(id: string, done: (view: any) => boolean, timeoutMs = CHILD_WAIT_MS) {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const view = await app.call('GET', `/statements/${id}`);
      expect(view.status).toBe(200);
      if (done(view.body)) return { view: view.body, seenAt: Date.now() };
      if (Date.now() > until)
        throw new Error(`statement ${id} still ${view.body.state}.${view.body.roundState}`);
      await sleep(100);
    }
  }

  async function history(id: string): Promise<AuditEvent[]> {
    const response = await app.call('GET', `/statements/${id}/history`);
    expect(response.status).toBe(200);
    expect(response.body.chain.valid).toBe(true);
    return response.body.events;
  }

  /** The one DEADLINE_PASSED, fired by the scheduler of the restarted process. */
  async function expectFiredOnceAfter(id: string, restartedAt: number) {
    const events = await history(id);
    expect(events.map((event) => event.type)).toEqual([
      'CREATED',
      'SUBMIT_TO_SOM',
      'APPROVE_IN_PRINCIPLE',
      'OPEN_AD_REFERENDUM',
      'DEADLINE_PASSED',
    ]);
    const passed = events[4];
    expect(passed.actorLabel).toBe('adref (scheduled)');
    const firedAfterMs = Date.parse(passed.recordedAt) - restartedAt;
    expect(firedAfterMs).toBeGreaterThanOrEqual(0);

    const timers = await app.call('GET', `/admin/timers?statement=${id}`);
    expect(timers.status).toBe(200);
    expect(timers.body).toHaveLength(1);
    expect(timers.body[0]).toMatchObject({ kind: 'deadline', status: 'fired' });
    expect(passed.payload).toMatchObject({ timerId: timers.body[0].id });
    return { events, firedAfterMs };
  }

  /** A second restart finds nothing left to fire: the history stays as it was. */
  async function expectNoSecondFiring(id: string, events: AuditEvent[]) {
    await app.kill();
    await app.start();
    await sleep(1_000);
    expect(await history(id)).toEqual(events);
    const timers = await app.call('GET', `/admin/timers?statement=${id}&status=pending`);
    expect(timers.body).toEqual([]);
  }

  it('silence_is_consent: adopted by silence after the restart, dated the deadline, once', async () => {
    const { id, deadline } = await openRound('silence_is_consent');
    const restartedAt = await crashUntilAfter(deadline);

    const { view, seenAt } = await waitFor(id, (body) => body.state === 'adopted');
    expect(view.adoption).toMatchObject({ basis: 'silence', date: deadline, roundNumber: 1 });
    expect(view.round).toMatchObject({ open: false, outcome: 'adopted', deadlinePassed: true });
    const { events, firedAfterMs } = await expectFiredOnceAfter(id, restartedAt);
    console.log(
      `${testDatabaseKind()}: restart to adoption ${(firedAfterMs / 1000).toFixed(2)} s ` +
        `(seen by a client after ${((seenAt - restartedAt) / 1000).toFixed(2)} s)`,
    );

    await expectNoSecondFiring(id, events);
  }, 600_000);

  it('explicit: awaiting the chair after the restart, once', async () => {
    const { id, deadline } = await openRound('explicit');
    const restartedAt = await crashUntilAfter(deadline);

    const { view, seenAt } = await waitFor(id, (body) => body.roundState === 'awaiting_decision');
    expect(view).toMatchObject({ state: 'ad_referendum', adoption: null });
    expect(view.round).toMatchObject({ open: true, deadlinePassed: true, deadline });
    const { events, firedAfterMs } = await expectFiredOnceAfter(id, restartedAt);
    console.log(
      `${testDatabaseKind()}: restart to awaiting_decision ${(firedAfterMs / 1000).toFixed(2)} s ` +
        `(seen by a client after ${((seenAt - restartedAt) / 1000).toFixed(2)} s)`,
    );

    await expectNoSecondFiring(id, events);
  }, 600_000);
});
