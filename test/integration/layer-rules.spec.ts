import { execFile } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CHILD_WAIT_MS } from '../support/app-process';

const ROOT = resolve(__dirname, '../..');

interface Cruise {
  code: number;
  output: string;
}

/** Runs the layer rules (.dependency-cruiser.cjs) over the tree at `cwd`, as `npm run lint` does. */
function cruise(cwd: string): Promise<Cruise> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [
        join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruiser.mjs'),
        'src',
        'workflows',
        'migrations',
        '--config',
        '.dependency-cruiser.cjs',
      ],
      { cwd, timeout: CHILD_WAIT_MS },
      (error, stdout, stderr) =>
        done({ code: error ? Number(error.code ?? 1) : 0, output: stdout + stderr }),
    );
  });
}

// The layers are a lint rule: here a copy of the tree gets one forbidden import at a time, and
// the rule must name it, so that the rule cannot pass vacuously.
describe('the layer rules (.dependency-cruiser.cjs)', () => {
  const copy = mkdtempSync(join(tmpdir(), 'adref-layers-'));

  beforeAll(() => {
    for (const part of [
      'src',
      'workflows',
      'migrations',
      'tsconfig.json',
      '.dependency-cruiser.cjs',
      'package.json',
    ])
      cpSync(join(ROOT, part), join(copy, part), { recursive: true });
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  });
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it(
    'passes the tree as it is',
    async () => {
      const run = await cruise(copy);
      expect(run.output).toContain('no dependency violations found');
      expect(run.code).toBe(0);
    },
    2 * CHILD_WAIT_MS,
  );

  it.each([
    [
      'the engine imports a feature',
      'src/engine/machine-registry.ts',
      "import '../statements/statements.service';",
      'engine-points-down',
    ],
    [
      'common imports auth',
      'src/common/clock.ts',
      "import '../auth/auth.service';",
      'common-points-down',
    ],
    [
      'config imports the database',
      'src/config/app.config.ts',
      "import '../database/database.options';",
      'config-points-down',
    ],
    [
      'reference data imports statements',
      'src/reference/reference.service.ts',
      "import '../statements/statements.service';",
      'reference-points-down',
    ],
    [
      'a feature imports the pages',
      'src/notify/messages.ts',
      "import '../web/web-assets';",
      'notify-points-down',
    ],
    [
      'a feature imports the app',
      'src/statements/statements.service.ts',
      "import '../app.setup';",
      'statements-points-down',
    ],
    [
      'verification imports the archive',
      'src/verify/chain.util.ts',
      "import '../archive/archive-check';",
      'verify-points-down',
    ],
    [
      'the archive imports the import of history',
      'src/archive/archive-sections.ts',
      "import '../imports/imports.service';",
      'archive-points-down',
    ],
    [
      'a controller reads a repository',
      'src/statements/statements.controller.ts',
      "import '../engine/timers.repository';",
      'thin-controllers',
    ],
    [
      'a controller takes the DataSource',
      'src/notify/notify-admin.controller.ts',
      "import { DataSource } from 'typeorm';\nexport const unused = DataSource;",
      'thin-controllers',
    ],
    [
      'a machine imports a framework',
      'workflows/duration.util.ts',
      "import 'typeorm';",
      'workflows-stay-pure',
    ],
  ])(
    'fails when %s',
    async (_case, file, line, rule) => {
      const path = join(copy, file);
      const original = readFileSync(path, 'utf8');
      appendFileSync(path, `\n${line}\n`);
      try {
        const run = await cruise(copy);
        expect(run.code).not.toBe(0);
        expect(run.output).toContain(`error ${rule}: ${file}`);
      } finally {
        writeFileSync(path, original);
      }
    },
    2 * CHILD_WAIT_MS,
  );
});
