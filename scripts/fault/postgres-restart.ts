// Fault check: PostgreSQL itself is stopped and started again mid-load, on a throwaway cluster
// made here with initdb/pg_ctl in a temporary folder. Two app instances stay up throughout:
// clients see 503 with Retry-After during the outage (never 500), /health reports the
// database down, and afterwards every acknowledged position is there exactly once.
//
//   npm run fault:pg-restart [-- --mode immediate|fast --outage-seconds 4 ...]   (--help for all)
//   Needs PostgreSQL's server binaries (/usr/lib/postgresql/*/bin, or FAULT_PG_BIN); run as root,
//   the cluster runs as the postgres OS user.

import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import {
  AppInstance,
  appEnvironment,
  COMMON_OPTIONS,
  CommonOptions,
  freePort,
  inspect,
  judge,
  LoadControl,
  LoadStats,
  log,
  onCleanup,
  parseOptions,
  Phase,
  printTable,
  runClients,
  runFaultCheck,
  setUp,
  sleep,
  tempFolder,
} from './fault-harness';

const run = promisify(execFile);

interface RestartOptions extends CommonOptions {
  mode: string;
  'before-seconds': number;
  'outage-seconds': number;
  'after-seconds': number;
  'pg-bin': string;
}

const options = parseOptions<RestartOptions>('npm run fault:pg-restart --', [
  ...COMMON_OPTIONS,
  { name: 'mode', fallback: 'immediate', help: 'pg_ctl stop mode: immediate (a crash) or fast' },
  { name: 'before-seconds', fallback: 4, help: 'load before PostgreSQL stops' },
  { name: 'outage-seconds', fallback: 4, help: 'how long PostgreSQL stays down' },
  { name: 'after-seconds', fallback: 4, help: 'load after the apps are healthy again' },
  {
    name: 'pg-bin',
    fallback: '',
    help: 'folder of initdb and pg_ctl (default: newest under /usr/lib/postgresql)',
  },
]);
if (!['immediate', 'fast'].includes(options.mode))
  throw new Error('--mode must be immediate or fast');

function serverBinaries(): string {
  if (options['pg-bin']) return options['pg-bin'];
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin/pg_ctl')))
        .sort((x, y) => Number(y) - Number(x))
    : [];
  if (!versions.length)
    throw new Error(`no PostgreSQL server binaries under ${base}; give --pg-bin`);
  return join(base, versions[0], 'bin');
}

/** A PostgreSQL cluster of its own, in a temporary folder, on 127.0.0.1 with trust auth. */
class ThrowawayCluster {
  private readonly data: string;
  private running = false;

  private constructor(
    private readonly bin: string,
    private readonly folder: string,
    readonly port: number,
  ) {
    this.data = join(folder, 'data');
  }

  static async create(): Promise<ThrowawayCluster> {
    const folder = tempFolder('adref-fault-pg-');
    const cluster = new ThrowawayCluster(serverBinaries(), folder, await freePort());
    if (process.getuid?.() === 0) {
      // PostgreSQL refuses to run as root: the postgres OS user owns the folder and runs it.
      const { stdout } = await run('id', ['-u', 'postgres']);
      const { stdout: group } = await run('id', ['-g', 'postgres']);
      chownSync(folder, Number(stdout), Number(group));
    }
    onCleanup(() => cluster.stop('immediate'));
    await cluster.tool('initdb', [
      '-D',
      cluster.data,
      '-A',
      'trust',
      '-U',
      'postgres',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    return cluster;
  }

  private async tool(name: string, args: string[]): Promise<void> {
    const path = join(this.bin, name);
    const [command, argv] =
      process.getuid?.() === 0
        ? ['runuser', ['-u', 'postgres', '--', path, ...args]]
        : [path, args];
    try {
      // initdb and pg_ctl are child processes: on a busy machine they get 120 s, like the app.
      await run(command, argv, { cwd: this.folder, timeout: 120_000 });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(
        `${name} ${args.join(' ')} failed: ${stderr || stdout || (error as Error).message}`,
        { cause: error },
      );
    }
  }

  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start(): Promise<void> {
    await this.tool('pg_ctl', [
      '-D',
      this.data,
      '-l',
      join(this.folder, 'postgres.log'),
      '-w',
      '-t',
      '60',
      '-o',
      `-p ${this.port} -k ${this.folder} -c listen_addresses=127.0.0.1`,
      'start',
    ]);
    this.running = true;
  }

  async stop(mode: string): Promise<void> {
    if (!this.running) return;
    await this.tool('pg_ctl', ['-D', this.data, '-m', mode, '-w', '-t', '60', 'stop']);
    this.running = false;
  }

  tail(lines = 20): string {
    try {
      return readFileSync(join(this.folder, 'postgres.log'), 'utf8')
        .split('\n')
        .slice(-lines)
        .join('\n');
    } catch {
      return '';
    }
  }
}

/** Polls /health of every instance while `active()`, counting what each answers (0: nothing). */
async function watchHealth(
  instances: AppInstance[],
  stats: LoadStats,
  seen: Map<Phase, Map<string, number>>,
  active: () => boolean,
): Promise<void> {
  while (active()) {
    const statuses = await Promise.all(instances.map((i) => i.health()));
    const phase = seen.get(stats.phase) ?? new Map<string, number>();
    for (const status of statuses) {
      const what = status === 0 ? 'no answer' : String(status);
      phase.set(what, (phase.get(what) ?? 0) + 1);
    }
    seen.set(stats.phase, phase);
    await sleep(250);
  }
}

const line = (counts: Map<string, number> | undefined) =>
  [...(counts ?? [])]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([what, n]) => `${what} ×${n}`)
    .join(', ') || 'none';

async function main(): Promise<boolean> {
  const runId = randomBytes(3).toString('hex');
  const cluster = await ThrowawayCluster.create();
  await cluster.start();
  const admin = new Client({ connectionString: cluster.url('postgres') });
  await admin.connect();
  await admin.query('CREATE DATABASE adref');
  await admin.end();
  log(`throwaway PostgreSQL cluster on 127.0.0.1:${cluster.port}`);

  const folder = tempFolder('adref-fault-pg-apps-');
  const env = appEnvironment(cluster.url('adref'), join(folder, 'data'));
  const a = new AppInstance('a', await freePort(), env, join(folder, 'a.log'));
  const b = new AppInstance('b', await freePort(), env, join(folder, 'b.log'));
  const dump = () => {
    for (const instance of [a, b])
      console.log(
        `\n--- instance ${instance.name}: errors logged\n${instance.errors()}\n--- last lines\n${instance.tail(15)}`,
      );
    console.log(`\n--- last lines of PostgreSQL\n${cluster.tail()}`);
  };
  try {
    await a.start();
    await b.start();
    log(`instances a (:${a.port}) and b (:${b.port}) up`);
    const world = await setUp(a.url, options.statements, runId);
    log(`${world.rounds.length} rounds open, ${world.focalPoints.size} focal points; load starts`);

    const stats = new LoadStats();
    const control: LoadControl = { stopSending: false, giveUp: false };
    const load = runClients(
      world,
      [a, b],
      { clients: options.clients, maxPositions: options['max-positions'] },
      stats,
      control,
    );
    const health = new Map<Phase, Map<string, number>>();
    let watching = true;
    const watcher = watchHealth([a, b], stats, health, () => watching);

    await sleep(options['before-seconds'] * 1000);
    stats.phase = 'outage';
    const outageStarted = Date.now();
    const sentBefore = stats.sent;
    await cluster.stop(options.mode);
    log(`PostgreSQL stopped (-m ${options.mode}) after ${sentBefore} positions sent`);
    await sleep(options['outage-seconds'] * 1000);
    await cluster.start();
    log('PostgreSQL started again');
    // The outage lasts until both instances answer /health 200 again.
    const back = Date.now();
    while ((await a.health()) !== 200 || (await b.health()) !== 200) {
      if (Date.now() - back > 120_000)
        throw new Error('the instances did not recover within 120 s');
      await sleep(100);
    }
    stats.phase = 'after';
    const outageSeconds = (Date.now() - outageStarted) / 1000;
    log(`both instances healthy again, ${outageSeconds.toFixed(1)} s after the stop`);
    await sleep(options['after-seconds'] * 1000);
    control.stopSending = true;
    log(`sending stops at ${stats.sent}; waiting for the last acknowledgements`);
    const drained = await Promise.race([
      load.then(() => true),
      sleep(options['drain-seconds'] * 1000).then(() => false),
    ]);
    control.giveUp = true;
    await load;
    watching = false;
    await watcher;
    if (!drained) log(`gave up retrying after ${options['drain-seconds']} s`);

    const findings = await inspect(a.url, world);
    const verdict = judge(stats, findings);
    const outage503 = stats.total('503', 'outage');
    if (outage503 === 0) verdict.failures.push('clients saw no 503 during the outage');
    if (stats.networkErrors)
      verdict.failures.push(
        `${stats.networkErrors} requests got no answer: the apps must answer throughout`,
      );
    const outageHealth = health.get('outage');
    if (!outageHealth?.get('503'))
      verdict.failures.push('/health never reported the database down');
    const badHealth = [...(outageHealth ?? [])].filter(
      ([what]) => what !== '503' && what !== '200',
    );
    if (badHealth.length)
      verdict.failures.push(`/health answered ${line(new Map(badHealth))} during the outage`);
    const exits = a.unexpectedExits + b.unexpectedExits;
    if (exits) verdict.failures.push(`${exits} instance exits that were not asked for`);

    printTable(
      `fault check: PostgreSQL restart (run ${runId}; 2 instances, ${options.clients} clients, ${options.statements} statements)`,
      [
        [
          'fault',
          `pg_ctl stop -m ${options.mode} after ${sentBefore} sent, down ${options['outage-seconds']} s, healthy again after ${outageSeconds.toFixed(1)} s`,
        ],
        ...verdict.rows,
        ['codes in the outage', stats.statusLine('outage')],
        ['/health in the outage', line(outageHealth)],
        ['instance exits', String(exits)],
      ],
      verdict.failures,
    );
    if (verdict.failures.length) dump();
    return verdict.failures.length === 0;
  } catch (error) {
    dump();
    throw error;
  }
}

runFaultCheck(options['max-seconds'], main);
