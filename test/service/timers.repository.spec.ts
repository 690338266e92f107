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

  // claimDue reads across statements: each test has a database of its own.
  describe('claimDue', () => {
    const tier = useServiceTier({ perTest: true });
    const factories = factoriesFor(tier);

    it('claims nothing before a timer is due, then the earliest due one', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        reminderOffsets: ['P2D'],
      });
      const sut = tier.get(TimersRepository);
      const deadline = Date.parse(built.round!.deadline);
      const claimAt = (at: number) =>
        tier.dataSource.transaction((m) => sut.claimDue(m, new Date(at)));

      expect(await claimAt(deadline - 2 * DAY - 1)).toBeNull();
      expect(await claimAt(deadline + DAY)).toMatchObject({
        statementId: built.id,
        roundNumber: 1,
        kind: 'reminder',
        offset: 'P2D',
        dueAt: new Date(deadline - 2 * DAY),
      });
    });

    it('a settled timer is not claimed again', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        reminderOffsets: [],
      });
      const sut = tier.get(TimersRepository);
      const after = new Date(Date.parse(built.round!.deadline) + DAY);

      const first = await tier.dataSource.transaction(async (m) => {
        const claimed = await sut.claimDue(m, after);
        await sut.settle(m, claimed!.id, 'skipped', after, 'a test');
        return claimed;
      });

      expect(first).toMatchObject({ kind: 'deadline' });
      expect(await tier.dataSource.transaction((m) => sut.claimDue(m, after))).toBeNull();
    });

    // PGlite is one session: its transactions take turns, so none can be held open beside
    // another. The case exists on PostgreSQL only (not a skipped test on PGlite).
    const onPostgres: jest.It | ((...args: unknown[]) => void) =
      testDatabaseKind() === 'postgres' ? it : () => undefined;
    onPostgres(
      'a statement another transaction holds is skipped: its timers wait, others are claimed',
      async () => {
        const held = await factories.statementIn('ad_referendum.collecting', {
          reminderOffsets: ['P1D'],
        });
        const other = await factories.statementIn('ad_referendum.collecting', {
          reminderOffsets: [],
        });
        const sut = tier.get(TimersRepository);
        const after = new Date(Date.parse(other.round!.deadline) + DAY);

        let release!: () => void;
        const released = new Promise<void>((resolve) => (release = resolve));
        let claimedFirst!: (value: unknown) => void;
        const firstClaim = new Promise((resolve) => (claimedFirst = resolve));
        const holder = tier.dataSource.transaction(async (m) => {
          claimedFirst(await sut.claimDue(m, after));
          await released;
        });

        expect(await firstClaim).toMatchObject({ statementId: held.id, offset: 'P1D' });
        const second = await tier.dataSource.transaction((m) => sut.claimDue(m, after));
        release();
        await holder;

        expect(second).toMatchObject({ statementId: other.id, kind: 'deadline' });
      },
    );
  });
});
