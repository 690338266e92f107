import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

// A focal point answers for its own member only; the secretariat records on a member's behalf
// with the reference of the note verbale (DESIGN.md §1, §4).
describe('f. who may record a position', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let accsm: Record<string, any>;
  let plusThree: Record<string, any>;

  const malaysianEndorsement = (extra: Record<string, unknown> = {}) => ({
    member: 'MYS',
    position: 'endorse',
    versionHash: accsm.currentVersion.hash,
    ...extra,
  });

  /** Sends a position that must be refused with `status`, and checks that nothing was stored. */
  async function expectRefused(
    user: User,
    id: string,
    body: Record<string, unknown>,
    status: number,
  ) {
    const before = await client.counts();
    const lockVersion = (await client.statement(cambodia, id)).body.lockVersion;
    const response = await client.position(user, id, body);
    expect(response.status).toBe(status);
    expect(await client.counts()).toEqual(before);
    expect((await client.statement(cambodia, id)).body.lockVersion).toBe(lockVersion);
    return response;
  }

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    accsm = await client.openRound(cambodia, { deadline: '2026-04-01T17:00:00+07:00' });
    plusThree = await client.openRound(cambodia, {
      framework: 'ACCSM+3',
      deadline: '2026-04-01T17:00:00+07:00',
    });
  });
  afterAll(() => t.close());

  it("Thailand's focal point recording for Malaysia → 403, nothing stored", async () => {
    const thailand = await client.user('focal_point', 'THA');
    const refused = await expectRefused(thailand, accsm.id, malaysianEndorsement(), 403);
    expect(refused.body.message).toContain('THA records positions for THA only');
  });

  it('an observer → 403, nothing stored', async () => {
    const observer = await client.user('observer');
    await expectRefused(observer, accsm.id, malaysianEndorsement(), 403);
  });

  it('the chair secretariat on behalf without a reference → 400, nothing stored', async () => {
    const refused = await expectRefused(cambodia, accsm.id, malaysianEndorsement(), 400);
    expect(refused.body.message).toContain('reference');
  });

  it('a secretariat of a member not chairing → 403, even with a reference', async () => {
    const thaiSecretariat = await client.user('chair_secretariat', 'THA');
    await expectRefused(
      thaiSecretariat,
      accsm.id,
      malaysianEndorsement({ reference: 'Note verbale No. 1/2026' }),
      403,
    );
  });

  it('the chair secretariat on behalf with a reference → 201, attributed as on behalf', async () => {
    const reference = 'Note verbale No. 42/2026 of the Embassy of Malaysia, Phnom Penh';
    const recorded = await client.position(cambodia, accsm.id, malaysianEndorsement({ reference }));
    expect(recorded.status).toBe(201);
    expect(recorded.body.round.positions).toEqual([
      expect.objectContaining({
        member: 'MYS',
        position: 'endorse',
        onBehalf: true,
        reference,
        recordedBy: cambodia.id,
      }),
    ]);
    expect(recorded.body.round.outstanding).not.toContain('MYS');
    const [row] = await t.dataSource.query(
      'SELECT on_behalf, reference FROM positions WHERE statement_id = $1',
      [accsm.id],
    );
    expect(row).toEqual({ on_behalf: true, reference });
  });

  it('a focal point of a member outside the electorate (CHN on an ACCSM round) → 422, nothing stored', async () => {
    const china = await client.user('focal_point', 'CHN');
    const refused = await expectRefused(
      china,
      accsm.id,
      { member: 'CHN', position: 'endorse', versionHash: accsm.currentVersion.hash },
      422,
    );
    expect(refused.body.code).toBe('member_not_in_electorate');

    // The same focal point answers in an ACCSM+3 round, where China is an elector.
    const accepted = await client.position(china, plusThree.id, {
      member: 'CHN',
      position: 'endorse',
      versionHash: plusThree.currentVersion.hash,
    });
    expect(accepted.status).toBe(201);
  });
});
