import { TimersRepository } from '../../src/engine/timers.repository';
import { factoriesFor } from '../support/factories';
import { useServiceTier } from '../support/service-tier';
import { testDatabaseKind } from '../support/test-database';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe(TimersRepository.name, () => {
  describe('schedule, cancel, settle and list', () => {
    const tier = useServiceTier();
    const factories = factoriesFor(tier);
    const list = (statementId: string, status?: string) =>
      tier.get(TimersRepository).list(tier.dataSource.manager, { statementId, status }, 100);
    const shape = (timers: Awaited<ReturnType<typeof list>>) =>
      timers.map((t) => [t.kind, t.offset, t.dueAt.toISOString(), t.status, t.note]);

    it('schedule sets the deadline and each reminder still ahead of now', async () => {
      const built = await factories.statementIn('approved_in_principle');
      const now = tier.clock.now();
      const deadline = new Date(now.getTime() + 3 * DAY);

      await tier.dataSource.transaction((m) =>
        tier.get(TimersRepository).schedule(m, built.id, 1, deadline, ['P7D', 'P2D', 'PT12H'], now),
      );

      const at = (ms: number) => new Date(deadline.getTime() - ms).toISOString();
      // P7D before a deadline three days off has passed already: it is not set at all.
      expect(shape(await list(built.id))).toEqual([
        ['reminder', 'P2D', at(2 * DAY), 'pending', null],
        ['reminder', 'PT12H', at(12 * HOUR), 'pending', null],
        ['deadline', null, deadline.toISOString(), 'pending', null],
      ]);
      expect(
        (await list(built.id)).every(
          (t) => t.roundNumber === 1 && t.createdAt.getTime() === now.getTime(),
        ),
      ).toBe(true);
    });

    it('schedule replaces the round’s pending timers, marking the old ones rescheduled', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        reminderOffsets: ['P1D'],
      });
      const sut = tier.get(TimersRepository);
      const now = tier.clock.now();
      const later = new Date(Date.parse(built.round!.deadline) + 5 * DAY);

      await tier.dataSource.transaction((m) => sut.schedule(m, built.id, 1, later, [], now));

      expect(shape(await list(built.id, 'pending'))).toEqual([
        ['deadline', null, later.toISOString(), 'pending', null],
      ]);
      const cancelled = await list(built.id, 'cancelled');
      expect(cancelled.map((t) => [t.kind, t.note, t.settledAt])).toEqual([
        ['reminder', 'rescheduled', now],
        ['deadline', 'rescheduled', now],
      ]);
    });

    it('cancel settles the pending timers of that round only, and leaves fired ones fired', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        reminderOffsets: ['P1D'],
      });
      const sut = tier.get(TimersRepository);
      const [reminder] = await list(built.id);
      const now = tier.clock.now();

      await tier.dataSource.transaction(async (m) => {
        await sut.settle(m, reminder.id, 'fired', now);
        await sut.cancel(m, built.id, 2, now);
      });
      expect((await list(built.id)).map((t) => t.status)).toEqual(['fired', 'pending']);

      await tier.dataSource.transaction((m) => sut.cancel(m, built.id, 1, now));

      expect((await list(built.id)).map((t) => [t.kind, t.status, t.note])).toEqual([
        ['reminder', 'fired', null],
        ['deadline', 'cancelled', 'round closed'],
      ]);
    });

    it('list filters by statement and status, earliest first, up to the limit', async () => {
      const built = await factories.statementIn('ad_referendum.collecting');
      const sut = tier.get(TimersRepository);

      const two = await sut.list(tier.dataSource.manager, { statementId: built.id }, 2);

      expect(two.map((t) => t.offset)).toEqual(['P7D', 'P2D']);
      expect(await list(built.id, 'fired')).toEqual([]);
    });
  });

  // claimBatch reads across statements: each test has a database of its own.
  describe('claimBatch and settleIfPending', () => {
    const tier = useServiceTier({ perTest: true });
    const factories = factoriesFor(tier);
    const LEASE = 30_000;
    const claim = (at: Date, limit = 10, lease = LEASE) =>
      tier.dataSource.transaction((m) =>
        tier.get(TimersRepository).claimBatch(m, at, new Date(at.getTime() + lease), limit),
      );

    it('claims nothing before a timer is due, then the due ones, earliest first', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        reminderOffsets: ['P2D'],
      });
      const deadline = Date.parse(built.round!.deadline);

      expect(await claim(new Date(deadline - 2 * DAY - 1))).toEqual([]);
      const claimed = await claim(new Date(deadline + DAY));
      expect(claimed).toEqual([
        expect.objectContaining({
          statementId: built.id,
          roundNumber: 1,
          kind: 'reminder',
          offset: 'P2D',
          dueAt: new Date(deadline - 2 * DAY),
        }),
        expect.objectContaining({ kind: 'deadline', offset: null, dueAt: new Date(deadline) }),
      ]);
    });

    it('takes at most `limit`, and a leased timer is not leased again until its lease ends', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        reminderOffsets: ['P2D'],
      });
      const after = new Date(Date.parse(built.round!.deadline) + DAY);

      expect(await claim(after, 1)).toEqual([expect.objectContaining({ kind: 'reminder' })]);
      // The reminder is leased: the next batch gets the deadline only, then nothing.
      expect(await claim(after, 10)).toEqual([expect.objectContaining({ kind: 'deadline' })]);
      expect(await claim(after, 10)).toEqual([]);
      // The leases ran out (the instance that took them died): both are due again.
      const later = new Date(after.getTime() + LEASE);
      expect((await claim(later, 10)).map((t) => t.kind)).toEqual(['reminder', 'deadline']);
    });

    it('release gives leased timers back at once', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        reminderOffsets: [],
      });
      const after = new Date(Date.parse(built.round!.deadline) + DAY);
      const [deadline] = await claim(after);
      expect(await claim(after)).toEqual([]);

      await tier.get(TimersRepository).release(tier.dataSource.manager, [deadline.id]);

      expect(await claim(after)).toEqual([expect.objectContaining({ id: deadline.id })]);
    });

    it('settleIfPending settles once: a settled or cancelled timer is not settled again, nor claimed', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        reminderOffsets: ['P1D'],
      });
      const sut = tier.get(TimersRepository);
      const after = new Date(Date.parse(built.round!.deadline) + DAY);
      const [reminder, deadline] = await claim(after);
      await tier.dataSource.transaction((m) => sut.cancel(m, built.id, 1, after, 'a test'));
      const settle = (id: string) =>
        tier.dataSource.transaction((m) => sut.settleIfPending(m, id, 'fired', after));

      expect(await settle(reminder.id)).toBe(false);
      expect(await settle(deadline.id)).toBe(false);
      const timers = await sut.list(tier.dataSource.manager, { statementId: built.id }, 10);
      expect(timers.map((t) => [t.status, t.note, t.claimedUntil])).toEqual([
        ['cancelled', 'a test', expect.any(Date)],
        ['cancelled', 'a test', expect.any(Date)],
      ]);
      expect(await claim(new Date(after.getTime() + LEASE))).toEqual([]);
    });

    it('settleIfPending marks a pending timer and ends its lease', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        reminderOffsets: [],
      });
      const sut = tier.get(TimersRepository);
      const after = new Date(Date.parse(built.round!.deadline) + DAY);
      const [deadline] = await claim(after);
      const settle = () =>
        tier.dataSource.transaction((m) =>
          sut.settleIfPending(m, deadline.id, 'skipped', after, 'a note'),
        );

      expect(await settle()).toBe(true);
      expect(await settle()).toBe(false);
      const [timer] = await sut.list(tier.dataSource.manager, { statementId: built.id }, 10);
      expect(timer).toMatchObject({
        status: 'skipped',
        settledAt: after,
        note: 'a note',
        claimedUntil: null,
      });
    });

    // PGlite is one session: its transactions take turns, so none can be held open beside
    // another. The case exists on PostgreSQL only (not a skipped test on PGlite).
    const onPostgres: jest.It | ((...args: unknown[]) => void) =
      testDatabaseKind() === 'postgres' ? it : () => undefined;
    onPostgres(
      'a timer row another transaction holds is skipped; the others are leased',
      async () => {
        const held = await factories.statementIn('ad_referendum.collecting', {
          reminderOffsets: [],
        });
        const other = await factories.statementIn('ad_referendum.collecting', {
          reminderOffsets: [],
        });
        const after = new Date(Date.parse(other.round!.deadline) + DAY);

        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let locked!: () => void;
        const isLocked = new Promise<void>((resolve) => (locked = resolve));
        const holder = tier.dataSource.transaction(async (m) => {
          await m.query(`SELECT id FROM timers WHERE statement_id = $1 FOR UPDATE`, [held.id]);
          locked();
          await released;
        });
        await isLocked;
        const claimed = await claim(after);
        release();
        await holder;

        expect(claimed.map((t) => t.statementId)).toEqual([other.id]);
        expect((await claim(after)).map((t) => t.statementId)).toEqual([held.id]);
      },
    );
  });
});
