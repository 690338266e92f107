// What both fault checks share: app processes on 127.0.0.1, set-up through the real API,
// clients that record positions with Idempotency-Key and retry, the count afterwards, the table.

import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/src/main.js');
export const ADMIN_TOKEN = `fault-admin-${randomBytes(12).toString('hex')}`;

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));
export const log = (text: string) =>
  console.log(`[fault ${new Date().toISOString().slice(11, 23)}] ${text}`);

// ---------------------------------------------------------------------------------------------
// Options: --name N, --name=N or FAULT_NAME=N; small by default.

export interface OptionSpec {
  name: string;
  fallback: number | string;
  help: string;
}

export function parseOptions<T extends Record<string, number | string>>(
  script: string,
  specs: OptionSpec[],
  argv = process.argv.slice(2),
): T {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(`usage: ${script} [--option value ...]  (or FAULT_<OPTION>=value)\n`);
    for (const spec of specs)
      console.log(`  --${spec.name.padEnd(16)} ${spec.help} (default ${spec.fallback})`);
    process.exit(0);
  }
  const values: Record<string, number | string> = {};
  for (const spec of specs) {
    const env = process.env[`FAULT_${spec.name.toUpperCase().replace(/-/g, '_')}`];
    values[spec.name] = env !== undefined && env !== '' ? env : spec.fallback;
  }
  for (let i = 0; i < argv.length; i++) {
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    const spec = match && specs.find((s) => s.name === match[1]);
    if (!match || !spec) throw new Error(`unknown argument ${argv[i]} (see --help)`);
    values[spec.name] = match[2] ?? argv[++i];
  }
  for (const spec of specs) {
    if (typeof spec.fallback !== 'number') continue;
    const value = Number(values[spec.name]);
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${spec.name} must be a number`);
    values[spec.name] = value;
  }
  keepFiles = values['keep-files'] === 1;
  return values as T;
}

let keepFiles = false;

export const COMMON_OPTIONS: OptionSpec[] = [
  { name: 'statements', fallback: 2, help: 'statements with an open round' },
  { name: 'clients', fallback: 6, help: 'concurrent clients recording positions' },
  { name: 'max-positions', fallback: 3000, help: 'at most this many positions sent' },
  { name: 'max-seconds', fallback: 600, help: 'the whole run stops (and fails) after this' },
  { name: 'keep-files', fallback: 0, help: '1 keeps the logs (and the cluster folder) for a look' },
  {
    name: 'drain-seconds',
    fallback: 45,
    help: 'time for unacknowledged requests to retry at the end',
  },
];

export interface CommonOptions extends Record<string, number | string> {
  statements: number;
  clients: number;
  'max-positions': number;
  'max-seconds': number;
  'drain-seconds': number;
  'keep-files': number;
}

// ---------------------------------------------------------------------------------------------
// Clean-up that also runs on failure, on Ctrl-C and at the time limit.

const cleanups: Array<() => Promise<void> | void> = [];
let cleaning: Promise<void> | null = null;

export function onCleanup(step: () => Promise<void> | void): void {
  cleanups.push(step);
}

export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step();
      } catch (error) {
        console.error(`clean-up step failed: ${(error as Error).message}`);
      }
    }
  })();
  return cleaning;
}

/** Runs `main` with clean-up on every way out; exits 0 only when it returns true. */
export function runFaultCheck(maxSeconds: number, main: () => Promise<boolean>): void {
  const stopOn = (signal: NodeJS.Signals) =>
    process.once(signal, () => {
      console.error(`\n${signal}: cleaning up`);
      void cleanUp().then(() => process.exit(130));
    });
  stopOn('SIGINT');
  stopOn('SIGTERM');
  const limit = setTimeout(() => {
    console.error(`FAIL: the run took longer than ${maxSeconds} s; stopping`);
    void cleanUp().then(() => process.exit(2));
  }, maxSeconds * 1000);
  main()
    .then(
      (passed) => (passed ? 0 : 1),
      (error: unknown) => {
        console.error(`FAIL: ${error instanceof Error ? error.stack : String(error)}`);
        return 1;
      },
    )
    .then(async (code) => {
      clearTimeout(limit);
      await cleanUp();
      process.exit(code);
    });
}

// ---------------------------------------------------------------------------------------------
// Ports, folders, the signing key.

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export function tempFolder(prefix: string): string {
  const folder = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(() =>
    keepFiles ? log(`kept ${folder}`) : rmSync(folder, { recursive: true, force: true }),
  );
  return folder;
}

/** One Ed25519 key for every instance, as a deployment would share it (ADREF_SIGNING_KEY). */
export const signingKeyPem = (): string =>
  generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Only 127.0.0.1: the fault checks never talk to another machine. */
export function assertLocal(databaseUrl: string): void {
  const host = new URL(databaseUrl).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(host)) {
    throw new Error(`the fault checks run against 127.0.0.1 only, not ${host}`);
  }
}

// ---------------------------------------------------------------------------------------------
// App instances: node dist/src/main.js, as `npm start` runs it.

export class AppInstance {
  private child: ChildProcess | null = null;
  private logStream: WriteStream;
  /** Exits that the script did not ask for. */
  unexpectedExits = 0;
  starts = 0;
  readonly url: string;

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    readonly logFile: string,
  ) {
    this.url = `http://127.0.0.1:${port}/api/v1`;
    this.logStream = createWriteStream(logFile, { flags: 'a' });
    onCleanup(() => this.kill());
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts the process and waits (up to 120 s) until /health answers 200. */
  async start(): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.env, PORT: String(this.port) };
    // Notifications stay inside: no SMTP server of the caller's environment is used.
    for (const name of Object.keys(env)) if (name.startsWith('SMTP_')) delete env[name];
    this.starts += 1;
    this.logStream.write(`\n---- start ${this.starts} at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: 'pipe' });
    this.child = child;
    child.stdout?.pipe(this.logStream, { end: false });
    child.stderr?.pipe(this.logStream, { end: false });
    child.once('exit', (code, signal) => {
      this.logStream.write(`---- exit code=${code} signal=${signal}\n`);
      if (this.child === child) {
        this.unexpectedExits += 1;
        this.child = null;
        log(`instance ${this.name} exited by itself (code ${code}, signal ${signal})`);
      }
    });
    const started = Date.now();
    while (Date.now() - started < 120_000) {
      if (this.child !== child) throw new Error(`instance ${this.name} exited while starting`);
      if ((await this.health()) === 200) return;
      await sleep(200);
    }
    throw new Error(`instance ${this.name} did not answer /health within 120 s`);
  }

  /** The status /health answers, or 0 when nothing answers. */
  async health(): Promise<number> {
    try {
      const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 0;
    }
  }

  /** SIGKILL: no shutdown hooks, transactions cut wherever they are. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGKILL');
    });
  }

  /** Errors the app logged (ERROR level, with their stacks), but the workers' own retries. */
  errors(limit = 5): string {
    const blocks: string[] = [];
    const lines = this.tail(Infinity).split('\n');
    for (let i = 0; i < lines.length && blocks.length < limit; i++) {
      if (!/ ERROR \[(?!TimersService|NotifyService)/.test(lines[i])) continue;
      let end = i + 1;
      while (end < lines.length && /^\s+at |^\s*[{}]|^\s+\w+:/.test(lines[end])) end++;
      blocks.push(lines.slice(i, Math.min(end, i + 15)).join('\n'));
    }
    return blocks.join('\n');
  }

  tail(lines = 30): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}

/** The environment every instance shares: one database, one admin token, one signing key. */
export function appEnvironment(databaseUrl: string, dataDir: string): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    ADREF_ADMIN_TOKEN: ADMIN_TOKEN,
    ADREF_WORKERS: 'on',
    ADREF_DATA_DIR: dataDir,
    ADREF_SIGNING_KEY: signingKeyPem(),
    NO_COLOR: '1',
    // The checks measure durability, not the per-user write limit: each focal point writes a lot.
    ADREF_RATE_WRITES: 'off',
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

export async function call(
  base: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: Json;
  try {
    parsed = text ? (JSON.parse(text) as Json) : {};
  } catch {
    parsed = { text };
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

async function ok(answer: Promise<Answer>, what: string): Promise<Json> {
  const { status, body } = await answer;
  if (status < 200 || status >= 300) {
    throw new Error(`${what} → ${status}: ${body.message ?? JSON.stringify(body)}`);
  }
  return body;
}

// ---------------------------------------------------------------------------------------------
// Set-up through the API: a chair's secretariat, statements in an open round, focal points.

export interface OpenRound {
  id: string;
  versionHash: string;
  electorate: string[];
}

export interface World {
  runId: string;
  rounds: OpenRound[];
  /** Focal point token of each elector. */
  focalPoints: Map<string, string>;
}

export async function setUp(base: string, statements: number, runId: string): Promise<World> {
  const frameworks = (await ok(
    call(base, ADMIN_TOKEN, 'GET', '/frameworks'),
    'GET /frameworks',
  )) as unknown as Json[];
  const accsm = frameworks.find((f) => f.code === 'ACCSM');
  const chair: string | undefined = accsm?.chair?.member;
  if (!chair) throw new Error('ACCSM has no chair today: the fault check needs one');
  const user = async (role: string, member: string) =>
    (
      await ok(
        call(base, ADMIN_TOKEN, 'POST', '/users', {
          name: `${member} ${role} (fault check ${runId})`,
          email: `${role}.${member.toLowerCase()}.${runId}@fault.invalid`,
          role,
          member,
        }),
        `POST /users (${role} ${member})`,
      )
    ).token as string;
  const secretariat = await user('chair_secretariat', chair);

  const rounds: OpenRound[] = [];
  // The deadline stays weeks ahead: nothing the scheduler does can close a round mid-run.
  const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString();
  for (let i = 0; i < statements; i++) {
    const created = await ok(
      call(base, secretariat, 'POST', '/statements', {
        framework: 'ACCSM',
        title: `Fault check ${runId} statement ${i + 1}`,
        body: `Text ${i + 1} of fault check ${runId}: positions are recorded while the system is hurt.`,
      }),
      'POST /statements',
    );
    const events = `/statements/${created.id}/events`;
    await ok(call(base, secretariat, 'POST', events, { type: 'SUBMIT_TO_SOM' }), 'SUBMIT_TO_SOM');
    await ok(
      call(base, secretariat, 'POST', events, { type: 'APPROVE_IN_PRINCIPLE' }),
      'APPROVE_IN_PRINCIPLE',
    );
    const opened = await ok(
      call(base, secretariat, 'POST', events, {
        type: 'OPEN_AD_REFERENDUM',
        deadline,
        silenceRule: 'explicit',
      }),
      'OPEN_AD_REFERENDUM',
    );
    rounds.push({
      id: created.id,
      versionHash: opened.round.version.hash,
      electorate: opened.round.electorate,
    });
  }
  const focalPoints = new Map<string, string>();
  for (const member of rounds[0].electorate) {
    focalPoints.set(member, await user('focal_point', member));
  }
  return { runId, rounds, focalPoints };
}

// ---------------------------------------------------------------------------------------------
// Load: clients record `clearance_pending` positions (an interim answer: the round never
// settles, so it stays open however many arrive), each with a unique marker in `text` and a
// unique Idempotency-Key, retried with the same key on a network error or 503.

export type Phase = 'before' | 'outage' | 'after';

export class LoadStats {
  sent = 0;
  readonly acknowledged = new Set<string>();
  readonly acknowledgedBy = new Map<string, number>();
  readonly statuses = new Map<Phase, Map<string, number>>();
  retries = 0;
  networkErrors = 0;
  /** Acknowledgements that were the stored first answer (Idempotent-Replayed: true). */
  replayed = 0;
  /** Requests each instance is handling right now. */
  readonly inFlight = new Map<string, number>();
  unavailableWithoutRetryAfter = 0;
  readonly refusals: string[] = [];
  phase: Phase = 'before';

  count(what: string): void {
    const phase = this.statuses.get(this.phase) ?? new Map<string, number>();
    phase.set(what, (phase.get(what) ?? 0) + 1);
    this.statuses.set(this.phase, phase);
  }

  total(what: string, phase?: Phase): number {
    const phases = phase ? [phase] : (['before', 'outage', 'after'] as Phase[]);
    return phases.reduce((sum, p) => sum + (this.statuses.get(p)?.get(what) ?? 0), 0);
  }

  statusLine(phase?: Phase): string {
    const merged = new Map<string, number>();
    const phases = phase ? [phase] : (['before', 'outage', 'after'] as Phase[]);
    for (const p of phases)
      for (const [what, n] of this.statuses.get(p) ?? [])
        merged.set(what, (merged.get(what) ?? 0) + n);
    return (
      [...merged]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([what, n]) => `${what} ×${n}`)
        .join(', ') || 'none'
    );
  }
}

export interface LoadControl {
  /** Set to stop starting new positions; those in flight go on retrying. */
  stopSending: boolean;
  /** Set to give up retrying (the drain time is over). */
  giveUp: boolean;
}

export async function runClients(
  world: World,
  instances: AppInstance[],
  options: { clients: number; maxPositions: number },
  stats: LoadStats,
  control: LoadControl,
): Promise<void> {
  let next = 0;
  const electors = world.rounds[0].electorate;
  const client = async (clientNo: number) => {
    while (!control.stopSending && next < options.maxPositions) {
      const n = next++;
      const marker = `fault-${world.runId}-${n}`;
      const round = world.rounds[n % world.rounds.length];
      const member = electors[Math.floor(n / world.rounds.length) % electors.length];
      const token = world.focalPoints.get(member)!;
      const body = {
        member,
        position: 'clearance_pending',
        versionHash: round.versionHash,
        text: `Awaiting domestic clearance (${marker})`,
      };
      stats.sent += 1;
      for (let attempt = 0; !control.giveUp; attempt++) {
        // Spread over the instances; a retry goes to the next one, as a load balancer would.
        const instance = instances[(n + clientNo + attempt) % instances.length];
        if (attempt > 0) stats.retries += 1;
        let answer: Answer;
        stats.inFlight.set(instance.name, (stats.inFlight.get(instance.name) ?? 0) + 1);
        try {
          answer = await call(
            instance.url,
            token,
            'POST',
            `/statements/${round.id}/positions`,
            body,
            {
              'idempotency-key': marker,
            },
          );
        } catch {
          stats.networkErrors += 1;
          stats.count('network error');
          await sleep(100);
          continue;
        } finally {
          stats.inFlight.set(instance.name, stats.inFlight.get(instance.name)! - 1);
        }
        stats.count(String(answer.status));
        if (answer.status >= 200 && answer.status < 300) {
          stats.acknowledged.add(marker);
          if (answer.headers.get('idempotent-replayed') === 'true') stats.replayed += 1;
          stats.acknowledgedBy.set(
            instance.name,
            (stats.acknowledgedBy.get(instance.name) ?? 0) + 1,
          );
          break;
        }
        if (answer.status === 503) {
          const retryAfter = Number(answer.headers.get('retry-after'));
          if (!(retryAfter > 0)) stats.unavailableWithoutRetryAfter += 1;
          await sleep((retryAfter > 0 ? Math.min(retryAfter, 5) : 1) * 1000);
          continue;
        }
        // Also "try again": a rate limit, or the first request with this key still running.
        if (answer.status === 429 || answer.body.code === 'idempotency_key_in_flight') {
          const retryAfter = Number(answer.headers.get('retry-after'));
          await sleep(retryAfter > 0 ? Math.min(retryAfter, 5) * 1000 : 200);
          continue;
        }
        // Anything else is an answer that must not happen here: record it and move on.
        stats.refusals.push(
          `${marker} → ${answer.status} ${answer.body.code ?? ''}: ${answer.body.message}`,
        );
        break;
      }
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, i) => client(i)));
}

// ---------------------------------------------------------------------------------------------
// Afterwards: what the audit trail holds, and whether every chain verifies.

export interface Findings {
  /** Marker → RECORD_POSITION audit events carrying it. */
  auditEvents: Map<string, number>;
  /** Marker → position rows carrying it. */
  positionRows: Map<string, number>;
  chains: {
    id: string;
    valid: boolean;
    checkedEvents: number | null;
    how: string;
    problems: string[];
  }[];
}

export async function inspect(base: string, world: World): Promise<Findings> {
  const pattern = new RegExp(`fault-${world.runId}-\\d+`, 'g');
  const tally = (into: Map<string, number>, text: string) => {
    for (const marker of text.match(pattern) ?? []) into.set(marker, (into.get(marker) ?? 0) + 1);
  };
  const findings: Findings = { auditEvents: new Map(), positionRows: new Map(), chains: [] };
  for (const round of world.rounds) {
    const history = await ok(
      call(base, ADMIN_TOKEN, 'GET', `/statements/${round.id}/history`),
      'history',
    );
    for (const event of history.events as Json[]) {
      if (event.type === 'RECORD_POSITION')
        tally(findings.auditEvents, JSON.stringify(event.payload));
    }
    const positions = await ok(
      call(base, ADMIN_TOKEN, 'GET', `/statements/${round.id}/positions`),
      'positions',
    );
    for (const r of positions.rounds as Json[])
      for (const p of r.positions as Json[]) tally(findings.positionRows, String(p.text ?? ''));

    const verify = await call(base, ADMIN_TOKEN, 'GET', `/statements/${round.id}/verify`);
    if (verify.status === 200) {
      findings.chains.push({
        id: round.id,
        valid: verify.body.valid === true,
        checkedEvents: verify.body.checkedEvents,
        how: 'GET /statements/:id/verify',
        problems: (verify.body.problems as Json[]).map(
          (p) => `${p.seq ?? '-'} ${p.kind}: ${p.message}`,
        ),
      });
    } else if (verify.status === 404 && /Cannot GET/.test(String(verify.body.message))) {
      // No verify endpoint in this build: the hash links of /history are all there is.
      findings.chains.push({
        id: round.id,
        valid: history.chain?.valid === true,
        checkedEvents: (history.events as Json[]).length,
        how: 'GET /statements/:id/history (hash links only: no verify endpoint in this build)',
        problems: history.chain?.valid ? [] : [`chain broken at seq ${history.chain?.brokenAt}`],
      });
    } else {
      throw new Error(
        `GET /statements/${round.id}/verify → ${verify.status}: ${verify.body.message}`,
      );
    }
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// The table, and the verdict.

export interface Verdict {
  rows: [string, string][];
  failures: string[];
}

export function judge(stats: LoadStats, findings: Findings): Verdict {
  const sentMarkers = stats.sent;
  const found = [...findings.auditEvents.keys()].length;
  const duplicated = [...findings.auditEvents.values()].filter((n) => n > 1).length;
  const lost = [...stats.acknowledged].filter((m) => !findings.auditEvents.has(m)).length;
  const rowsDuplicated = [...findings.positionRows.values()].filter((n) => n > 1).length;
  const rowsLost = [...stats.acknowledged].filter((m) => !findings.positionRows.has(m)).length;
  const unacknowledged = sentMarkers - stats.acknowledged.size;
  const chainsValid = findings.chains.filter((c) => c.valid).length;
  const checked = findings.chains.reduce((sum, c) => sum + (c.checkedEvents ?? 0), 0);
  const hows = [...new Set(findings.chains.map((c) => c.how))].join('; ');

  const failures: string[] = [];
  if (duplicated) failures.push(`${duplicated} markers have more than one RECORD_POSITION event`);
  if (lost) failures.push(`${lost} acknowledged positions have no RECORD_POSITION event`);
  if (rowsDuplicated || rowsLost)
    failures.push(`position rows: ${rowsDuplicated} duplicated, ${rowsLost} lost`);
  if (unacknowledged) failures.push(`${unacknowledged} positions were never acknowledged`);
  if (stats.refusals.length)
    failures.push(`${stats.refusals.length} refused: ${stats.refusals.slice(0, 3).join(' | ')}`);
  if (stats.total('500')) failures.push(`${stats.total('500')} answers were 500`);
  if (stats.unavailableWithoutRetryAfter)
    failures.push(`${stats.unavailableWithoutRetryAfter} answers were 503 without Retry-After`);
  for (const chain of findings.chains.filter((c) => !c.valid))
    failures.push(
      `chain of ${chain.id} does not verify: ${chain.problems.slice(0, 3).join(' | ')}`,
    );
  if (sentMarkers === 0) failures.push('nothing was sent');

  const by = [...stats.acknowledgedBy]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  return {
    rows: [
      ['sent', String(sentMarkers)],
      ['acknowledged', `${stats.acknowledged.size}${by ? ` (by instance: ${by})` : ''}`],
      ['found afterwards', `${found} (RECORD_POSITION audit events with the marker)`],
      ['duplicated', String(duplicated)],
      ['lost', String(lost)],
      ['unacknowledged', String(unacknowledged)],
      [
        'position rows',
        `${findings.positionRows.size} found, ${rowsDuplicated} duplicated, ${rowsLost} lost`,
      ],
      [
        'retries',
        `${stats.retries} (after ${stats.networkErrors} network errors and ${stats.total('503')} × 503)`,
      ],
      [
        'replayed',
        `${stats.replayed} acknowledged by replaying the first answer (Idempotent-Replayed)`,
      ],
      ['status codes', stats.statusLine()],
      [
        'chains verify',
        `${chainsValid}/${findings.chains.length}, ${checked} events checked, by ${hows}`,
      ],
    ],
    failures,
  };
}

export function printTable(title: string, rows: [string, string][], failures: string[]): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${title}`);
  console.log('-'.repeat(Math.min(100, title.length)));
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
  console.log(`${'result'.padEnd(width)}  ${failures.length ? 'FAIL' : 'PASS'}`);
  for (const failure of failures) console.log(`  ✗ ${failure}`);
}
