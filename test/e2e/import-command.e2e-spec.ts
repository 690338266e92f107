import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { databaseOptions } from '../../src/database/database.options';
import { ENTITIES } from '../../src/entities';
import { runNpmScript } from '../support/npm-script';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const IMPORTS = resolve(__dirname, '../../scripts/imports');
const GOOD_GOVERNANCE = join(IMPORTS, 'accsm-2019-good-governance.json');
const WORK_LIFE_BALANCE = join(IMPORTS, 'accsm-2024-work-life-balance.json');

// `npm run import -- FILE` as an admin runs it: the app's configured database (a PGlite folder,
// or PostgreSQL), migrations run, no HTTP and no workers.
describe('npm run import', () => {
  let database: TestDatabase;
  let folder: string;
  let env: Record<string, string | undefined>;

  beforeAll(async () => {
    database = await createTestDatabase();
    folder = mkdtempSync(join(tmpdir(), 'adref-import-'));
    env = database.env.DATABASE_URL
      ? { DATABASE_URL: database.env.DATABASE_URL, ADREF_DATA_DIR: folder }
      : { DATABASE_URL: undefined, ADREF_DATA_DIR: join(folder, 'data') };
  });
  afterAll(async () => {
    await database.drop();
    rmSync(folder, { recursive: true, force: true });
  });

  /** What the database holds once the command has exited (PGlite: one process at a time). */
  async function query<T>(sql: string): Promise<T[]> {
    const dataSource = new DataSource(
      databaseOptions({ url: env.DATABASE_URL, dataDir: env.ADREF_DATA_DIR! }, ENTITIES),
    );
    await dataSource.initialize();
    try {
      return await dataSource.query(sql);
    } finally {
      await dataSource.destroy();
    }
  }

  it('imports both real statements, refuses a repeat (exit 3) and a refused file (exit 1)', async () => {
    const first = await runNpmScript('import', [GOOD_GOVERNANCE, WORK_LIFE_BALANCE], env);
    expect(first.stderr).not.toContain('failed');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('imported accsm-2019-good-governance');
    expect(first.stdout).toContain('adopted on 2019-04-24T04:00:00.000Z (meeting)');
    expect(first.stdout).toContain('imported accsm-2024-work-life-balance');
    expect(first.stdout).toContain('adopted on 2024-09-13T03:00:00.000Z (consensus)');

    const repeat = await runNpmScript('import', [GOOD_GOVERNANCE], env);
    expect(repeat.code).toBe(3);
    expect(repeat.stderr).toContain('already_imported');

    // Timor-Leste answering in 2024, when it was an observer: refused, event named, nothing stored.
    const file = JSON.parse(readFileSync(WORK_LIFE_BALANCE, 'utf8'));
    file.importKey = 'accsm-2024-with-an-observer';
    file.events[4].member = 'TLS';
    const refused = join(folder, 'refused.json');
    writeFileSync(refused, JSON.stringify(file));
    const refusal = await runNpmScript('import', [refused], env);
    expect(refusal.code).toBe(1);
    expect(refusal.stderr).toContain('events[4] RECORD_POSITION');
    expect(refusal.stderr).toContain('member_not_in_electorate');

    const statements = await query<{ import_key: string; state: string; imported_at: Date }>(
      'SELECT import_key, state, imported_at FROM statements ORDER BY import_key',
    );
    expect(statements.map((s) => [s.import_key, s.state])).toEqual([
      ['accsm-2019-good-governance', 'adopted'],
      ['accsm-2024-work-life-balance', 'adopted'],
    ]);
    expect(statements.every((s) => s.imported_at !== null)).toBe(true);
    const [events] = await query<{ total: number; imported: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE payload->>'imported' = 'true')::int AS imported FROM audit_events`,
    );
    expect(events).toEqual({ total: 17, imported: 17 });
    const [effects] = await query<{ outbox: number; timers: number; positions: number }>(
      `SELECT (SELECT count(*)::int FROM outbox_messages) AS outbox,
              (SELECT count(*)::int FROM timers) AS timers,
              (SELECT count(*)::int FROM positions) AS positions`,
    );
    expect(effects).toEqual({ outbox: 0, timers: 0, positions: 10 });
  }, 600_000);
});
