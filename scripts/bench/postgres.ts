// The PostgreSQL part: one database of its own, one app instance (two for the last deadlines).
import { join } from 'node:path';
import { AppProcess, sleep } from './app-process';
import { appSigner, seedCopies } from './copies';
import { cancelLeftovers, deadlineFigure, deadlineProgress } from './deadlines';
import type { DeadlineFigure } from './deadlines';
import {
  baselineRuns,
  countPositions,
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
import { adminQuery, postgresSql, withDatabase } from './sql';

export async function runPostgres(): Promise<DatabaseFigures> {
  const f = newFigures();
  const t = Date.now();
  const serverUrl = options['server-url'];
  const name = `adref_bench_${RUN}`;
  log(`PostgreSQL: database ${name} on ${new URL(serverUrl).host}`);
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  onCleanup(() =>
    options['keep-files'] === 1
      ? log(`kept database ${name}`)
      : adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
  const url = withDatabase(serverUrl, name);
  const dataDir = join(WORK, 'postgres-data');
  const database = { DATABASE_URL: url, ADREF_DATA_DIR: dataDir };
  const env = appEnvironment(database);
  const apps = [await AppProcess.create('postgres-a', env, WORK)];
  onCleanup(() => Promise.all(apps.map((app) => app.stop())));
  const [a] = apps;
  const pids = () => apps.flatMap((app) => (app.pid ? [app.pid] : []));

  await phase(f, 'app start', 'app', pids, () => a.start());
  const world = await phase(f, 'seed through the API', 'app', pids, () =>
    seedThroughApi(a.origin, ADMIN_TOKEN, {
      targets: options.targets,
      overdue: Math.max(1, Math.round(options.targets / 10)),
      concurrency: 8,
      runId: RUN,
    }),
  );
  const sql = postgresSql(url);
  onCleanup(() => sql.close());
  const signer = appSigner(dataDir);
  const templates = await loadTemplates(sql, world);
  const board = await phase(f, 'copies in SQL', 'app', pids, () =>
    seedBoard(sql, world, templates, signer, options.board),
  );
  f.board = board.ids.length;
  log(`  board: ${f.board} statements (${Math.round(board.copiesPerSecond)} copies/s)`);
  await verifySamples(
    f,
    database,
    [
      [board.collectingCopies[0], 'a copy, round open'],
      [board.overdueCopies[0], 'a copy, deadline passed'],
    ],
    true,
  );

  const baselineSql = postgresSql(url, 32);
  try {
    await baselineRuns(f, baselineSql, world, signer, pids, 'app');
  } finally {
    await baselineSql.close();
  }

  const positionsBefore = await countPositions(sql);
  await httpWrites(f, a, world, pids);
  const written = (await countPositions(sql)) - positionsBefore;
  const acknowledged = (f.http_position_1?.ok ?? 0) + (f.http_position_32?.ok ?? 0);
  // Up to one request per connection is still in flight when autocannon stops counting.
  log(`  positions stored: ${written}, answered 201 in time: ${acknowledged}`);
  if (written < acknowledged || written > acknowledged + 33) {
    f.notes.push(`HTTP writes: ${acknowledged} answered 201 but ${written} positions were stored`);
  }

  await inProcessWrites(f, database, world);
  await reads(f, a, world, board.ids, pids);

  const deadlineRun = async (due: number, instances: AppProcess[]): Promise<DeadlineFigure> => {
    // Copies due one instant ahead, time enough to insert them all first.
    const dueAt = wholeSecondIn(((due / board.copiesPerSecond) * 1.5 + 2) * 1000);
    await seedCopies(sql, templates.targets, signer, due, deadlineCopy(dueAt));
    const inserted = Date.now();
    if (inserted < dueAt.getTime()) await sleep(dueAt.getTime() - inserted);
    const from = new Date(Math.max(dueAt.getTime(), inserted));
    const cap = Math.max(5, Math.min(options['deadline-seconds'], remainingSeconds() - 60));
    while (Date.now() < from.getTime() + cap * 1000) {
      if ((await deadlineProgress(sql, dueAt)).settled >= due) break;
      await sleep(250);
    }
    const figure = await deadlineFigure(sql, {
      dueAt,
      from,
      due,
      instances: instances.length,
      capSeconds: cap,
    });
    const left = await cancelLeftovers(sql, dueAt);
    if (left) log(`  ${left} deadlines not fired within ${cap} s were cancelled (bench copies)`);
    return figure;
  };
  const deadlineRuns: [keyof DatabaseFigures, number, number][] = [
    ['deadlines_2000_1', 2000, 1],
    ['deadlines_10000_1', 10_000, 1],
    ['deadlines_10000_2', 10_000, 2],
  ];
  let firedCopy: string | undefined;
  for (const [key, due, instances] of deadlineRuns) {
    const what = deadlinesPhase(due, instances);
    if (late(f, what, 60)) continue;
    if (instances > apps.length) {
      const b = await AppProcess.create('postgres-b', env, WORK);
      apps.push(b);
      await phase(f, 'second instance start', 'app', pids, () => b.start());
    }
    const figure = await phase(f, what, 'app', pids, () => deadlineRun(due, apps));
    log(`  ${what}: ${JSON.stringify(figure)}`);
    Object.assign(f, { [key]: figure });
    firedCopy ??= await firedDeadlineCopy(sql);
  }
  await verifySamples(
    f,
    database,
    [
      [firedCopy, 'a copy whose deadline the app fired'],
      [world.targets[0]?.id, 'a seeded statement after the writes'],
    ],
    true,
  );
  await Promise.all(apps.map((app) => app.stop()));
  f.seconds = Math.round((Date.now() - t) / 1000);
  return f;
}
