import { Client } from 'pg';
import { AppProcess, buildApp, CHILD_WAIT_MS } from '../support/app-process';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

const STATEMENTS = 334;
/**
 * The deadline stays ahead for the whole test; the reminders fall due 10–30 s after opening.
 * The deadlines are the work's own limit: the reminders must all fire before the first of them
 * falls due (then the round's state would change under them), however slow the machine.
 */
const DEADLINE_AFTER_MS = 600_000;
const OFFSETS = ['PT590S', 'PT580S', 'PT570S'];
const PARALLEL = 16;

/** Runs `work` for 0..count-1, at most `parallel` at a time; stops at the first failure. */
async function inParallel(count: number, parallel: number, work: (i: number) => Promise<void>) {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < count && !failed) {
      try {
        await work(next++);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

// Durable time with several instances (DESIGN.md §3): timers are claimed with FOR UPDATE
// SKIP LOCKED, so two app processes on one PostgreSQL, facing more than a thousand timers
// due at once, fire each exactly once and lose none. PostgreSQL only (see jest.config.js).
describe('two app instances on one PostgreSQL fire 1,000+ due timers', () => {
  let a: AppProcess;
  let b: AppProcess;
  let sql: Client;

  beforeAll(async () => {
    buildApp();
    a = await AppProcess.create({ ADREF_TIMER_INTERVAL_MS: '100', PGAPPNAME: 'adref-a' });
    b = await a.sibling({ ADREF_TIMER_INTERVAL_MS: '100', PGAPPNAME: 'adref-b' });
    sql = new Client({ connectionString: a.databaseUrl });
    await sql.connect();
  }, 2 * CHILD_WAIT_MS);
  afterAll(async () => {
    await sql?.end();
    await b?.stop();
    await a?.stop();
  });

  const count = async (query: string, params: unknown[] = []): Promise<number> =>
    Number((await sql.query(query, params)).rows[0].count);

  /** Opens `STATEMENTS` rounds through A's API, with its scheduler off, 3 reminders each. */
  async function openRounds(): Promise<void> {
    await inParallel(STATEMENTS, PARALLEL, async (i) => {
      const created = await a.call('POST', '/statements', {
        framework: 'ACCSM',
        title: `Reminder load ${i + 1}`,
        body: `Text ${i + 1} whose round reminds its electorate three times.`,
      });
      expect(created.status).toBe(201);
      const events = `/statements/${created.body.id}/events`;
      for (const type of ['SUBMIT_TO_SOM', 'APPROVE_IN_PRINCIPLE'])
        expect((await a.call('POST', events, { type })).status).toBe(200);
      const opened = await a.call('POST', events, {
        type: 'OPEN_AD_REFERENDUM',
        deadline: new Date(Date.now() + DEADLINE_AFTER_MS).toISOString(),
        silenceRule: 'silence_is_consent',
        reminderOffsets: OFFSETS,
      });
      expect(opened.status).toBe(200);
    });
  }

  /**
   * Which instance wrote which transaction, where it can be seen: samples the transaction ids
   * that each instance's connections (told apart by application_name) hold, until `stop`.
   */
  function watchTransactions(stop: { done: boolean }): Promise<Map<string, string>> {
    const watcher = new Client({ connectionString: a.databaseUrl });
    const seen = new Map<string, string>();
    return (async () => {
      await watcher.connect();
      try {
        while (!stop.done) {
          const { rows } = await watcher.query(
            `SELECT application_name AS app, backend_xid::text AS xid FROM pg_stat_activity
              WHERE datname = current_database() AND backend_xid IS NOT NULL
                AND application_name IN ('adref-a', 'adref-b')`,
          );
          for (const row of rows) seen.set(row.xid, row.app);
          await sleep(5);
        }
      } finally {
        await watcher.end();
      }
      return seen;
    })();
  }

  it('applies every timer’s event exactly once, none lost', async () => {
    await a.start({ ADREF_WORKERS: 'off' });
    const setupStarted = Date.now();
    await openRounds();
    const setupSeconds = (Date.now() - setupStarted) / 1000;

    const timers = await count(
      `SELECT count(*) FROM timers WHERE kind = 'reminder' AND status = 'pending'`,
    );
    expect(timers).toBeGreaterThanOrEqual(1000);
    expect(await count(`SELECT count(*) FROM timers WHERE kind = 'reminder'`)).toBe(timers);
    expect(await count(`SELECT count(*) FROM audit_events WHERE type = 'REMINDER_DUE'`)).toBe(0);
    const { rows } = await sql.query(
      `SELECT max(due_at) AS last FROM timers WHERE kind = 'reminder'`,
    );
    const lastDue: Date = rows[0].last;
    const firstDeadline: Date = (
      await sql.query(`SELECT min(due_at) AS first FROM timers WHERE kind = 'deadline'`)
    ).rows[0].first;

    // Nothing runs while they all fall due.
    await a.kill();
    await sleep(Math.max(0, lastDue.getTime() - Date.now()) + 500);
    expect(
      await count(
        `SELECT count(*) FROM timers WHERE kind = 'reminder' AND status = 'pending' AND due_at <= now()`,
      ),
    ).toBe(timers);

    const stop = { done: false };
    const sampled = watchTransactions(stop);
    const started = Date.now();
    let pending = timers;
    let upSeconds: number;
    try {
      await Promise.all([a.start({ ADREF_WORKERS: 'on' }), b.start({ ADREF_WORKERS: 'on' })]);
      upSeconds = (Date.now() - started) / 1000;
      while (Date.now() < firstDeadline.getTime()) {
        pending = await count(
          `SELECT count(*) FROM timers WHERE kind = 'reminder' AND status = 'pending'`,
        );
        if (pending === 0) break;
        await sleep(100);
      }
    } finally {
      stop.done = true;
    }
    const fireSeconds = (Date.now() - started) / 1000;
    const writers = await sampled;
    expect(pending).toBe(0);

    // None lost: every reminder fired (none skipped, cancelled or still pending).
    const statuses = await sql.query(
      `SELECT status, count(*)::int AS count FROM timers WHERE kind = 'reminder' GROUP BY 1`,
    );
    expect(statuses.rows).toEqual([{ status: 'fired', count: timers }]);
    // ...and they fired while their rounds were open: no deadline came due meanwhile.
    expect(
      await count(`SELECT count(*) FROM timers WHERE kind = 'deadline' AND status <> 'pending'`),
    ).toBe(0);

    // Exactly once: one REMINDER_DUE audit event per timer, no timer twice, every timer there.
    expect(await count(`SELECT count(*) FROM audit_events WHERE type = 'REMINDER_DUE'`)).toBe(
      timers,
    );
    const twice = await sql.query(
      `SELECT payload->>'timerId' AS timer, count(*) FROM audit_events
        WHERE type = 'REMINDER_DUE' GROUP BY 1 HAVING count(*) > 1`,
    );
    expect(twice.rows).toEqual([]);
    expect(
      await count(
        `SELECT count(*) FROM timers t WHERE t.kind = 'reminder' AND NOT EXISTS (
           SELECT 1 FROM audit_events e
            WHERE e.type = 'REMINDER_DUE' AND e.payload->>'timerId' = t.id::text)`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) FROM audit_events e WHERE e.type = 'REMINDER_DUE' AND NOT EXISTS (
           SELECT 1 FROM timers t WHERE t.id::text = e.payload->>'timerId'
              AND t.kind = 'reminder' AND t.statement_id = e.statement_id
              AND t."offset" = e.payload->>'offset')`,
      ),
    ).toBe(0);
    // The effect went with the event: one reminder notification each, no more.
    expect(await count(`SELECT count(*) FROM outbox_messages WHERE kind = 'reminder'`)).toBe(
      timers,
    );
    // Each statement's audit chain still links up: seq 1, 2, 3… each naming its predecessor.
    expect(
      await count(
        `SELECT count(*) FROM audit_events e
           LEFT JOIN audit_events p ON p.statement_id = e.statement_id AND p.seq = e.seq - 1
          WHERE e.prev_hash IS DISTINCT FROM p.hash OR (p.id IS NULL AND e.seq <> 1)`,
      ),
    ).toBe(0);
    expect(
      await count(
        `SELECT count(*) FROM (SELECT statement_id FROM audit_events
          GROUP BY 1 HAVING count(DISTINCT seq) <> count(*)) repeated`,
      ),
    ).toBe(0);

    // Who fired what, as far as the sampled transaction ids tell.
    const byInstance = await sql.query(
      `SELECT xmin::text AS xid FROM audit_events WHERE type = 'REMINDER_DUE'`,
    );
    const fired = { 'adref-a': 0, 'adref-b': 0 } as Record<string, number>;
    for (const { xid } of byInstance.rows) {
      const app = writers.get(xid);
      if (app) fired[app] += 1;
    }
    const span = await sql.query(
      `SELECT extract(epoch FROM max(recorded_at) - min(recorded_at)) AS seconds
         FROM audit_events WHERE type = 'REMINDER_DUE'`,
    );
    console.log(
      `${timers} reminder timers over ${STATEMENTS} statements (setup ${setupSeconds.toFixed(1)} s): ` +
        `two instances fired them all in ${fireSeconds.toFixed(1)} s from spawn ` +
        `(both answering /health after ${upSeconds.toFixed(1)} s; ` +
        `first to last firing ${Number(span.rows[0].seconds).toFixed(1)} s); ` +
        `seen firing: adref-a ${fired['adref-a']}, adref-b ${fired['adref-b']} ` +
        `(of the transactions sampled)`,
    );
    expect(fired['adref-a']).toBeGreaterThan(0);
    expect(fired['adref-b']).toBeGreaterThan(0);
  }, 1_800_000); // setup, the deadline (600 s) as the bound of the firing, two app starts
});
