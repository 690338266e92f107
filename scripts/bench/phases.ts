// The measurements both databases share: seeding the board, verifying samples, the writes
// (baseline, HTTP, in process) and the reads.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { AppProcess, ROOT } from './app-process';
import { baselineWrite, dropBaseline, prepareBaseline } from './baseline';
import { loadTemplate, seedCopies } from './copies';
import type { Signer, Template } from './copies';
import { bootEngine, principals, recordPositionInProcess } from './in-process';
import { callLoad, httpLoad } from './load';
import type { HttpRequest } from './load';
import type { DatabaseFigures, VerifiedSample } from './report';
import { ADMIN_TOKEN, DAY_MS, late, log, options, phase, show } from './run';
import type { World } from './seed';
import type { Sql } from './sql';
import { WritePlan } from './write-plan';

export interface Templates {
  targets: Template[];
  overdue: Template[];
}

export async function loadTemplates(sql: Sql, world: World): Promise<Templates> {
  const load = (ids: string[]) => Promise.all(ids.map((id) => loadTemplate(sql, id)));
  return {
    targets: await load(world.targets.map((s) => s.id)),
    overdue: await load(world.overdue.map((s) => s.id)),
  };
}

export interface Board {
  ids: string[];
  collectingCopies: string[];
  overdueCopies: string[];
  /** Copies a second, to plan how long the deadline copies take. */
  copiesPerSecond: number;
}

/** The board: the seeded statements, copies of the overdue ones, copies of the open ones. */
export async function seedBoard(
  sql: Sql,
  world: World,
  templates: Templates,
  signer: Signer,
  size: number,
): Promise<Board> {
  const t = Date.now();
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 10);
  const overdueCount = Math.max(
    0,
    Math.round(size * options['overdue-share']) - world.overdue.length,
  );
  const overdueCopies = templates.overdue.length
    ? await seedCopies(sql, templates.overdue, signer, overdueCount, (i, template) => ({
        title: `${template.title} · copy ${i + 1}`,
        now,
      }))
    : [];
  const seeded = world.targets.length + world.overdue.length;
  const collectingCount = Math.max(0, size - seeded - overdueCopies.length);
  // Deadlines spread over the next two months, so that the board has an order to sort by.
  const collectingCopies = await seedCopies(
    sql,
    templates.targets,
    signer,
    collectingCount,
    (i, template) => ({
      title: `${template.title} · copy ${i + 1}`,
      deadline: new Date(today + (2 + (i % 58)) * DAY_MS),
      now,
    }),
  );
  const copies = overdueCopies.length + collectingCopies.length;
  // Rows arrive one by one in use, and autovacuum keeps the statistics and the visibility map
  // (the board's index-only counts) current; 10,000 copies in seconds do not wait a minute for
  // it. PGlite has no autovacuum: the app runs the same VACUUM every ADREF_PGLITE_VACUUM_MS.
  await sql.query('VACUUM (ANALYZE)');
  return {
    ids: [
      ...world.targets.map((s) => s.id),
      ...world.overdue.map((s) => s.id),
      ...overdueCopies,
      ...collectingCopies,
    ],
    overdueCopies,
    collectingCopies,
    copiesPerSecond: copies / Math.max(0.001, (Date.now() - t) / 1000),
  };
}

/** `npm run verify -- <id>` as a child process, with the database the app uses. */
function runVerify(database: Record<string, string>, statementId: string, what: string) {
  return new Promise<VerifiedSample>((done) => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...database };
    if (!database.DATABASE_URL) delete env.DATABASE_URL;
    const child = spawn(process.execPath, [join(ROOT, 'dist/scripts/verify.js'), statementId], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => {
      const first = output.trim().split('\n')[0] ?? '';
      done({ statementId, what, valid: code === 0, detail: code === 0 ? first : output.trim() });
    });
  });
}

export async function verifySamples(
  f: DatabaseFigures,
  database: Record<string, string>,
  samples: [string | undefined, string][],
  parallel: boolean,
): Promise<void> {
  const present = samples.filter((s): s is [string, string] => !!s[0]);
  const results = parallel
    ? await Promise.all(present.map(([id, what]) => runVerify(database, id, what)))
    : await present.reduce(
        async (all, [id, what]) => [...(await all), await runVerify(database, id, what)],
        Promise.resolve<VerifiedSample[]>([]),
      );
  for (const result of results) {
    log(
      `  npm run verify -- ${result.statementId} (${result.what}): ${result.valid ? 'valid' : `PROBLEMS\n${result.detail}`}`,
    );
  }
  f.verified.push(...results);
}

function positionRequest(world: World, plan: WritePlan): () => HttpRequest {
  return () => {
    const write = plan.take();
    const focalPoint = world.focalPoints.get(write.member);
    if (!focalPoint) throw new Error(`no focal point for ${write.member}`);
    return {
      method: 'POST',
      path: `/api/v1/statements/${write.statementId}/positions`,
      headers: { authorization: `Bearer ${focalPoint.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        member: write.member,
        position: write.position,
        versionHash: write.versionHash,
        text: write.text,
      }),
    };
  };
}

export async function baselineRuns(
  f: DatabaseFigures,
  sql: Sql,
  world: World,
  signer: Signer,
  pids: () => number[],
  proc: 'app' | 'bench',
): Promise<void> {
  await prepareBaseline(
    sql,
    world.targets.map((s) => s.id),
  );
  for (const clients of [1, 32] as const) {
    const plan = new WritePlan(world.targets, world.electorate, `baseline ${clients}`);
    const figure = await phase(f, `baseline, ${clients} client(s)`, proc, pids, () =>
      callLoad({
        concurrency: clients,
        seconds: options.seconds,
        call: () => {
          const write = plan.take();
          const by = world.focalPoints.get(write.member)?.id ?? '';
          return sql.transaction((query) => baselineWrite(query, write, by, signer));
        },
      }),
    );
    show(`baseline ${clients}`, figure);
    f[clients === 1 ? 'baseline_1' : 'baseline_32'] = figure;
  }
  await dropBaseline(sql);
}

export async function httpWrites(
  f: DatabaseFigures,
  app: AppProcess,
  world: World,
  pids: () => number[],
): Promise<void> {
  for (const connections of [1, 32] as const) {
    const plan = new WritePlan(world.targets, world.electorate, `http ${connections}`);
    const figure = await phase(f, `POST position, ${connections} connection(s)`, 'app', pids, () =>
      httpLoad({
        origin: app.origin,
        connections,
        seconds: options.seconds,
        next: positionRequest(world, plan),
      }),
    );
    show(`POST position ${connections}`, figure);
    f[connections === 1 ? 'http_position_1' : 'http_position_32'] = figure;
  }
}

export async function inProcessWrites(
  f: DatabaseFigures,
  database: Record<string, string | undefined>,
  world: World,
): Promise<void> {
  const self = () => [process.pid];
  const engine: INestApplicationContext = await phase(
    f,
    'engine boot (this process)',
    'bench',
    self,
    () => bootEngine({ ...database, ADREF_ADMIN_TOKEN: ADMIN_TOKEN }),
  );
  try {
    const people = await principals(
      engine,
      [...world.focalPoints.values()].map((p) => p.id),
    );
    for (const callers of [1, 32] as const) {
      const plan = new WritePlan(world.targets, world.electorate, `in-process ${callers}`);
      const figure = await phase(f, `engine in process, ${callers} caller(s)`, 'bench', self, () =>
        callLoad({
          concurrency: callers,
          seconds: options.seconds,
          call: () => {
            const write = plan.take();
            const principal = people.get(world.focalPoints.get(write.member)?.id ?? '');
            if (!principal) throw new Error(`no principal for ${write.member}`);
            return recordPositionInProcess(engine, write, principal);
          },
        }),
      );
      show(`in process ${callers}`, figure);
      f[callers === 1 ? 'inProcess_position_1' : 'inProcess_position_32'] = figure;
    }
  } finally {
    await engine.close();
  }
}

export async function reads(
  f: DatabaseFigures,
  app: AppProcess,
  world: World,
  boardIds: string[],
  pids: () => number[],
): Promise<void> {
  const token = (world.focalPoints.get('THA') ?? [...world.focalPoints.values()][0]).token;
  const headers = { authorization: `Bearer ${token}` };
  let i = 0;
  // A stride through the whole board, so that reads do not hit one hot row.
  const byId = (): HttpRequest => ({
    method: 'GET',
    path: `/api/v1/statements/${boardIds[(i++ * 7919) % boardIds.length]}`,
    headers,
  });
  const fixed = (path: string) => (): HttpRequest => ({ method: 'GET', path, headers });
  const runs: [keyof DatabaseFigures, string, number, () => HttpRequest][] = [
    ['get_statement_1', 'GET /statements/:id, 1 connection', 1, byId],
    ['get_statement_8', 'GET /statements/:id, 8 connections', 8, byId],
    ['board_8', 'board GET /statements, 8 connections', 8, fixed('/api/v1/statements')],
    [
      'pendingFor_8',
      '?pendingFor=THA, 8 connections',
      8,
      fixed('/api/v1/statements?pendingFor=THA'),
    ],
    ['overdue_8', '?overdue=true, 8 connections', 8, fixed('/api/v1/statements?overdue=true')],
  ];
  for (const [key, name, connections, next] of runs) {
    if (late(f, name, options.seconds + 5)) continue;
    const figure = await phase(f, name, 'app', pids, () =>
      httpLoad({ origin: app.origin, connections, seconds: options.seconds, next }),
    );
    show(name, figure);
    Object.assign(f, { [key]: figure });
  }
}

/** A whole second ahead of now, so that the deadline reads plainly in the timers table. */
export const wholeSecondIn = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 1000) * 1000);

export const deadlinesPhase = (due: number, instances: number) =>
  `${due.toLocaleString('en')} deadlines at once, ${instances === 1 ? 'one instance' : `${instances} instances`}`;

export const deadlineCopy = (dueAt: Date) => (i: number, template: Template) => ({
  title: `${template.title} · due ${i + 1}`,
  deadline: dueAt,
  now: new Date(),
});

export async function countPositions(sql: Sql): Promise<number> {
  const [row] = await sql.query<{ count: string }>('SELECT count(*) AS count FROM positions');
  return Number(row.count);
}

export async function firedDeadlineCopy(sql: Sql): Promise<string | undefined> {
  const [row] = await sql.query<{ id: string }>(
    `SELECT statement_id AS id FROM timers
      WHERE kind = 'deadline' AND status = 'fired' AND note IS NULL
      ORDER BY settled_at DESC LIMIT 1`,
  );
  return row?.id;
}
