import { randomUUID } from 'node:crypto';
import { AuthService } from '../../src/auth/auth.service';
import type { CreateUserDto } from '../../src/auth/dto/create-user.dto';
import { UsersService } from '../../src/auth/users.service';
import { AdrefError, AdrefErrorCode } from '../../src/common/adref.errors';
import type { Principal } from '../../src/common/auth.decorators';
import { factoriesFor } from '../support/factories';
import { useServiceTier } from '../support/service-tier';
import { tableCounts } from '../support/table-counts';

const MINUTE = 60_000;

describe(UsersService.name, () => {
  const tier = useServiceTier();
  const factories = factoriesFor(tier);
  let sut: UsersService;
  let auth: AuthService;
  let admin: Principal;
  beforeEach(async () => {
    sut = tier.get(UsersService);
    auth = tier.get(AuthService);
    admin = await factories.principal('admin');
  });

  const focalPointDto = (member = 'THA'): CreateUserDto => ({
    name: 'Somchai P.',
    email: `Somchai.${randomUUID().slice(0, 8)}@OCSC.go.th`,
    role: 'focal_point',
    member,
  });
  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error as AdrefError,
    );
  /** Account events are ordered by time: each change here happens a minute after the last. */
  const later = <T>(work: () => Promise<T>): Promise<T> => {
    tier.clock.advance(MINUTE);
    return work();
  };

  it('create stores the account, returns its first token once, and records who created it', async () => {
    const dto = focalPointDto();

    const created = await sut.create(dto, admin);

    expect(created.user).toMatchObject({
      name: 'Somchai P.',
      email: dto.email.toLowerCase(),
      role: 'focal_point',
      member: 'THA',
      language: 'en',
      active: true,
    });
    expect(await auth.authenticate(created.token)).toMatchObject({
      id: created.user.id,
      memberCode: 'THA',
    });
    const events = await sut.events(created.user.id);
    expect(events.map((e) => [e.type, e.actor.id])).toEqual([['USER_CREATED', admin.id]]);
    expect((await sut.get(created.user.id)).tokens).toHaveLength(1);
  });

  it.each([
    ['a focal point without a member', { member: undefined }, AdrefErrorCode.INVALID_INPUT],
    ['a member the reference data does not know', { member: 'XXX' }, AdrefErrorCode.INVALID_INPUT],
  ])('create refuses %s and writes nothing', async (_what, change, code) => {
    const before = await tableCounts(tier.dataSource);

    const refused = await refusal(sut.create({ ...focalPointDto(), ...change }, admin));

    expect(refused).toBeInstanceOf(AdrefError);
    expect(refused?.code).toBe(code);
    expect(refused?.details).toMatchObject({ field: 'member' });
    expect(await tableCounts(tier.dataSource)).toEqual(before);
  });

  it('create refuses an email another account has, whatever its case', async () => {
    const dto = focalPointDto();
    await sut.create(dto, admin);

    const refused = await refusal(sut.create({ ...dto, email: dto.email.toUpperCase() }, admin));

    expect(refused?.code).toBe(AdrefErrorCode.EMAIL_TAKEN);
  });

  it('deactivating an account stops its token at once and records what was revoked', async () => {
    const { user, token } = await sut.create(focalPointDto(), admin);

    const updated = await later(() => sut.update(user.id, { active: false }, admin));

    expect(updated.active).toBe(false);
    expect(await auth.authenticate(token)).toBeNull();
    const events = await sut.events(user.id);
    expect(events.map((e) => e.type)).toEqual(['USER_CREATED', 'USER_DEACTIVATED']);
    expect(events[1].details).toMatchObject({
      revokedTokens: 1,
      changes: { active: { from: true, to: false } },
    });
  });

  it('an update that changes nothing records nothing; one with no field is refused', async () => {
    const { user } = await sut.create(focalPointDto(), admin);

    await later(() => sut.update(user.id, { member: 'THA', language: 'en' }, admin));
    const empty = await refusal(sut.update(user.id, {}, admin));

    expect((await sut.events(user.id)).map((e) => e.type)).toEqual(['USER_CREATED']);
    expect(empty?.code).toBe(AdrefErrorCode.INVALID_INPUT);
  });

  it('an admin cannot deactivate or demote their own account', async () => {
    for (const change of [{ active: false }, { role: 'observer' as const }]) {
      const refused = await refusal(sut.update(admin.id, change, admin));
      expect(refused?.code).toBe(AdrefErrorCode.OWN_ACCOUNT);
    }
    expect((await sut.get(admin.id)).active).toBe(true);
  });

  it('a new token replaces the earlier ones; a deactivated account gets none', async () => {
    const { user, token: first } = await sut.create(focalPointDto(), admin);

    const issued = await later(() => sut.issueToken(user.id, admin));

    expect(issued.revokedTokens).toBe(1);
    expect(await auth.authenticate(first)).toBeNull();
    expect(await auth.authenticate(issued.token!)).toMatchObject({ id: user.id });

    await later(() => sut.update(user.id, { active: false }, admin));
    const refused = await refusal(sut.issueToken(user.id, admin));
    expect(refused?.code).toBe(AdrefErrorCode.ACCOUNT_INACTIVE);
    expect((await sut.events(user.id)).map((e) => e.type)).toEqual([
      'USER_CREATED',
      'TOKEN_ISSUED',
      'USER_DEACTIVATED',
    ]);
  });

  it('signing out everywhere revokes the caller’s tokens, the one in use included', async () => {
    const { user, token } = await sut.create(focalPointDto(), admin);
    const principal = (await auth.authenticate(token))!;

    const signedOut = await later(() => sut.signOutEverywhere(principal));

    expect(signedOut).toEqual({ revokedTokens: 1, revokedSessions: 0 });
    expect(await auth.authenticate(token)).toBeNull();
    expect((await sut.events(user.id)).at(-1)).toMatchObject({
      type: 'SIGNED_OUT_EVERYWHERE',
      actor: { id: user.id },
    });
  });

  it('list filters by role and member', async () => {
    const { user } = await sut.create(focalPointDto('BRN'), admin);

    const page = await sut.list({ role: 'focal_point', member: 'BRN', pageSize: 100 });

    expect(page.items.map((u) => u.id)).toContain(user.id);
    expect(page.items.every((u) => u.role === 'focal_point' && u.member === 'BRN')).toBe(true);
    expect(page.total).toBe(page.items.length);
  });
});
