import { AppProcess, buildApp } from '../support/app-process';
import { runNpmScript } from '../support/npm-script';
import { ADMIN_TOKEN } from '../support/test-app';

const RUNS = 5;

// `npm run demo` five times against the server as `npm start` runs it (node dist/src/main.js,
// workers on, a fresh data folder or PostgreSQL database): every run passes, and the board is
// left with no overdue statement.
describe('npm run demo against a running app', () => {
  let app: AppProcess;

  beforeAll(async () => {
    buildApp();
    app = await AppProcess.create({
      ADREF_WORKERS: 'on',
      ADREF_TIMER_INTERVAL_MS: '200',
      ADREF_DELIVERY_INTERVAL_MS: '200',
    });
    await app.start();
  }, 300_000);
  afterAll(() => app?.stop());

  it(`passes ${RUNS} times in a row and leaves nothing overdue`, async () => {
    for (let run = 1; run <= RUNS; run++) {
      const result = await runNpmScript(
        'demo',
        [],
        { PORT: String(app.port), ADREF_URL: undefined, ADREF_ADMIN_TOKEN: ADMIN_TOKEN },
        300_000,
      );
      if (result.code !== 0) {
        throw new Error(
          `demo run ${run} exited ${result.code}:\n${result.stdout}\n${result.stderr}\n--- app ---\n${app.logs}`,
        );
      }
      expect(result.stdout).toContain('The demo completed.');
      expect(result.stdout).toContain(
        run === 1
          ? 'accsm-2024-work-life-balance: imported as statement'
          : 'accsm-2024-work-life-balance: imported before',
      );
    }

    const overdue = await app.call('GET', '/statements?overdue=true');
    expect(overdue.status).toBe(200);
    expect(overdue.body.total).toBe(0);
    // The two imports once, and one live round adopted per run.
    const adopted = await app.call('GET', '/statements?state=adopted&pageSize=100');
    expect(adopted.body.total).toBe(2 + RUNS);
    const open = await app.call('GET', '/statements?state=ad_referendum');
    expect(open.body.total).toBe(0);
  }, 1_800_000);
});
