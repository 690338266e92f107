// The run's shared state: options, the log, the time budget, clean-up, and phases (timed,
// logged, their RSS sampled).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadFigure } from './load';
import type { DatabaseFigures } from './report';
import { RssSampler } from './rss';

// ---------------------------------------------------------------------------------------------
// Options: --name value, --name=value or BENCH_NAME=value.

const OPTIONS = {
  databases: { fallback: 'postgres,pglite', help: 'which databases, in order' },
  seconds: { fallback: 8, help: 'length of each load measurement' },
  'deadline-seconds': { fallback: 30, help: 'longest wait for one deadline run to fire' },
  board: { fallback: 10_000, help: 'statements on the board (PostgreSQL)' },
  'pglite-board': { fallback: 10_000, help: 'statements on the board (PGlite)' },
  targets: { fallback: 200, help: 'statements seeded through the API, which the writes go to' },
  'pglite-targets': { fallback: 100, help: 'the same on PGlite' },
  'overdue-share': { fallback: 0.1, help: 'share of the board whose deadline has passed' },
  'max-minutes': { fallback: 9, help: 'phases still to come are skipped after this' },
  'server-url': {
    fallback:
      process.env.BENCH_DATABASE_URL ||
      process.env.TEST_DATABASE_URL ||
      'postgres://postgres@127.0.0.1:5432/postgres',
    help: 'the PostgreSQL server (a database adref_bench_<run> is made there and dropped)',
  },
  'keep-files': { fallback: 0, help: '1 keeps the app logs, data folders and database' },
} satisfies Record<string, { fallback: number | string; help: string }>;
type Name = keyof typeof OPTIONS;
type Options = { [K in Name]: (typeof OPTIONS)[K]['fallback'] };

function parseOptions(argv: string[]): Options {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log('usage: npm run bench -- [--option value ...]  (or BENCH_<OPTION>=value)\n');
    for (const [name, spec] of Object.entries(OPTIONS)) {
      console.log(`  --${name.padEnd(17)} ${spec.help} (default ${spec.fallback})`);
    }
    process.exit(0);
  }
  const values: Record<string, string | number> = {};
  for (const [name, spec] of Object.entries(OPTIONS)) {
    const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, '_')}`];
    values[name] = env ?? spec.fallback;
  }
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!match || !(match[1] in OPTIONS)) throw new Error(`unknown argument ${argv[i]} (--help)`);
    values[match[1]] = match[2] ?? argv[++i];
  }
  for (const [name, spec] of Object.entries(OPTIONS)) {
    if (typeof spec.fallback !== 'number') continue;
    const value = Number(values[name]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
    values[name] = value;
  }
  return values as Options;
}

export const options = parseOptions(process.argv.slice(2));
export const RUN = randomBytes(4).toString('hex');
export const ADMIN_TOKEN = `bench-admin-${randomBytes(12).toString('hex')}`;
export const STARTED = Date.now();
export const WORK = mkdtempSync(join(tmpdir(), 'adref-bench-'));
export const DAY_MS = 86_400_000;

const elapsed = () => ((Date.now() - STARTED) / 1000).toFixed(1);
export const log = (text: string) => console.log(`[bench ${elapsed().padStart(6)} s] ${text}`);
/** Seconds left of --max-minutes, less what the databases still to come need. */
export const remainingSeconds = () =>
  options['max-minutes'] * 60 - (Date.now() - STARTED) / 1000 - reservedSeconds;
let reservedSeconds = 0;
/** Keeps `seconds` of the budget for the databases still to come. */
export const reserveSeconds = (seconds: number) => (reservedSeconds = seconds);
/** About what the PGlite part takes here, kept free while PostgreSQL runs first. */
export const PGLITE_SECONDS = 240;

// ---------------------------------------------------------------------------------------------
// Clean-up that also runs on failure and on Ctrl-C.

const cleanups: Array<() => Promise<unknown> | unknown> = [];
export const onCleanup = (step: () => Promise<unknown> | unknown) => cleanups.push(step);
let cleaning: Promise<void> | null = null;
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`clean-up step failed: ${(error as Error).message}`);
      }
    }
    if (options['keep-files'] === 1) log(`kept ${WORK}`);
    else rmSync(WORK, { recursive: true, force: true });
  })();
  return cleaning;
}

// ---------------------------------------------------------------------------------------------
// Phases: each is timed, logged, and its RSS sampled.

export const rss = new RssSampler();

export function newFigures(): DatabaseFigures {
  return { board: 0, rss: {}, verified: [], notes: [] as string[], seconds: 0 };
}

export async function phase<T>(
  f: DatabaseFigures,
  name: string,
  proc: 'app' | 'bench',
  pids: () => number[],
  work: () => Promise<T>,
): Promise<T> {
  const t = Date.now();
  rss.begin(pids);
  try {
    return await work();
  } finally {
    const figure = await rss.end();
    if (figure) f.rss[name] = { ...figure, process: proc };
    log(
      `${name}: ${((Date.now() - t) / 1000).toFixed(1)} s` +
        (figure ? `, ${proc} RSS ${figure.steady} MB steady, ${figure.peak} MB peak` : ''),
    );
  }
}

export const show = (what: string, figure: LoadFigure) =>
  log(
    `  ${what}: ${figure.rate}/s, p50 ${figure.p50} ms, p99 ${figure.p99} ms` +
      (figure.failed ? `, ${figure.failed} FAILED: ${figure.failures?.join(' | ')}` : ''),
  );

/** Skips what would run past --max-minutes, and says so in the results. */
export function late(f: DatabaseFigures, what: string, needsSeconds: number): boolean {
  if (remainingSeconds() >= needsSeconds) return false;
  const note = `${what}: skipped, the run reached --max-minutes ${options['max-minutes']}`;
  f.notes.push(note);
  log(note);
  return true;
}

export function appEnvironment(database: Record<string, string>): Record<string, string> {
  return {
    ...database,
    ADREF_ADMIN_TOKEN: ADMIN_TOKEN,
    ADREF_WORKERS: 'on',
    // Every focal point writes far more than a person would: the write limit would refuse it.
    ADREF_RATE_WRITES: 'off',
    ADREF_RATE_AUTH_FAILURES: 'off',
    NO_COLOR: '1',
  };
}
