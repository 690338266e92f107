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
