import { AuditRepository } from '../../src/engine/audit.repository';
import { PositionsRepository } from '../../src/engine/positions.repository';
import { restoreSnapshot, stateLabel } from '../../src/engine/workflow.runtime';
import { factoriesFor, StatementStage } from '../support/factories';
import { useServiceTier } from '../support/service-tier';

// The factories are test code that other tests trust: each stage must be what it says, and
// reached by the acts of the procedure, as the audit trail shows.
describe('factories', () => {
  const tier = useServiceTier();
  const factories = factoriesFor(tier);

  const historyOf = async (id: string) =>
    (await tier.get(AuditRepository).history(tier.dataSource.manager, id)).map((e) => e.type);

  const OPENING = ['CREATED', 'SUBMIT_TO_SOM', 'APPROVE_IN_PRINCIPLE', 'OPEN_AD_REFERENDUM'];
  const cases: Array<[StatementStage, string[]]> = [
    ['drafting', ['CREATED']],
    ['som_review', ['CREATED', 'SUBMIT_TO_SOM']],
    ['approved_in_principle', OPENING.slice(0, 3)],
    ['ad_referendum.collecting', OPENING],
    ['ad_referendum.blocked', [...OPENING, 'RECORD_POSITION']],
    ['ad_referendum.awaiting_decision', [...OPENING, 'DEADLINE_PASSED']],
  ];

  it.each(cases)('statementIn(%s) reaches it through the engine', async (stage, events) => {
    const built = await factories.statementIn(stage);
    const stored = await tier
      .get(PositionsRepository)
      .findStatement(tier.dataSource.manager, built.id);
    expect(stored).not.toBeNull();
    expect(stateLabel(restoreSnapshot(stored!))).toBe(stage);
    expect([stored!.state, stored!.roundState].filter(Boolean).join('.')).toBe(stage);
    expect(await historyOf(built.id)).toEqual(events);
  });

  it('statementIn(adopted) adopts by every elector’s endorsement in a round', async () => {
    const built = await factories.statementIn('adopted');
    const context = restoreSnapshot(built.row).context;
    expect(built.row.state).toBe('adopted');
    expect(context.adoption).toMatchObject({ basis: 'consensus', roundNumber: 1 });
    expect(Object.keys(built.focalPoints).sort()).toEqual(built.round!.electorate);
    const history = await historyOf(built.id);
    expect(history.filter((type) => type === 'RECORD_POSITION')).toHaveLength(
      built.round!.electorate.length,
    );
  });

  it('statementIn(adopted, meeting) adopts at SOM without a round', async () => {
    const built = await factories.statementIn('adopted', { adoptedBy: 'meeting' });
    expect(restoreSnapshot(built.row).context.adoption).toMatchObject({ basis: 'meeting' });
    expect(built.round).toBeNull();
    expect(await historyOf(built.id)).toEqual(['CREATED', 'SUBMIT_TO_SOM', 'ADOPT_AT_MEETING']);
  });

  it('the round’s electorate is the framework’s members on the day; the chair is today’s', async () => {
    // Cambodia chairs ACCSM in 2026; Timor-Leste has been the 11th member since October 2025.
    const built = await factories.statementIn('ad_referendum.collecting');
    expect(built.chair).toMatchObject({ role: 'chair_secretariat', memberCode: 'KHM' });
    expect(built.round!.electorate).toHaveLength(11);
    expect(built.round!.electorate).toContain('TLS');
    const rounds = await tier.get(PositionsRepository).rounds(tier.dataSource.manager, built.id);
    expect(rounds.map((r) => r.electorate)).toEqual([built.round!.electorate]);
  });

  it('an awaiting decision under silence_is_consent names the member still clearing the text', async () => {
    const built = await factories.statementIn('ad_referendum.awaiting_decision', {
      silenceRule: 'silence_is_consent',
      electorate: ['IDN', 'THA'],
    });
    expect(restoreSnapshot(built.row).context.round?.pendingClearance).toEqual(['IDN']);
  });
});
