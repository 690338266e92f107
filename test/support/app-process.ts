import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'node:net';
import { createTestDatabase, TestDatabase } from './test-database';
import { responseCheckForBuild } from './openapi-check';
import { ADMIN_TOKEN } from './test-app';

const ROOT = resolve(__dirname, '../..');

/**
 * How long a test waits for a child process to start, answer or exit. Generous on purpose: on
 * a busy 2-core machine a start takes far longer than its usual 2–4 s, and slowness is no failure.
 */
export const CHILD_WAIT_MS = 120_000;

/** Builds dist/ once per run so that suites can start the real server as a process. */
export function buildApp(): void {
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: ROOT,
      stdio: 'inherit',
    },
  );
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** The server as users run it (node dist/src/main.js), on its own database, killable. */
export class AppProcess {
  private child: ChildProcess | null = null;
  private output = '';
  readonly url: string;

  private constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly cleanup: () => Promise<void>,
    /** The project whose dist/src/main.js runs: this one, or a clone (test/e2e/first-run). */
    readonly root = ROOT,
  ) {
    this.url = `http://127.0.0.1:${port}/api/v1`;
  }

  /**
   * A server on a database of its own (the run's kind: a PGlite data folder or a fresh
   * PostgreSQL database), not started yet. `env` adds variables, e.g. ADREF_TIMER_INTERVAL_MS.
   */
  static async create(
    env: Record<string, string> = {},
    { root = ROOT }: { root?: string } = {},
  ): Promise<AppProcess> {
    const database: TestDatabase = await createTestDatabase();
    const dataDir = mkdtempSync(join(tmpdir(), 'adref-'));
    const own: Record<string, string> = database.env.DATABASE_URL
      ? { DATABASE_URL: database.env.DATABASE_URL }
      : { ADREF_DATA_DIR: dataDir };
    return new AppProcess(
      await freePort(),
      { ...env, ...own },
      async () => {
        await database.drop();
        rmSync(dataDir, { recursive: true, force: true });
      },
      root,
    );
  }

  /**
   * Another server on this one's PostgreSQL database, with its own port and `env` (a second
   * instance). Its stop() only kills it; the first one's stop() drops the database. PGlite is
   * embedded in one process, so two processes cannot share it.
   */
  async sibling(env: Record<string, string> = {}): Promise<AppProcess> {
    const databaseUrl = this.env.DATABASE_URL;
    if (!databaseUrl) throw new Error('only PostgreSQL can be shared by two app processes');
    return new AppProcess(
      await freePort(),
      { ...env, DATABASE_URL: databaseUrl },
      async () => undefined,
      this.root,
    );
  }

  /** The PostgreSQL database this server uses, or undefined on PGlite. */
  get databaseUrl(): string | undefined {
    return this.env.DATABASE_URL;
  }

  /** What the process has written to stdout and stderr since it was last started. */
  get logs(): string {
    return this.output;
  }

  /**
   * Starts the process and waits (up to CHILD_WAIT_MS) until it answers /health; `env` applies
   * to this start only.
   */
  async start(env: Record<string, string> = {}): Promise<void> {
    const processEnv: NodeJS.ProcessEnv = {
      ...process.env,
      // Suites write faster than people do: rate limits are off unless a test sets them.
      ADREF_RATE_AUTH_FAILURES: 'off',
      ADREF_RATE_WRITES: 'off',
      ...this.env,
      ...env,
      PORT: String(this.port),
      ADREF_ADMIN_TOKEN: ADMIN_TOKEN,
    };
    if (!this.env.DATABASE_URL) delete processEnv.DATABASE_URL;
    this.output = '';
    this.child = spawn(process.execPath, [join(this.root, 'dist/src/main.js')], {
      cwd: this.root,
      env: processEnv,
      stdio: 'pipe',
    });
    this.child.stdout?.on('data', (chunk) => (this.output += chunk));
    this.child.stderr?.on('data', (chunk) => (this.output += chunk));
    const started = Date.now();
    while (Date.now() - started < CHILD_WAIT_MS) {
      if (this.child.exitCode !== null) throw new Error(`the app exited: ${this.output}`);
      try {
        if ((await fetch(`${this.url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((done) => setTimeout(done, 250));
    }
    throw new Error(`the app did not answer /health in ${CHILD_WAIT_MS} ms: ${this.output}`);
  }

  /** Kills the process the hard way: no shutdown hooks, no flushing. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((done) => {
      child.once('exit', () => done());
      child.kill('SIGKILL');
    });
    this.child = null;
  }

  async stop(): Promise<void> {
    await this.kill();
    await this.cleanup();
  }

  /** One API request; its answer is checked against the OpenAPI document, as in-process apps' are. */
  async call(method: string, path: string, body?: unknown, token = ADMIN_TOKEN) {
    const url = `${this.url}${path}`;
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json');
    const text = await response.text();
    const answer = json ? JSON.parse(text) : text;
    responseCheckForBuild(this.root).check(
      method,
      new URL(url).pathname,
      response.status,
      answer,
      json,
    );
    return { status: response.status, body: answer as any };
  }
}
