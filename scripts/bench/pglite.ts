// The PGlite part. One folder serves one process: the app stops while this process uses the
// folder (SQL copies, the baseline, the engine in process) and starts again for what goes over
// HTTP and for the deadlines.
import { join } from 'node:path';
import { AppProcess, sleep } from './app-process';
import { appSigner, seedCopies } from './copies';
import { cancelLeftovers, deadlineFigure } from './deadlines';
import type { DeadlineFigure } from './deadlines';
import {
  baselineRuns,
  deadlineCopy,
  deadlinesPhase,
  firedDeadlineCopy,
  httpWrites,
  inProcessWrites,
  loadTemplates,
  reads,
  seedBoard,
  verifySamples,
  wholeSecondIn,
} from './phases';
import type { Board, Templates } from './phases';
import type { DatabaseFigures } from './report';
import {
  ADMIN_TOKEN,
  appEnvironment,
  late,
  log,
  newFigures,
  onCleanup,
  options,
  phase,
  remainingSeconds,
  RUN,
  WORK,
} from './run';
import { seedThroughApi } from './seed';
import { pgliteSql } from './sql';
import type { Sql } from './sql';

export async function runPglite(): Promise<DatabaseFigures> {
  const f = newFigures();
  const t = Date.now();
  const dataDir = join(WORK, 'pglite-data');
  const database = { ADREF_DATA_DIR: dataDir };
  const app = await AppProcess.create('pglite', appEnvironment(database), WORK);
  onCleanup(() => app.stop());
  const pids = () => (app.pid ? [app.pid] : []);
  const self = () => [process.pid];
  log(`PGlite: data folder ${dataDir}`);

  await phase(f, 'app start', 'app', pids, () => app.start());
  const world = await phase(f, 'seed through the API', 'app', pids, () =>
    seedThroughApi(app.origin, ADMIN_TOKEN, {
      targets: options['pglite-targets'],
      overdue: Math.max(1, Math.round(options['pglite-targets'] / 10)),
      concurrency: 4,
      runId: RUN,
    }),
  );
  await app.stop();

  const signer = appSigner(dataDir);
  let templates: Templates | undefined;
  let board: Board | undefined;
  await withPglite(dataDir, async (sql) => {
    templates = await loadTemplates(sql, world);
    const loaded = templates;
    board = await phase(f, 'copies in SQL (this process)', 'bench', self, () =>
      seedBoard(sql, world, loaded, signer, options['pglite-board']),
    );
    f.board = board.ids.length;
    log(`  board: ${f.board} statements (${Math.round(board.copiesPerSecond)} copies/s)`);
    await baselineRuns(f, sql, world, signer, self, 'bench');
  });
  if (!templates || !board) throw new Error('the PGlite board was not seeded');
  const { collectingCopies, overdueCopies, ids: boardIds, copiesPerSecond } = board;
  await verifySamples(
    f,
    database,
    [
      [collectingCopies[0], 'a copy, round open'],
      [overdueCopies[0], 'a copy, deadline passed'],
    ],
    false,
  );
  await inProcessWrites(f, { ...database, DATABASE_URL: undefined }, world);

  await phase(f, 'app start', 'app', pids, () => app.start());
  await httpWrites(f, app, world, pids);
  await reads(f, app, world, boardIds, pids);
  await app.stop();

  const targets = templates.targets;
  const deadlineRun = async (due: number): Promise<DeadlineFigure> => {
    // Due while the app is stopped (the folder is this process's meanwhile): they are all due
    // when it starts, as after a restart.
    const dueAt = wholeSecondIn(1000);
    await withPglite(dataDir, (sql) => seedCopies(sql, targets, signer, due, deadlineCopy(dueAt)));
    if (Date.now() < dueAt.getTime()) await sleep(dueAt.getTime() - Date.now());
    await app.start({ until: 'listening' });
    // From when the app listened: its scheduler started just before.
    const from = app.listeningAt ?? new Date();
    const cap = Math.max(5, Math.min(options['deadline-seconds'], remainingSeconds() - 30));
    let answered = 0;
    while (Date.now() < from.getTime() + cap * 1000) {
      const pending = await pendingThroughApi(app, dueAt);
      if (pending !== null) answered += 1;
      if (pending === 0) break;
      await sleep(500);
    }
    await app.stop();
    if (answered === 0) {
      f.notes.push(
        `${deadlinesPhase(due, 1)}: the app answered no HTTP request within the ${cap} s (the scheduler held PGlite's session)`,
      );
    }
    return withPglite(dataDir, async (sql) => {
      const figure = await deadlineFigure(sql, { dueAt, from, due, instances: 1, capSeconds: cap });
      const left = await cancelLeftovers(sql, dueAt);
      if (left) log(`  ${left} deadlines not fired within ${cap} s were cancelled (bench copies)`);
      return figure;
    });
  };
  let firedCopy: string | undefined;
  for (const [key, due] of [
    ['deadlines_2000_1', 2000],
    ['deadlines_10000_1', 10_000],
  ] as const) {
    const what = deadlinesPhase(due, 1);
    if (late(f, what, 45 + due / Math.max(1, copiesPerSecond))) continue;
    const figure = await phase(f, what, 'app', pids, () => deadlineRun(due));
    log(`  ${what}: ${JSON.stringify(figure)}`);
    f[key] = figure;
    firedCopy ??= await withPglite(dataDir, firedDeadlineCopy);
  }
  f.notes.push(
    'deadlines: due while the app was stopped, timed from when it listened again; two instances: not on PGlite, whose folder serves one process at a time',
  );
  if (!late(f, 'verify after the writes and deadlines', 20)) {
    await verifySamples(
      f,
      database,
      [
        [firedCopy, 'a copy whose deadline the app fired'],
        [world.targets[0]?.id, 'a seeded statement after the writes'],
      ],
      false,
    );
  }
  f.seconds = Math.round((Date.now() - t) / 1000);
  return f;
}

async function withPglite<T>(dataDir: string, work: (sql: Sql) => Promise<T>): Promise<T> {
  const sql = await pgliteSql(dataDir);
  try {
    return await work(sql);
  } finally {
    await sql.close();
  }
}

/**
 * Deadline timers due at `dueAt` still pending, as an admin sees them (the app lists 500 at
 * most), or null while the app does not answer: the scheduler may hold PGlite's one session.
 */
async function pendingThroughApi(app: AppProcess, dueAt: Date): Promise<number | null> {
  try {
    const response = await fetch(`${app.url}/admin/timers?status=pending`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      signal: AbortSignal.timeout(2_000),
    });
    if (!response.ok) return null;
    const timers = (await response.json()) as { kind: string; dueAt: string }[];
    const iso = dueAt.toISOString();
    return timers.filter((timer) => timer.kind === 'deadline' && timer.dueAt === iso).length;
  } catch {
    return null;
  }
}
