import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdrefClient, User } from '../support/adref-client';
import { runNpmScript } from '../support/npm-script';
import { createTestApp, TestApp } from '../support/test-app';
import { createTestDatabase, TestDatabase, testDatabaseKind } from '../support/test-database';

// A statement open for months sees the procedure change under it. An admin moves it to the new
// version with `npm run statements:migrate`, after a dry run; one the migration cannot map stays.
// Version 2 of the machine is the one that changed the procedure: "pending domestic clearance"
// no longer counts as consent at a silence_is_consent deadline.
describe(`npm run statements:migrate on ${testDatabaseKind()}`, () => {
  let database: TestDatabase;
  let keyFolder: string;
  let appEnv: Record<string, string>;
  let cliEnv: Record<string, string | undefined>;
  let t: TestApp;
  let client: AdrefClient;
  let chair: User;
  let focal: Record<string, User>;

  // Real time: the command line stamps its MACHINE_MIGRATED event with the real clock. The
  // deadlines stay within days, inside the chair's term of the reference data.
  const start = new Date(Date.now() - 60_000);
  const at = (days: number) => new Date(start.getTime() + days * 86_400_000).toISOString();

  async function startApp(clock: string) {
    t = await createTestApp(clock, appEnv, { database });
    client = new AdrefClient(t);
  }

  /** A statement launched by an older build: version 1 of the procedure, then a round opened. */
  async function openOnVersion1(title: string, deadline: string, silenceRule: string) {
    const created = await client.createStatement(chair, {
      framework: 'ACCSM',
      title,
      body: 'The Heads of Civil Service of ASEAN Member States resolve to cooperate.',
    });
    expect(created.status).toBe(201);
    // In drafting, versions 1 and 2 store the same snapshot: only the version column differs.
    await t.dataSource.query('UPDATE statements SET machine_version = 1 WHERE id = $1', [
      created.body.id,
    ]);
    await client.expectEvent(chair, created.body.id, { type: 'SUBMIT_TO_SOM' });
    await client.expectEvent(chair, created.body.id, { type: 'APPROVE_IN_PRINCIPLE' });
    return client.expectEvent(chair, created.body.id, {
      type: 'OPEN_AD_REFERENDUM',
      deadline,
      silenceRule,
    });
  }

  const answer = (member: string, statement: Record<string, any>, position: string) =>
    client.expectPosition(focal[member], statement.id, {
      member,
      position,
      versionHash: statement.currentVersion.hash,
      ...(position === 'object' ? { text: `${member} objects to paragraph 2.` } : {}),
    });

  /** The stored statement, without what depends on the clock of the app that answers. */
  const stored = async (id: string) => {
    const { allowedEvents, ...rest } = (await client.statement(chair, id)).body;
    expect(allowedEvents).toEqual(expect.any(Array));
    return rest;
  };

  const migrate = (args: string[]) => runNpmScript('statements:migrate', args, cliEnv);

  beforeAll(async () => {
    database = await createTestDatabase({ onDisk: true });
    // One signing key for the app and the command line, as on a real install.
    keyFolder = mkdtempSync(join(tmpdir(), 'adref-migrate-'));
    appEnv = database.env.DATABASE_URL ? { ADREF_DATA_DIR: keyFolder } : {};
    cliEnv = {
      DATABASE_URL: database.env.DATABASE_URL,
      ADREF_DATA_DIR: database.env.DATABASE_URL ? keyFolder : database.env.ADREF_DATA_DIR,
      ADREF_WORKERS: 'off',
    };
    await startApp(at(0));
    chair = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(['BRN', 'IDN', 'MYS', 'THA']);
  });
  afterAll(async () => {
    await t?.close();
    await database.drop();
    rmSync(keyFolder, { recursive: true, force: true });
  });

  it('dry run first, then for real; the migrated statement carries on to adoption and verifies', async () => {
    const inFlight = await openOnVersion1(
      'Statement open while the procedure changed',
      at(10),
      'silence_is_consent',
    );
    await answer('THA', inFlight, 'clearance_pending');
    await answer('BRN', inFlight, 'endorse');
    // Past its deadline, blocked, with Malaysia still clearing: version 1 would adopt it if the
    // objection were withdrawn, version 2 would not. The migration cannot map it.
    t.clock.set(at(1));
    const unmappable = await openOnVersion1(
      'Statement blocked past its deadline',
      at(2),
      'silence_is_consent',
    );
    await answer('IDN', unmappable, 'object');
    await answer('MYS', unmappable, 'clearance_pending');
    t.clock.set(at(3));
    await client.expectEvent(chair, unmappable.id, { type: 'DEADLINE_PASSED' });
    // Final: withdrawn on version 1, its record stays on version 1.
    const withdrawn = await openOnVersion1('Statement withdrawn', at(5), 'explicit');
    await client.expectEvent(chair, withdrawn.id, { type: 'WITHDRAW', reason: 'Overtaken' });
    const current = await client.openRound(chair, { title: 'On version 2', deadline: at(12) });
    const beforeBoth = {
      inFlight: await stored(inFlight.id),
      unmappable: await stored(unmappable.id),
    };
    expect(beforeBoth.inFlight.machineVersion).toBe(1);
    await t.close(); // PGlite: one process at a time on a data folder

    const dryRun = await migrate(['--to', '2', '--dry-run']);
    console.log(`npm run statements:migrate -- --to 2 --dry-run\n${dryRun.stdout}`);
    expect(dryRun.stderr).not.toContain('failed');
    expect(dryRun.code).toBe(1); // one statement cannot be mapped
    expect(dryRun.stdout).toContain('dry run: statements on a version older than 2');
    expect(dryRun.stdout).toContain(
      `${inFlight.id}  ad_referendum.collecting  v1 → v2  would migrate`,
    );
    expect(dryRun.stdout).toContain(
      `${unmappable.id}  ad_referendum.blocked  v1 → v2  CANNOT MAP, left as it is`,
    );
    expect(dryRun.stdout).toContain('MYS pending domestic clearance under silence_is_consent');
    expect(dryRun.stdout).not.toContain(current.id); // already on version 2
    expect(dryRun.stdout).toContain(`${withdrawn.id}  withdrawn  v1 → v2  stays (final)`);
    expect(dryRun.stdout).toContain('3 statement(s): 1 would migrate, 1 final, 1 cannot be mapped');

    await startApp(at(3));
    // The dry run changed nothing.
    expect(await stored(inFlight.id)).toEqual(beforeBoth.inFlight);
    expect(
      (await client.history(chair, inFlight.id)).body.events.map((e: { type: string }) => e.type),
    ).not.toContain('MACHINE_MIGRATED');
    await t.close();

    const real = await migrate(['--to', '2']);
    console.log(`npm run statements:migrate -- --to 2\n${real.stdout}`);
    expect(real.code).toBe(1);
    expect(real.stdout).toContain(`${inFlight.id}  ad_referendum.collecting  v1 → v2  migrated`);
    expect(real.stdout).toContain('3 statement(s): 1 migrated, 1 final, 1 cannot be mapped');

    // The clock of the app after the command line's real one.
    await startApp(new Date(Date.now() + 60_000).toISOString());
    const migrated = (await client.statement(chair, inFlight.id)).body;
    expect(migrated).toMatchObject({
      machineVersion: 2,
      state: 'ad_referendum',
      roundState: 'collecting',
      lockVersion: beforeBoth.inFlight.lockVersion + 1,
    });
    const history = (await client.history(chair, inFlight.id)).body.events;
    expect(history[history.length - 1]).toMatchObject({
      type: 'MACHINE_MIGRATED',
      actorLabel: 'adref admin (statements:migrate)',
      stateFrom: 'ad_referendum.collecting',
      stateTo: 'ad_referendum.collecting',
      payload: { from: 1, to: 2, changes: [] },
    });
    // Left as it was: same version, same lock version, no event.
    expect(await stored(unmappable.id)).toEqual(beforeBoth.unmappable);
    expect((await client.history(chair, unmappable.id)).body.events).toHaveLength(7);

    // Carries on under version 2's reading: at the deadline, Thailand still clearing the text
    // leaves the decision to the chair (version 1 would have adopted by silence here) …
    t.clock.set(new Date(Date.parse(at(10)) + 1000).toISOString());
    const deadline = await client.expectEvent(chair, inFlight.id, { type: 'DEADLINE_PASSED' });
    expect(deadline).toMatchObject({
      state: 'ad_referendum',
      roundState: 'awaiting_decision',
      machineVersion: 2,
      round: { pendingClearance: ['THA'] },
    });
    // … and Thailand's late endorsement adopts it, the silent members by silence.
    await answer('THA', migrated, 'endorse');
    const record = (await client.statement(chair, inFlight.id)).body;
    expect(record).toMatchObject({ state: 'adopted', machineVersion: 2 });
    expect(record.adoption).toMatchObject({ basis: 'silence' });
    expect(record.adoption.deemedConsent).not.toContain('THA');
    expect(record.adoption.deemedConsent).toContain('MYS');

    // The chain replays across the migration: version 1, MACHINE_MIGRATED, then version 2.
    const verified = await client.get(chair, `/statements/${inFlight.id}/verify`);
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ valid: true, problems: [] });

    // A second run finds nothing left to migrate but the one it cannot map.
    await t.close();
    const again = await migrate(['--to', '2']);
    expect(again.stdout).toContain('2 statement(s): 0 migrated, 1 final, 1 cannot be mapped');
    await startApp(new Date(Date.now() + 120_000).toISOString());
  });

  it('refuses a version this build cannot load, and bad arguments, with exit status 2', async () => {
    await t.close();
    const unknown = await migrate(['--to', '99', '--dry-run']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('machine_version_unavailable');
    const bad = await migrate(['--dry-run']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('usage: npm run statements:migrate -- --to VERSION [--dry-run]');
    await startApp(new Date(Date.now() + 180_000).toISOString());
  });
});
