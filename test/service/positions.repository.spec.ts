import type { RecordedPosition, Round } from '../../workflows/statement/statement.types';
import { PositionsRepository } from '../../src/engine/positions.repository';
import { BuiltStatement, factoriesFor } from '../support/factories';
import { useServiceTier } from '../support/service-tier';

const DAY = 86_400_000;

describe(PositionsRepository.name, () => {
  const tier = useServiceTier();
  const factories = factoriesFor(tier);
  let sut: PositionsRepository;
  beforeEach(() => {
    sut = tier.get(PositionsRepository);
  });
  const manager = () => tier.dataSource.manager;

  const positionOf = (
    built: BuiltStatement,
    member: string,
    position: RecordedPosition['position'],
  ): RecordedPosition => ({
    member,
    position,
    versionHash: built.version.hash,
    at: tier.clock.now().toISOString(),
    onBehalf: false,
    recordedBy: built.chair.id,
  });

  /** Stores a position in the statement's round 1 at the clock's time, then moves it on. */
  const store = async (built: BuiltStatement, position: RecordedPosition) => {
    await tier.dataSource.transaction((m) =>
      sut.storePosition(m, built.id, 1, position, tier.clock.now()),
    );
    tier.clock.advance(60_000);
  };

  it('openRound stores the round with the electorate fixed at opening', async () => {
    const built = await factories.statementIn('approved_in_principle');
    const openedAt = tier.clock.now();
    const round: Round = {
      number: 1,
      version: built.version,
      openedAt: openedAt.toISOString(),
      deadline: new Date(openedAt.getTime() + 14 * DAY).toISOString(),
      silenceRule: 'silence_is_consent',
      electorate: ['BRN', 'KHM', 'TLS'],
      positions: {},
      deadlineHistory: [],
      reminderOffsets: ['P1D'],
      deadlinePassed: false,
      closedAt: null,
      outcome: null,
    };

    await tier.dataSource.transaction((m) => sut.openRound(m, built.id, round));

    expect(await sut.rounds(manager(), built.id)).toEqual([
      expect.objectContaining({
        statementId: built.id,
        number: 1,
        versionNumber: 1,
        versionHash: built.version.hash,
        openedAt,
        deadline: new Date(round.deadline),
        silenceRule: 'silence_is_consent',
        electorate: ['BRN', 'KHM', 'TLS'],
        closedAt: null,
        outcome: null,
      }),
    ]);
  });

  it('storePosition appends a member’s first position, superseding nothing', async () => {
    const built = await factories.statementIn('ad_referendum.collecting');
    const recordedAt = tier.clock.now();

    await store(built, {
      ...positionOf(built, 'LAO', 'endorse_with_reservation'),
      text: 'Within national law.',
    });

    const [round] = await sut.rounds(manager(), built.id);
    expect(await sut.positionHistory(manager(), built.id)).toEqual([
      expect.objectContaining({
        roundId: round.id,
        memberCode: 'LAO',
        position: 'endorse_with_reservation',
        text: 'Within national law.',
        versionHash: built.version.hash,
        recordedBy: built.chair.id,
        recordedAt,
        supersedesId: null,
        supersededAt: null,
      }),
    ]);
  });

  it('a member’s next position supersedes its current one and leaves it as it was', async () => {
    const built = await factories.statementIn('ad_referendum.collecting');
    await store(built, positionOf(built, 'VNM', 'clearance_pending'));
    await store(built, positionOf(built, 'PHL', 'endorse'));
    const secondAt = tier.clock.now();
    await store(built, positionOf(built, 'VNM', 'endorse'));

    const history = await sut.positionHistory(manager(), built.id);
    const [first, philippines, second] = history;
    expect(history.map((p) => [p.memberCode, p.position])).toEqual([
      ['VNM', 'clearance_pending'],
      ['PHL', 'endorse'],
      ['VNM', 'endorse'],
    ]);
    expect(second.supersedesId).toBe(first.id);
    expect(first).toMatchObject({ position: 'clearance_pending', supersededAt: secondAt });
    // Another member's position is its own chain.
    expect(philippines).toMatchObject({ supersedesId: null, supersededAt: null });
    expect(second.supersededAt).toBeNull();
  });

  it('positions are append-only: the database refuses to change one', async () => {
    const built = await factories.statementIn('ad_referendum.blocked');
    await expect(
      tier.dataSource.query(`UPDATE positions SET position = 'endorse' WHERE statement_id = $1`, [
        built.id,
      ]),
    ).rejects.toThrow(/append-only/);
    const [objection] = await sut.positionHistory(manager(), built.id);
    expect(objection.position).toBe('object');
  });

  it('moveDeadline and closeRound change the round they name only', async () => {
    const built = await factories.statementIn('ad_referendum.collecting');
    const [opened] = await sut.rounds(manager(), built.id);
    const deadline = new Date(opened.deadline.getTime() + 7 * DAY).toISOString();
    const closedAt = tier.clock.now().toISOString();

    await tier.dataSource.transaction(async (m) => {
      await sut.moveDeadline(m, built.id, 1, deadline);
      await sut.closeRound(m, built.id, 1, 'closed_without_adoption', closedAt);
      // A round number the statement does not have changes nothing.
      await sut.closeRound(m, built.id, 2, 'adopted', closedAt);
    });

    expect(await sut.rounds(manager(), built.id)).toEqual([
      expect.objectContaining({
        number: 1,
        deadline: new Date(deadline),
        outcome: 'closed_without_adoption',
        closedAt: new Date(closedAt),
        electorate: opened.electorate,
      }),
    ]);
  });

  it('recorders gives names and roles of who recorded, never an email', async () => {
    const built = await factories.statementIn('ad_referendum.blocked');
    const objector = built.focalPoints[built.round!.electorate[0]];

    const recorders = await sut.recorders(manager(), [objector.id, objector.id]);

    expect(recorders).toHaveLength(1);
    expect(recorders[0]).toMatchObject({
      id: objector.id,
      name: objector.name,
      role: 'focal_point',
      memberCode: objector.memberCode,
    });
    expect(recorders[0].email).toBeUndefined();
    expect(await sut.recorders(manager(), [])).toEqual([]);
  });

  it('findStatement and findTextVersion read what the factory built, or null', async () => {
    const built = await factories.statementIn('drafting', { body: 'A first draft.\n' });

    expect(await sut.findStatement(manager(), built.id)).toMatchObject({ state: 'drafting' });
    expect(await sut.findTextVersion(manager(), built.id, 1)).toMatchObject({
      body: 'A first draft.\n',
      hash: built.version.hash,
    });
    expect(await sut.findTextVersion(manager(), built.id, 2)).toBeNull();
    expect(await sut.findStatement(manager(), '00000000-0000-4000-8000-000000000000')).toBeNull();
  });
});
