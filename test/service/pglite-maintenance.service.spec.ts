import { PgliteMaintenanceService } from '../../src/database/pglite-maintenance.service';
import { factoriesFor } from '../support/factories';
import { useServiceTier } from '../support/service-tier';

// PGlite has no autovacuum: the app's own pass must refresh what the planner knows (and reclaim
// dead rows). It runs as-is on PostgreSQL too, where autovacuum would do it anyway.
describe(PgliteMaintenanceService.name, () => {
  const tier = useServiceTier({ perTest: true });
  const factories = factoriesFor(tier);
  const planned = async (table: string) =>
    Number(
      (
        (await tier.dataSource.query(`SELECT reltuples FROM pg_class WHERE relname = $1`, [
          table,
        ])) as { reltuples: number }[]
      )[0].reltuples,
    );

  it('vacuum analyzes the busy tables: the planner learns how many rows they hold', async () => {
    for (let i = 0; i < 3; i += 1) await factories.statementIn('ad_referendum.collecting');
    const rows = async (table: string) =>
      Number(
        ((await tier.dataSource.query(`SELECT count(*) AS n FROM ${table}`)) as { n: string }[])[0]
          .n,
      );
    const before = await planned('statement_outstanding');

    await tier.get(PgliteMaintenanceService).vacuum();

    expect(await rows('statement_outstanding')).toBeGreaterThan(0);
    expect(before).not.toBe(await rows('statement_outstanding'));
    expect(await planned('statement_outstanding')).toBe(await rows('statement_outstanding'));
    expect(await planned('statements')).toBe(await rows('statements'));
  });
});
