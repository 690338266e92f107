import { AppProcess, buildApp, CHILD_WAIT_MS } from '../support/app-process';
import { testDatabaseKind } from '../support/test-database';

// An acknowledged write survives the process being killed outright (SIGKILL), on the
// database of this run: a PGlite data folder or PostgreSQL.
describe(`restart after SIGKILL on ${testDatabaseKind()}`, () => {
  let app: AppProcess;

  beforeAll(async () => {
    buildApp();
    app = await AppProcess.create();
    await app.start();
  }, 3 * CHILD_WAIT_MS);
  afterAll(() => app.stop());

  it('keeps every acknowledged write and its audit chain', async () => {
    const created = await app.call('POST', '/statements', {
      framework: 'ACCSM',
      title: 'Durability check',
      titleTh: 'ตรวจสอบความคงทน',
      body: 'Text that must survive.',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(
      (await app.call('POST', `/statements/${id}/events`, { type: 'SUBMIT_TO_SOM' })).status,
    ).toBe(200);
    const approved = await app.call('POST', `/statements/${id}/events`, {
      type: 'APPROVE_IN_PRINCIPLE',
    });
    expect(approved.status).toBe(200);

    await app.kill();
    await app.start();

    const after = await app.call('GET', `/statements/${id}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({
      state: 'approved_in_principle',
      titleTh: 'ตรวจสอบความคงทน',
      lockVersion: approved.body.lockVersion,
    });
    const history = await app.call('GET', `/statements/${id}/history`);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'CREATED',
      'SUBMIT_TO_SOM',
      'APPROVE_IN_PRINCIPLE',
    ]);
    expect(history.body.chain.valid).toBe(true);
  }, 240_000); // a kill and a restart: CHILD_WAIT_MS each
});
