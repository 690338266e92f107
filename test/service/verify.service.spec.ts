import { AdrefError, AdrefErrorCode } from '../../src/common/adref.errors';
import { AuditRepository } from '../../src/engine/audit.repository';
import { VerifyService } from '../../src/verify/verify.service';
import type { VerifyReport } from '../../src/verify/verify.types';
import { factoriesFor, STATEMENT_STAGES } from '../support/factories';
import { useServiceTier } from '../support/service-tier';

const kinds = (report: VerifyReport) => [...new Set(report.problems.map((p) => p.kind))].sort();

describe(VerifyService.name, () => {
  const tier = useServiceTier();
  const factories = factoriesFor(tier);
  let sut: VerifyService;
  beforeEach(() => {
    sut = tier.get(VerifyService);
  });

  const eventsOf = (id: string) => tier.get(AuditRepository).history(tier.dataSource.manager, id);

  // Tampering as an adversary with the database's superuser would: switch the append-only
  // triggers off, change rows, switch them on again.
  async function asSuperuser(tables: string[], change: () => Promise<unknown>): Promise<void> {
    for (const table of tables)
      await tier.dataSource.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    try {
      await change();
    } finally {
      for (const table of tables)
        await tier.dataSource.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    }
  }

  it.each(STATEMENT_STAGES)(
    'a statement built to %s verifies: chain, signatures and replay',
    async (stage) => {
      const built = await factories.statementIn(stage);

      const report = await sut.verify(built.id);

      expect(report).toEqual({
        valid: true,
        checkedEvents: (await eventsOf(built.id)).length,
        problems: [],
      });
    },
  );

  it('an edited audit event fails on its hash', async () => {
    const built = await factories.statementIn('ad_referendum.collecting', {
      electorate: ['IDN', 'THA'],
    });
    const opening = (await eventsOf(built.id)).find((e) => e.type === 'OPEN_AD_REFERENDUM')!;

    await asSuperuser(['audit_events'], () =>
      tier.dataSource.query(
        `UPDATE audit_events SET payload = jsonb_set(payload, '{electorate}', '["THA"]') WHERE id = $1`,
        [opening.id],
      ),
    );
    const report = await sut.verify(built.id);

    expect(report.valid).toBe(false);
    expect(report.problems).toContainEqual(
      expect.objectContaining({ seq: opening.seq, kind: 'hash_mismatch' }),
    );
  });

  it('a projected column changed behind the engine’s back is a snapshot mismatch', async () => {
    const built = await factories.statementIn('ad_referendum.blocked');

    await tier.dataSource.query(`UPDATE statements SET round_state = 'collecting' WHERE id = $1`, [
      built.id,
    ]);
    const report = await sut.verify(built.id);

    expect(report.valid).toBe(false);
    expect(kinds(report)).toEqual(['snapshot_mismatch']);
  });

  it('an edited position no longer matches the replay of the events', async () => {
    const built = await factories.statementIn('ad_referendum.blocked');

    await asSuperuser(['positions'], () =>
      tier.dataSource.query(`UPDATE positions SET position = 'endorse' WHERE statement_id = $1`, [
        built.id,
      ]),
    );
    const report = await sut.verify(built.id);

    expect(report.valid).toBe(false);
    expect(kinds(report)).toEqual(['position_mismatch']);
  });

  it('a deleted tail shows against a chain head held outside adref', async () => {
    const built = await factories.statementIn('ad_referendum.blocked');
    const head = (await tier.get(AuditRepository).head(tier.dataSource.manager, built.id))!;

    // The objection's event and position go: the chain itself has no gap to show.
    await asSuperuser(['audit_events', 'positions'], async () => {
      await tier.dataSource.query(`DELETE FROM positions WHERE statement_id = $1`, [built.id]);
      await tier.dataSource.query(`DELETE FROM audit_events WHERE statement_id = $1 AND seq = $2`, [
        built.id,
        head.seq,
      ]);
    });
    const witness = { source: 'record.pdf', ...head };

    expect(kinds(await sut.verify(built.id))).not.toContain('missing_events');
    const withWitness = await sut.verify(built.id, { witnesses: [witness] });
    expect(withWitness.problems).toContainEqual(
      expect.objectContaining({ seq: head.seq, kind: 'missing_events' }),
    );
  });

  it('keys it does not trust make every signature unknown', async () => {
    const built = await factories.statementIn('som_review');

    const report = await sut.verify(built.id, { trustedKeys: [] });

    expect(report.valid).toBe(false);
    expect(kinds(report)).toEqual(['unknown_key']);
    expect(report.problems).toHaveLength(2);
  });

  it('refuses an unknown statement', async () => {
    const refused = await sut
      .verify('00000000-0000-4000-8000-000000000000')
      .catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(AdrefError);
    expect((refused as AdrefError).code).toBe(AdrefErrorCode.NOT_FOUND);
  });
});
