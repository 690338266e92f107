import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { AppProcess, buildApp, CHILD_WAIT_MS } from '../support/app-process';
import { ADMIN_TOKEN } from '../support/test-app';
import { testDatabaseKind } from '../support/test-database';

const README = resolve(__dirname, '../../README.md');
const DAY_MS = 86_400_000;

/** The `sh` blocks of the README marked `<!-- tour -->`, in order. */
export function tourBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const marked = /<!-- tour -->\s*\n```sh\n([\s\S]*?)\n```/g;
  for (let match = marked.exec(markdown); match; match = marked.exec(markdown))
    blocks.push(match[1]);
  return blocks;
}

interface Run {
  code: number | null;
  output: string;
}

/** Runs `script` with bash as a reader would paste it, killed after CHILD_WAIT_MS. */
function runBash(script: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn('bash', ['-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the tour did not finish in ${CHILD_WAIT_MS} ms:\n${output}`));
    }, CHILD_WAIT_MS);
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

// The README's tour runs as written against the app as `npm start` runs it, so that it cannot
// drift from the API: the blocks marked <!-- tour -->, in order, under `set -euo pipefail`.
describe(`the README tour with curl, on ${testDatabaseKind()}`, () => {
  const blocks = tourBlocks(readFileSync(README, 'utf8'));
  const bin = mkdtempSync(join(tmpdir(), 'adref-tour-bin-'));
  let app: AppProcess;

  beforeAll(async () => {
    buildApp();
    app = await AppProcess.create();
    await app.start();
  }, 3 * CHILD_WAIT_MS);
  afterAll(async () => {
    await app?.stop();
    rmSync(bin, { recursive: true, force: true });
  });

  it('finds the marked blocks, which need no jq and no fixed date', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const tour = blocks.join('\n');
    expect(tour).not.toMatch(/\bjq\b/);
    expect(tour).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
    expect(tourBlocks('<!-- tour -->\n\n```sh\necho a\n```\n\n```sh\necho b\n```')).toEqual([
      'echo a',
    ]);
  });

  it(
    'runs in order and leaves the round open with Thailand’s endorsement',
    async () => {
      // A jq that fails, first on PATH: the tour must not need one. Node is this test's own.
      writeFileSync(join(bin, 'jq'), '#!/bin/sh\necho "the tour must not need jq" >&2\nexit 127\n');
      chmodSync(join(bin, 'jq'), 0o755);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: [bin, dirname(process.execPath), process.env.PATH].join(delimiter),
        PORT: String(app.port),
        ADREF_ADMIN_TOKEN: ADMIN_TOKEN,
      };
      delete env.ADREF_URL; // found by PORT, as the README says
      // curl prints no newline after a body: the id goes on a line of its own.
      const script = ['set -euo pipefail', ...blocks, 'echo; echo "TOUR_ID=$ID"'].join('\n');
      const run = await runBash(script, env);
      if (run.code !== 0)
        throw new Error(`the tour exited ${run.code}:\n${run.output}\n--- app ---\n${app.logs}`);

      const id = /^TOUR_ID=(\S+)$/m.exec(run.output)?.[1];
      expect(id).toBeDefined();
      const view = await app.call('GET', `/statements/${id}`);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({
        title: 'ASEAN Statement on Digital Public Services',
        state: 'ad_referendum',
        roundState: 'collecting',
      });
      // The deadline it computed: 14 days ahead, give or take the day's hour.
      const ahead = Date.parse(view.body.round.deadline) - Date.now();
      expect(ahead).toBeGreaterThan(13 * DAY_MS);
      expect(ahead).toBeLessThan(15 * DAY_MS);
      expect(view.body.round.outstanding).not.toContain('THA');
      expect(view.body.round.outstanding).toContain('MYS');
      // What the README says it ends with is what it printed.
      expect(run.output).toContain('"ad_referendum","collecting"');
    },
    2 * CHILD_WAIT_MS,
  );
});
