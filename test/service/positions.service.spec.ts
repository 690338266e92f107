import { AdrefError, AdrefErrorCode } from '../../src/common/adref.errors';
import { AuditRepository } from '../../src/engine/audit.repository';
import { PositionsService } from '../../src/positions/positions.service';
import { factoriesFor, StatementStage } from '../support/factories';
import { useServiceTier } from '../support/service-tier';

const MINUTE = 60_000;

describe(PositionsService.name, () => {
  const tier = useServiceTier();
  const factories = factoriesFor(tier);
  let sut: PositionsService;
  beforeEach(() => {
    sut = tier.get(PositionsService);
  });

  const refusal = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error as AdrefError,
    );

  describe('history', () => {
    it('lists every position of the round, superseded ones included, with who recorded it', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        electorate: ['MYS', 'SGP', 'THA'],
      });
      await factories.record(built, 'THA', 'clearance_pending');
      await factories.record(built, 'SGP', 'endorse');
      await factories.record(built, 'THA', 'endorse_with_reservation', {
        text: 'As domestic law allows.',
      });

      const history = await sut.history(built.id);

      expect(history.statementId).toBe(built.id);
      expect(history.rounds).toHaveLength(1);
      const [round] = history.rounds;
      expect(round).toMatchObject({
        number: 1,
        versionHash: built.version.hash,
        deadline: built.round!.deadline,
        electorate: ['MYS', 'SGP', 'THA'],
        outcome: null,
      });
      expect(round.positions.map((p) => [p.member, p.position, p.current])).toEqual([
        ['THA', 'clearance_pending', false],
        ['SGP', 'endorse', true],
        ['THA', 'endorse_with_reservation', true],
      ]);
      const [superseded, , reservation] = round.positions;
      expect(superseded.supersededAt).toBe(reservation.recordedAt);
      expect(reservation).toMatchObject({
        text: 'As domestic law allows.',
        supersededAt: null,
        recordedBy: {
          id: built.focalPoints.THA.id,
          name: built.focalPoints.THA.name,
          role: 'focal_point',
          member: 'THA',
        },
      });
    });

    it('is empty before any round, and refuses an unknown statement', async () => {
      const built = await factories.statementIn('approved_in_principle');

      expect(await sut.history(built.id)).toEqual({ statementId: built.id, rounds: [] });
      const missing = await refusal(sut.history('00000000-0000-4000-8000-000000000000'));
      expect(missing).toBeInstanceOf(AdrefError);
      expect(missing?.code).toBe(AdrefErrorCode.NOT_FOUND);
    });
  });

  describe('record of adoption', () => {
    const NOT_ADOPTED: StatementStage[] = [
      'drafting',
      'approved_in_principle',
      'ad_referendum.blocked',
      'ad_referendum.awaiting_decision',
    ];
    it.each(NOT_ADOPTED)('is refused while the statement is %s', async (stage) => {
      const built = await factories.statementIn(stage);

      const refused = await refusal(sut.record(built.id));

      expect(refused).toBeInstanceOf(AdrefError);
      expect(refused?.code).toBe(AdrefErrorCode.NOT_ADOPTED);
      expect(refused?.details).toEqual({ state: stage.split('.')[0] });
    });

    it('by consensus: every elector’s standing position, the text, and the signed head', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        electorate: ['MYS', 'SGP', 'THA'],
        body: 'The Heads of Civil Service adopt this statement.\n',
      });
      await factories.record(built, 'SGP', 'endorse_with_reservation', {
        text: 'Within national law.',
      });
      await factories.record(built, 'MYS', 'endorse');
      const lastAt = factories.at();
      await factories.record(built, 'THA', 'endorse');

      const record = await sut.record(built.id);

      const manager = tier.dataSource.manager;
      const audit = tier.get(AuditRepository);
      expect(record.chainHead).toEqual(await audit.head(manager, built.id));
      expect(record.history).toHaveLength((await audit.history(manager, built.id)).length);
      expect(record.adoption).toMatchObject({ basis: 'consensus', date: lastAt, roundNumber: 1 });
      expect(record.text).toMatchObject({
        version: 1,
        hash: built.version.hash,
        body: 'The Heads of Civil Service adopt this statement.\n',
      });
      expect(record.round).toMatchObject({ number: 1, electorate: ['MYS', 'SGP', 'THA'] });
      expect(record.members.map((m) => [m.member, m.position, m.nameEn])).toEqual([
        ['MYS', 'endorse', 'Malaysia'],
        ['SGP', 'endorse_with_reservation', 'Singapore'],
        ['THA', 'endorse', 'Thailand'],
      ]);
      expect(record.members[2].recordedBy).toMatchObject({ id: built.focalPoints.THA.id });
      expect(record.reservations).toEqual([
        expect.objectContaining({ member: 'SGP', text: 'Within national law.' }),
      ]);
    });

    it('by silence: members who did not answer are deemed to consent at the deadline', async () => {
      const built = await factories.statementIn('ad_referendum.collecting', {
        electorate: ['IDN', 'THA'],
        silenceRule: 'silence_is_consent',
      });
      await factories.record(built, 'THA', 'endorse');
      tier.clock.set(new Date(Date.parse(built.round!.deadline) + MINUTE));
      await factories.act(built, { type: 'DEADLINE_PASSED', at: built.round!.deadline }, null);

      const record = await sut.record(built.id);

      expect(record.adoption).toMatchObject({ basis: 'silence', date: built.round!.deadline });
      expect(record.members.map((m) => [m.member, m.position, m.takenAt])).toEqual([
        ['IDN', 'deemed_consent', built.round!.deadline],
        ['THA', 'endorse', expect.any(String)],
      ]);
    });

    it('at a meeting: the framework’s members on that day, with no round', async () => {
      const built = await factories.statementIn('adopted', { adoptedBy: 'meeting' });

      const record = await sut.record(built.id);

      expect(record.adoption).toMatchObject({
        basis: 'meeting',
        roundNumber: null,
        meeting: 'SOM',
      });
      expect(record.round).toBeNull();
      expect(record.members.map((m) => m.member)).toEqual(await factories.electorate());
      expect(new Set(record.members.map((m) => m.position))).toEqual(
        new Set(['adopted_at_meeting']),
      );
    });
  });
});
