import { AdrefError, AdrefErrorCode } from '../../src/common/adref.errors';
import { AuditRepository } from '../../src/engine/audit.repository';
import { StatementMigrationsService } from '../../src/engine/statement-migrations.service';
import { VerifyService } from '../../src/verify/verify.service';
import { factoriesFor } from '../support/factories';
import { useServiceTier } from '../support/service-tier';

describe(StatementMigrationsService.name, () => {
  const tier = useServiceTier({ perTest: true });
  const factories = factoriesFor(tier);
  let sut: StatementMigrationsService;
  beforeEach(() => {
    sut = tier.get(StatementMigrationsService);
  });

  /** As an older build left it: the same snapshot, on version 1 of the procedure. */
  async function onVersion1(stage: Parameters<typeof factories.statementIn>[0]) {
    const built = await factories.statementIn(stage);
    await tier.dataSource.query('UPDATE statements SET machine_version = 1 WHERE id = $1', [
      built.id,
    ]);
    return built;
  }
  const row = async (id: string) =>
    (await tier.dataSource.query('SELECT * FROM statements WHERE id = $1', [id]))[0];
  const eventTypes = async (id: string) =>
    (await tier.get(AuditRepository).history(tier.dataSource.manager, id)).map((e) => e.type);

  it('a dry run reports what would move and changes nothing', async () => {
    const open = await onVersion1('ad_referendum.collecting');
    const adopted = await onVersion1('adopted');
    const before = [await row(open.id), await row(adopted.id)];

    const lines = await sut.migrateAll(2, { dryRun: true });

    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          statementId: open.id,
          state: 'ad_referendum.collecting',
          from: 1,
          to: 2,
          outcome: 'would_migrate',
          changes: [],
        }),
        expect.objectContaining({ statementId: adopted.id, outcome: 'final' }),
      ]),
    );
    expect(lines).toHaveLength(2);
    expect([await row(open.id), await row(adopted.id)]).toEqual(before);
  });

  it('a migration is a transition of its own: MACHINE_MIGRATED, the version moved, the chain verifies', async () => {
    const open = await onVersion1('ad_referendum.collecting');
    const before = await row(open.id);

    const [line] = await sut.migrateAll(2, { dryRun: false });

    expect(line).toMatchObject({ statementId: open.id, outcome: 'migrated' });
    const after = await row(open.id);
    expect(after).toMatchObject({
      machine_version: 2,
      lock_version: before.lock_version + 1,
      audit_seq: before.audit_seq + 1,
      state: 'ad_referendum',
      round_state: 'collecting',
    });
    expect((await eventTypes(open.id)).at(-1)).toBe('MACHINE_MIGRATED');
    expect(await tier.get(VerifyService).verify(open.id)).toMatchObject({
      valid: true,
      problems: [],
    });
    // Nothing is left to move.
    expect(await sut.migrateAll(2, { dryRun: false })).toEqual([]);
  });

  it('a final statement keeps its version and gets no event', async () => {
    const adopted = await onVersion1('adopted');
    const events = await eventTypes(adopted.id);

    const [line] = await sut.migrateAll(2, { dryRun: false });

    expect(line).toMatchObject({ outcome: 'final', reason: expect.stringContaining('adopted') });
    expect((await row(adopted.id)).machine_version).toBe(1);
    expect(await eventTypes(adopted.id)).toEqual(events);
  });

  it('refuses a version this build cannot load', async () => {
    await onVersion1('drafting');
    const refusal = sut.migrateAll(99, { dryRun: true });
    await expect(refusal).rejects.toBeInstanceOf(AdrefError);
    await expect(refusal).rejects.toMatchObject({
      code: AdrefErrorCode.MACHINE_VERSION_UNAVAILABLE,
    });
  });
});
