import { createHash } from 'node:crypto';
import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

// A position binds to the exact circulated text; any other hash is refused and changes nothing.
describe('e. position on a stale or unknown versionHash', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let thailand: User;
  let opened: Record<string, any>;

  beforeAll(async () => {
    t = await createTestApp('2026-03-02T02:00:00Z');
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    thailand = await client.user('focal_point', 'THA');
    opened = await client.openRound(cambodia, { deadline: '2026-04-01T17:00:00+07:00' });
  });
  afterAll(() => t.close());

  it.each([
    ['the hash of a text that was never circulated', () => sha256('An earlier draft.')],
    ['an unknown hash', () => 'f'.repeat(64)],
  ])('%s → 409 naming the circulated version; nothing stored', async (_, hashOf) => {
    const before = await client.counts();
    const lockVersion = (await client.statement(cambodia, opened.id)).body.lockVersion;

    const refused = await client.position(thailand, opened.id, {
      member: 'THA',
      position: 'endorse',
      versionHash: hashOf(),
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ statusCode: 409, code: 'version_not_circulated' });
    expect(refused.body.message).toContain('circulates version 1');
    expect(refused.body.message).toContain(opened.currentVersion.hash);
    expect(refused.body.details.circulated).toEqual(opened.currentVersion);

    expect(await client.counts()).toEqual(before);
    const after = (await client.statement(cambodia, opened.id)).body;
    expect(after.lockVersion).toBe(lockVersion);
    expect(after.round.positions).toEqual([]);
  });

  it('the same position on the circulated hash is accepted, so the refusal was about the hash', async () => {
    const accepted = await client.position(thailand, opened.id, {
      member: 'THA',
      position: 'endorse',
      versionHash: opened.currentVersion.hash,
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.round.positions).toEqual([
      expect.objectContaining({ member: 'THA', versionHash: opened.currentVersion.hash }),
    ]);
  });
});
