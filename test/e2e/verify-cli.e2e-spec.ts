import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildApp, CHILD_WAIT_MS } from '../support/app-process';
import { AdrefClient, ASEAN_MEMBERS_2026, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const ROOT = resolve(__dirname, '../..');
const OPENED_AT = '2026-03-02T02:00:00Z';
const DEADLINE = '2026-04-01T17:00:00+07:00';
const CHILD_TIMEOUT_MS = 240_000;

interface Run {
  code: number | null;
  output: string;
}

/** `npm run verify` (build included) or its built script, as a user runs it, on `env`'s database. */
function runVerify(env: Record<string, string>, args: string[], viaNpm = false): Promise<Run> {
  const processEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete processEnv.DATABASE_URL;
  const [command, commandArgs] = viaNpm
    ? ['npm', ['run', '--silent', 'verify', '--', ...args]]
    : [process.execPath, [join(ROOT, 'dist/scripts/verify.js'), ...args]];
  return new Promise((done, fail) => {
    const child = spawn(command, commandArgs, { cwd: ROOT, env: processEnv, stdio: 'pipe' });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`verify did not finish in ${CHILD_TIMEOUT_MS} ms: ${output}`));
    }, CHILD_TIMEOUT_MS);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

// The CLI opens the database itself: a PGlite folder only once the app has closed it (one
// process at a time), a PostgreSQL database at any time.
describe('npm run verify: exit code and witnesses, as a process', () => {
  const folder = mkdtempSync(join(tmpdir(), 'adref-verify-'));
  let database: TestDatabase | null = null;
  let env: Record<string, string>;
  let id: string;
  let last: string;
  let before: { statement: Record<string, any>; roundId: string };
  const recordJson = join(folder, 'record.json');
  const recordCsv = join(folder, 'record.csv');

  async function withApp<T>(use: (t: TestApp) => Promise<T>): Promise<T> {
    const t = await createTestApp(OPENED_AT, env);
    try {
      return await use(t);
    } finally {
      await t.close();
    }
  }

  beforeAll(async () => {
    // dist/ for the runs of the built script; `npm run verify` below builds it again itself.
    buildApp();
    const dataDir = join(folder, 'data');
    if (process.env.TEST_DATABASE_URL) {
      database = await createTestDatabase();
      // The data folder holds only the signing key here.
      env = { DATABASE_URL: database.env.DATABASE_URL!, ADREF_DATA_DIR: dataDir };
    } else {
      env = { ADREF_DATA_DIR: dataDir };
    }
    await withApp(async (t) => {
      const client = new AdrefClient(t);
      const cambodia: User = await client.user('chair_secretariat', 'KHM');
      const focal = await client.focalPoints(ASEAN_MEMBERS_2026);
      const opened = await client.openRound(cambodia, { deadline: DEADLINE });
      id = opened.id;
      const electorate = opened.round.electorate as string[];
      const answer = (member: string) =>
        client.expectPosition(focal[member], id, {
          member,
          position: 'endorse',
          versionHash: opened.currentVersion.hash,
        });
      for (const member of electorate.slice(0, -1)) await answer(member);
      last = electorate.at(-1)!;
      const [statement] = await t.dataSource.query('SELECT * FROM statements WHERE id = $1', [id]);
      const [round] = await t.dataSource.query('SELECT id FROM rounds WHERE statement_id = $1', [
        id,
      ]);
      before = { statement, roundId: round.id };
      expect((await answer(last)).state).toBe('adopted');
      // The records a member's archive keeps: the JSON and the CSV.
      const json = await client.get(cambodia, `/statements/${id}/record`);
      const csv = await client.get(cambodia, `/statements/${id}/record.csv`);
      expect([json.status, csv.status]).toEqual([200, 200]);
      writeFileSync(recordJson, JSON.stringify(json.body));
      writeFileSync(recordCsv, csv.text);
    });
    // The build (tsc, a child process) gets a child-process wait, on a busy machine too.
  }, 2 * CHILD_WAIT_MS);

  afterAll(async () => {
    await database?.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  it(
    'exits 0 on a clean database, with the records as witnesses',
    async () => {
      const one = await runVerify(env, [id], true);
      expect(one.output).toMatch(new RegExp(`^valid +${id} `, 'm'));
      expect(one.code).toBe(0);

      const all = await runVerify(env, ['--witness', recordJson, '--witness', recordCsv]);
      expect(all.output).toContain('1 statement verified: 1 valid, 0 with problems');
      expect(all.code).toBe(0);
    },
    2 * CHILD_TIMEOUT_MS,
  );

  it(
    'exits non-zero when a witness shows a deleted tail that nothing inside adref shows',
    async () => {
      await withApp(async (t) => {
        const tables = ['audit_events', 'positions'];
        for (const table of tables)
          await t.dataSource.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
        try {
          await t.dataSource.query(
            `DELETE FROM audit_events
              WHERE statement_id = $1 AND seq = (SELECT max(seq) FROM audit_events WHERE statement_id = $1)`,
            [id],
          );
          await t.dataSource.query(
            'DELETE FROM positions WHERE statement_id = $1 AND member_code = $2',
            [id, last],
          );
          const s = before.statement;
          await t.dataSource.query(
            `UPDATE statements SET snapshot = $2::jsonb, state = $3, round_state = $4,
                    open_deadline = $5, lock_version = $6, updated_at = $7 WHERE id = $1`,
            [
              id,
              JSON.stringify(s.snapshot),
              s.state,
              s.round_state,
              s.open_deadline,
              s.lock_version,
              s.updated_at,
            ],
          );
          await t.dataSource.query(
            'UPDATE rounds SET closed_at = NULL, outcome = NULL WHERE id = $1',
            [before.roundId],
          );
        } finally {
          for (const table of tables)
            await t.dataSource.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
        }
      });

      const alone = await runVerify(env, []);
      expect(alone.output).toMatch(new RegExp(`^valid +${id} `, 'm'));
      expect(alone.code).toBe(0);

      const witnessed = await runVerify(env, ['--witness', recordCsv]);
      expect(witnessed.output).toMatch(new RegExp(`^PROBLEMS +${id} `, 'm'));
      expect(witnessed.output).toMatch(
        /- missing_events: event (\d+): the witness in .*record\.csv holds event \1; the chain ends at \d+: events were deleted/,
      );
      expect(witnessed.code).toBe(1);
    },
    3 * CHILD_TIMEOUT_MS,
  );
});
