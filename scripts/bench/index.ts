// npm run bench: the figures of issue 11, on PostgreSQL and on the embedded PGlite, side by side
// in one run. It starts the app as users run it (node dist/src/main.js) on a database of its
// own, seeds through the real API (and copies in SQL, chains recomputed and signed), measures,
// prints a table and writes bench-results.json. Every write goes through the real path.
//
//   npm run bench                       both databases, about 7 minutes on 2 cores
//   npm run bench -- --databases postgres --seconds 10
//   npm run bench -- --help
import 'reflect-metadata';
import { cpus } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './app-process';
import { runPglite } from './pglite';
import { runPostgres } from './postgres';
import { formatTable, ratiosOf, rssRows, tableRows } from './report';
import type { Results } from './report';
import {
  cleanUp,
  log,
  options,
  PGLITE_SECONDS,
  reserveSeconds,
  rss,
  RUN,
  STARTED,
  WORK,
} from './run';

async function main(): Promise<void> {
  const databases = String(options.databases)
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  const unknown = databases.filter((d) => d !== 'postgres' && d !== 'pglite');
  if (unknown.length) throw new Error(`--databases takes postgres and pglite, not ${unknown}`);
  log(`run ${RUN}: ${databases.join(', ')}; ${options.seconds} s per measurement; work in ${WORK}`);
  const results: Results = {
    ratios: {},
    figures: {
      run: {
        id: RUN,
        date: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        secondsPerMeasurement: options.seconds,
        deadlineCapSeconds: options['deadline-seconds'],
      },
    },
  };
  for (const [i, database] of databases.entries()) {
    reserveSeconds(databases.slice(i + 1).includes('pglite') ? PGLITE_SECONDS : 0);
    if (database === 'postgres') results.figures.postgres = await runPostgres();
    else results.figures.pglite = await runPglite();
  }
  results.ratios = ratiosOf(results.figures.postgres);
  results.figures.run.totalSeconds = Math.round((Date.now() - STARTED) / 1000);

  console.log('');
  console.log(formatTable(tableRows(results)));
  console.log('');
  console.log('RSS per phase: "app" the app instance(s), "bench" this process (engine in process)');
  console.log(formatTable(rssRows(results), 40));
  for (const [label, f] of [
    ['PostgreSQL', results.figures.postgres],
    ['PGlite', results.figures.pglite],
  ] as const) {
    if (!f) continue;
    const verified = f.verified.map((v) => `${v.what}: ${v.valid ? 'valid' : 'PROBLEMS'}`);
    console.log(`\n${label} (${f.seconds} s): npm run verify -- <id> on ${verified.join('; ')}`);
    for (const note of f.notes) console.log(`  note: ${note}`);
  }
  const file = join(ROOT, 'bench-results.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${file}; the whole run took ${results.figures.run.totalSeconds} s`);
  const invalid = [results.figures.postgres, results.figures.pglite].some((f) =>
    f?.verified.some((v) => !v.valid),
  );
  if (invalid) throw new Error('a sampled statement did not verify (see above)');
}

process.once('SIGINT', () => {
  console.error('\nSIGINT: cleaning up');
  void cleanUp().then(() => process.exit(130));
});
main()
  .then(
    () => 0,
    (error: unknown) => {
      console.error(`bench failed: ${error instanceof Error ? error.stack : String(error)}`);
      return 1;
    },
  )
  .then(async (code) => {
    await rss.stop();
    await cleanUp();
    process.exit(code);
  });
