// The app as users run it (`npm start`: node, its flags, dist/src/main.js), on a free port, its
// output in a log file.
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, WriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/src/main.js');
/** The Node flags of package.json's `start` (e.g. the young generation's size), read from it. */
const START_FLAGS: string[] = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }
).scripts.start
  .split(/\s+/)
  .filter((word) => word.startsWith('--'));

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

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

export class AppProcess {
  private child: ChildProcess | null = null;
  private readonly log: WriteStream;
  /**
   * When the last start logged that it listens: its workers started just before. On PGlite,
   * /health can answer much later, queued behind the scheduler on the one session.
   */
  listeningAt: Date | null = null;
  readonly origin: string;
  readonly url: string;

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: Record<string, string>,
    readonly logFile: string,
  ) {
    this.origin = `http://127.0.0.1:${port}`;
    this.url = `${this.origin}/api/v1`;
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  static async create(
    name: string,
    env: Record<string, string>,
    logFolder: string,
  ): Promise<AppProcess> {
    return new AppProcess(name, await freePort(), env, join(logFolder, `${name}.log`));
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /**
   * Starts the process and waits (up to 120 s: the machine is busy) until /health answers, or
   * with `until: 'listening'` only until it logs that it listens (its workers may keep the
   * database busy long after, and /health with it).
   */
  async start({ until = 'health' }: { until?: 'health' | 'listening' } = {}): Promise<number> {
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.env, PORT: String(this.port) };
    if (!this.env.DATABASE_URL) delete env.DATABASE_URL;
    // Notifications stay inside: no SMTP server of the caller's environment is used.
    for (const key of Object.keys(env)) if (key.startsWith('SMTP_')) delete env[key];
    const started = Date.now();
    this.log.write(`\n---- start at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, [...START_FLAGS, MAIN], {
      cwd: ROOT,
      env,
      stdio: 'pipe',
    });
    this.child = child;
    this.listeningAt = null;
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!this.listeningAt && chunk.toString().includes('adref listens on')) {
        this.listeningAt = new Date();
      }
    });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    while (Date.now() - started < 120_000) {
      if (!this.running) throw new Error(`${this.name} exited while starting:\n${this.tail()}`);
      if (until === 'listening' && this.listeningAt) return Date.now() - started;
      try {
        const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(5000) });
        await response.arrayBuffer();
        if (response.ok) return Date.now() - started;
      } catch {
        // not listening yet
      }
      await sleep(100);
    }
    throw new Error(`${this.name} did not get to ${until} within 120 s:\n${this.tail()}`);
  }

  /**
   * Stops the process and waits for it to exit. The app installs no shutdown hooks, so SIGTERM
   * ends it at once; PGlite recovers its folder at the next open, as after a crash.
   */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((done) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(force);
        done();
      });
      child.kill('SIGTERM');
    });
  }

  tail(lines = 40): string {
    try {
      return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }
}
