import { AppProcess, buildApp } from '../support/app-process';
import { testDatabaseKind } from '../support/test-database';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** How long after the restart began the deadline may fire: start-up (2–4 s on 2 cores) plus a few polls. */
const FIRES_WITHIN_MS = 8_000;

interface AuditEvent {
  type: string;
  actorLabel: string;
  recordedAt: string;
  payload: Record<string, unknown>;
}

// Durable time (DESIGN.md §3): a deadline is a row, not an in-memory timer. The process is
// killed outright (SIGKILL) while the round is open and comes back after the deadline: the
// round must reach its outcome soon after the restart, and only once, on this run's database.
describe(`deadline across a SIGKILL and a late restart on ${testDatabaseKind()}`, () => {
  let app: AppProcess;

  beforeAll(async () => {
    buildApp();
    app = await AppProcess.create({ ADREF_TIMER_INTERVAL_MS: '200' });
    await app.start();
  }, 120_000);
  afterAll(() => app?.stop());

  /** A statement with an open round whose deadline is ~4 s ahead, and no reminders. */
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
    const deadline = new Date(Math.ceil((Date.now() + 4_000) / 1000) * 1000).toISOString();
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
    await sleep(Math.max(0, Date.parse(deadline) - Date.now()) + 500);
    const restartedAt = Date.now();
    await app.start();
    return restartedAt;
  }

  /** Polls the statement (bounded) until `done`, and says when it saw it. */
  async function waitFor(id: string, done: (view: any) => boolean, timeoutMs = 15_000) {
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

  /** The one DEADLINE_PASSED, fired by the scheduler of the restarted process, soon enough. */
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
    expect(firedAfterMs).toBeLessThan(FIRES_WITHIN_MS);

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

  it('silence_is_consent: adopted by silence soon after the restart, dated the deadline, once', async () => {
    const { id, deadline } = await openRound('silence_is_consent');
    const restartedAt = await crashUntilAfter(deadline);

    const { view, seenAt } = await waitFor(id, (body) => body.state === 'adopted');
    expect(view.adoption).toMatchObject({ basis: 'silence', date: deadline, roundNumber: 1 });
    expect(view.round).toMatchObject({ open: false, outcome: 'adopted', deadlinePassed: true });
    expect(seenAt - restartedAt).toBeLessThan(FIRES_WITHIN_MS);
    const { events, firedAfterMs } = await expectFiredOnceAfter(id, restartedAt);
    console.log(
      `${testDatabaseKind()}: restart to adoption ${(firedAfterMs / 1000).toFixed(2)} s ` +
        `(seen by a client after ${((seenAt - restartedAt) / 1000).toFixed(2)} s)`,
    );

    await expectNoSecondFiring(id, events);
  }, 120_000);

  it('explicit: awaiting the chair soon after the restart, once', async () => {
    const { id, deadline } = await openRound('explicit');
    const restartedAt = await crashUntilAfter(deadline);

    const { view, seenAt } = await waitFor(id, (body) => body.roundState === 'awaiting_decision');
    expect(view).toMatchObject({ state: 'ad_referendum', adoption: null });
    expect(view.round).toMatchObject({ open: true, deadlinePassed: true, deadline });
    expect(seenAt - restartedAt).toBeLessThan(FIRES_WITHIN_MS);
    const { events, firedAfterMs } = await expectFiredOnceAfter(id, restartedAt);
    console.log(
      `${testDatabaseKind()}: restart to awaiting_decision ${(firedAfterMs / 1000).toFixed(2)} s ` +
        `(seen by a client after ${((seenAt - restartedAt) / 1000).toFixed(2)} s)`,
    );

    await expectNoSecondFiring(id, events);
  }, 120_000);
});
