import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { AppProcess, CHILD_WAIT_MS } from '../support/app-process';
import { runNpmScript } from '../support/npm-script';

const ROOT = resolve(__dirname, '../..');

/**
 * A clone of this repository at `dest` as a new user gets it (git clone of the committed HEAD),
 * with this working tree's uncommitted changes laid over it so that what is tested is the code
 * at hand, and node_modules linked from the project (no network install in a test).
 */
function cloneWithWorkingTree(dest: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  execFileSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, dest], { stdio: 'pipe' });
  const changed = git('ls-files', '-z', '--modified', '--others', '--exclude-standard')
    .split('\0')
    // Other builds' output folders (dist-*) are no part of the tree a user gets.
    .filter((path) => path && !/^dist/.test(path));
  const deleted = new Set(git('ls-files', '-z', '--deleted').split('\0').filter(Boolean));
  for (const path of changed) {
    if (deleted.has(path)) continue;
    mkdirSync(dirname(join(dest, path)), { recursive: true });
    copyFileSync(join(ROOT, path), join(dest, path));
  }
  for (const path of deleted) rmSync(join(dest, path), { force: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dest, 'node_modules'), 'dir');
}

// The issue: installed under a folder with a dot in its path (~/.local/share/adref), `npm start`
// served a bare 404 for / and every page. Here the app is built in such a clone (`npm run
// build`, as `npm start` does first) and started as `npm start` then runs it.
describe('first run from a clone under a dotted folder', () => {
  const home = mkdtempSync(join(tmpdir(), 'adref-home-'));
  const project = join(home, '.local/share/adref');
  let app: AppProcess;

  beforeAll(async () => {
    mkdirSync(dirname(project), { recursive: true });
    cloneWithWorkingTree(project);
    const build = await runNpmScript('build', [], {}, 2 * CHILD_WAIT_MS, project);
    if (build.code !== 0) throw new Error(`the build failed:\n${build.stdout}\n${build.stderr}`);
    app = await AppProcess.create({}, { root: project });
    await app.start();
  }, 5 * CHILD_WAIT_MS);
  afterAll(async () => {
    await app?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  it('serves the board’s page at / and at a page’s path, from the clone', async () => {
    const origin = new URL(app.url).origin;
    for (const path of ['/', '/statements']) {
      const page = await fetch(`${origin}${path}`);
      expect({ path, status: page.status }).toEqual({ path, status: 200 });
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const html = await page.text();
      expect(html).toContain('<title>adref</title>');
      expect(html).toContain('<script type="module" src="/js/main.js"></script>');
    }
  });

  it('serves the scripts, the style sheet and the fonts', async () => {
    const origin = new URL(app.url).origin;
    for (const [path, type] of [
      ['/js/main.js', 'text/javascript; charset=utf-8'],
      ['/app.css', 'text/css; charset=utf-8'],
      ['/fonts/sarabun-400.ttf', 'font/ttf'],
    ]) {
      const response = await fetch(`${origin}${path}`);
      expect({ path, status: response.status, type: response.headers.get('content-type') }).toEqual(
        { path, status: 200, type },
      );
      expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    // ...and nothing from the folders above the public one.
    const escape = await fetch(`${origin}/%2e%2e/%2e%2e/%2e%2e/package.json`);
    expect(escape.status).toBe(404);
  });
});
