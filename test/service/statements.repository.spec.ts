import { StatementsRepository } from '../../src/statements/statements.repository';
import { TokensRepository } from '../../src/auth/tokens.repository';
import { AuthService } from '../../src/auth/auth.service';
import { sha256 } from '../../src/common/hash.util';
import { PrincipalEntity } from '../../src/common/principal.entity';
import { factoriesFor, STATEMENT_STAGES } from '../support/factories';
import { useServiceTier } from '../support/service-tier';

// The write path's two hottest reads are fixed SQL mapped by hand: they must give what
// TypeORM's own mapping gives, column for column, or a new column would silently go missing.
describe('hand-mapped reads of the write path', () => {
  const tier = useServiceTier();
  const factories = factoriesFor(tier);

  it.each(STATEMENT_STAGES)(
    'StatementsRepository.lock gives the row as find does (%s)',
    async (stage) => {
      const built = await factories.statementIn(stage);
      const repository = tier.get(StatementsRepository);

      const locked = await tier.dataSource.transaction((m) => repository.lock(m, built.id));

      expect(locked).toStrictEqual(await repository.find(built.id));
      expect(locked.outstanding).toEqual(built.row.outstanding);
    },
  );

  it('TokensRepository.holderOf gives the principal as TypeORM maps it, and nothing for a revoked token', async () => {
    const built = await factories.statementIn('ad_referendum.collecting');
    const principal = Object.values(built.focalPoints)[0] ?? built.chair;
    const issued = await tier.dataSource.transaction((m) =>
      tier.get(AuthService).issueToken(m, principal.id, tier.clock.now()),
    );
    const tokens = tier.get(TokensRepository);

    const holder = await tokens.holderOf(sha256(issued.token));

    expect(holder?.principal).toStrictEqual(
      await tier.dataSource.getRepository(PrincipalEntity).findOneBy({ id: principal.id }),
    );
    expect(holder?.expiresAt).toEqual(issued.expiresAt);
    await tier.dataSource.transaction((m) =>
      tokens.revokeTokens(m, principal.id, tier.clock.now()),
    );
    expect(await tokens.holderOf(sha256(issued.token))).toBeNull();
  });
});

// `?pendingFor=` reads statement_outstanding, which triggers keep: it must name exactly the
// members statements.outstanding names, after any transition, or the board would lie.
describe('statement_outstanding, kept by triggers', () => {
  const tier = useServiceTier();
  const factories = factoriesFor(tier);
  const byTable = async (id: string) =>
    (
      (await tier.dataSource.query(
        `SELECT member FROM statement_outstanding WHERE statement_id = $1 ORDER BY member`,
        [id],
      )) as { member: string }[]
    ).map((row) => row.member);
  const byRow = async (id: string) =>
    [...(await tier.get(StatementsRepository).find(id)).outstanding].sort();

  it.each(STATEMENT_STAGES)('names the members the row names (%s)', async (stage) => {
    const built = await factories.statementIn(stage);

    expect(await byTable(built.id)).toEqual(await byRow(built.id));
  });

  it('follows each answer: an endorsement leaves it, "pending clearance" stays, the end empties it', async () => {
    const built = await factories.statementIn('ad_referendum.collecting', {
      electorate: ['IDN', 'MYS', 'THA'],
    });
    expect(await byTable(built.id)).toEqual(['IDN', 'MYS', 'THA']);

    await factories.record(built, 'THA', 'endorse');
    expect(await byTable(built.id)).toEqual(['IDN', 'MYS']);
    await factories.record(built, 'IDN', 'clearance_pending');
    expect(await byTable(built.id)).toEqual(['IDN', 'MYS']);
    await factories.record(built, 'IDN', 'endorse');
    await factories.record(built, 'MYS', 'endorse');

    expect((await tier.get(StatementsRepository).find(built.id)).state).toBe('adopted');
    expect(await byTable(built.id)).toEqual([]);
  });

  it('a row written outside the runtime (a bulk copy) is kept too', async () => {
    const built = await factories.statementIn('ad_referendum.collecting', {
      electorate: ['IDN', 'THA'],
    });
    await tier.dataSource.query(`UPDATE statements SET outstanding = '{LAO,THA}' WHERE id = $1`, [
      built.id,
    ]);
    expect(await byTable(built.id)).toEqual(['LAO', 'THA']);
  });
});

// The board's SQL is put together from fixed conditions: each combination must give what the
// rows say, in the board's order, and a total that counts them (its own query for pendingFor).
describe('StatementsRepository.list', () => {
  const tier = useServiceTier({ perTest: true });
  const factories = factoriesFor(tier);

  it('gives, for every combination of filters, the matching rows in order and their count', async () => {
    for (const stage of STATEMENT_STAGES) await factories.statementIn(stage);
    await factories.statementIn('ad_referendum.collecting', { electorate: ['IDN', 'THA'] });
    await factories.statementIn('ad_referendum.collecting', { framework: 'ACCSM+3' });
    const repository = tier.get(StatementsRepository);
    const all = (await repository.list({ page: 1, pageSize: 1000 })).items;
    const later = new Date(tier.clock.now().getTime() + 400 * 86_400_000);
    const combinations = [
      {},
      { state: 'ad_referendum' },
      { framework: 'ACCSM+3' },
      { pendingFor: 'THA' },
      { pendingFor: 'JPN' },
      { pendingFor: 'THA', framework: 'ACCSM' },
      { pendingFor: 'IDN', state: 'ad_referendum', overdueAt: later },
      { overdueAt: later },
      { overdueAt: tier.clock.now() },
    ];
    const order = (a: (typeof all)[0], b: (typeof all)[0]) =>
      (a.openDeadline?.getTime() ?? Infinity) - (b.openDeadline?.getTime() ?? Infinity) ||
      b.updatedAt.getTime() - a.updatedAt.getTime() ||
      (a.id < b.id ? -1 : 1);
    expect(all.map((s) => s.id)).toEqual([...all].sort(order).map((s) => s.id));

    const totals: number[] = [];
    for (const filter of combinations) {
      const expected = all.filter(
        (s) =>
          (!('state' in filter) || s.state === filter.state) &&
          (!('framework' in filter) || s.frameworkCode === filter.framework) &&
          (!('pendingFor' in filter) || s.outstanding.includes(filter.pendingFor!)) &&
          (!('overdueAt' in filter) ||
            (s.state === 'ad_referendum' &&
              s.openDeadline !== null &&
              s.openDeadline < filter.overdueAt!)),
      );
      const first = await repository.list({ ...filter, page: 1, pageSize: 2 });
      const second = await repository.list({ ...filter, page: 2, pageSize: 2 });
      const rest = await repository.list({ ...filter, page: 2, pageSize: 1000 });

      expect({ filter, total: first.total }).toEqual({ filter, total: expected.length });
      expect([...first.items, ...second.items].map((s) => s.id)).toEqual(
        expected.slice(0, 4).map((s) => s.id),
      );
      // Past the last page: no rows, and still the count.
      expect(rest).toEqual({ items: [], total: expected.length });
      totals.push(expected.length);
    }
    // Not vacuous: the filters tell the statements apart, and some give more than a page.
    expect(new Set(totals).size).toBeGreaterThan(4);
    expect(Math.max(...totals)).toBeGreaterThan(4);
  });
});
