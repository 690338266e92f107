// Fault check: two app instances on one PostgreSQL database; concurrent clients record positions
// with Idempotency-Key while one instance is SIGKILLed and restarted. Afterwards every
// acknowledged position is in the audit trail exactly once, and every chain verifies.
//
//   npm run fault:kill [-- --kills 3 --clients 6 --statements 2 ...]   (--help for all)
//   FAULT_DATABASE_URL (or TEST_DATABASE_URL) names the server, default postgres://postgres@127.0.0.1:5432/postgres

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  AppInstance,
  appEnvironment,
  assertLocal,
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
  printTable,
  runClients,
  runFaultCheck,
  setUp,
  sleep,
  tempFolder,
} from './fault-harness';

interface KillOptions extends CommonOptions {
  kills: number;
  'up-seconds': number;
  'down-seconds': number;
  'database-url': string;
}

const options = parseOptions<KillOptions>('npm run fault:kill --', [
  ...COMMON_OPTIONS,
  { name: 'kills', fallback: 3, help: 'times instance b is SIGKILLed and restarted' },
  { name: 'up-seconds', fallback: 3, help: 'load before each kill and after the last restart' },
  { name: 'down-seconds', fallback: 1, help: 'how long the killed instance stays down' },
  {
    name: 'database-url',
    fallback: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
    help: 'PostgreSQL server (on 127.0.0.1) where a database is created and dropped',
  },
]);

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  assertLocal(serverUrl);
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  onCleanup(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function main(): Promise<boolean> {
  const runId = randomBytes(3).toString('hex');
  const folder = tempFolder('adref-fault-kill-');
  const databaseUrl = await createDatabase(options['database-url'], `adref_fault_${runId}`);
  const env = appEnvironment(databaseUrl, join(folder, 'data'));
  const a = new AppInstance('a', await freePort(), env, join(folder, 'a.log'));
  const b = new AppInstance('b', await freePort(), env, join(folder, 'b.log'));
  try {
    // One after the other: the first start runs the migrations.
    await a.start();
    await b.start();
    log(`instances a (:${a.port}) and b (:${b.port}) up on database adref_fault_${runId}`);
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
    const restartSeconds: number[] = [];
    const inFlightAtKill: number[] = [];
    for (let kill = 1; kill <= options.kills; kill++) {
      await sleep(options['up-seconds'] * 1000);
      // Kill while b holds requests, so that some are cut mid-transaction (wait up to 2 s).
      for (let wait = 0; wait < 400 && !stats.inFlight.get('b'); wait++) await sleep(5);
      const cut = stats.inFlight.get('b') ?? 0;
      await b.kill();
      inFlightAtKill.push(cut);
      log(`SIGKILL ${kill}/${options.kills} of instance b, ${cut} requests in flight there`);
      await sleep(options['down-seconds'] * 1000);
      const started = Date.now();
      await b.start();
      restartSeconds.push((Date.now() - started) / 1000);
      log(`instance b restarted in ${restartSeconds.at(-1)!.toFixed(1)} s`);
    }
    await sleep(options['up-seconds'] * 1000);
    control.stopSending = true;
    log(`sending stops at ${stats.sent}; waiting for the last acknowledgements`);
    const drained = await Promise.race([
      load.then(() => true),
      sleep(options['drain-seconds'] * 1000).then(() => false),
    ]);
    control.giveUp = true;
    await load;
    if (!drained) log(`gave up retrying after ${options['drain-seconds']} s`);

    const findings = await inspect(a.url, world);
    const verdict = judge(stats, findings);
    const exits = a.unexpectedExits + b.unexpectedExits;
    if (exits) verdict.failures.push(`${exits} instance exits that were not asked for`);
    const average = restartSeconds.reduce((sum, s) => sum + s, 0) / (restartSeconds.length || 1);
    printTable(
      `fault check: instance SIGKILL (run ${runId}; 2 instances, ${options.clients} clients, ${options.statements} statements)`,
      [
        [
          'faults',
          `${restartSeconds.length} × SIGKILL of instance b mid-load, restarted each time (in ${average.toFixed(1)} s on average)`,
        ],
        ['cut in flight', `${inFlightAtKill.join(' + ')} requests were in flight at b when killed`],
        ...verdict.rows,
      ],
      verdict.failures,
    );
    if (verdict.failures.length) {
      for (const instance of [a, b])
        console.log(
          `\n--- instance ${instance.name}: errors logged\n${instance.errors()}\n--- last lines\n${instance.tail(15)}`,
        );
    }
    return verdict.failures.length === 0;
  } catch (error) {
    for (const instance of [a, b])
      console.log(
        `\n--- instance ${instance.name}: errors logged\n${instance.errors()}\n--- last lines\n${instance.tail(15)}`,
      );
    throw error;
  }
}

runFaultCheck(options['max-seconds'], main);
