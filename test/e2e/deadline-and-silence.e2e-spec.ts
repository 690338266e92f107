import { AdrefClient, User } from '../support/adref-client';
import { createTestApp, TestApp } from '../support/test-app';

const OPENED_AT = '2026-03-02T02:00:00Z';
const DEADLINE = '2026-04-01T17:00:00+07:00';
const AFTER_DEADLINE = '2026-04-01T10:00:01Z';
const LATER_DEADLINE = '2026-04-15T17:00:00+07:00';

// What the deadline passing means depends on the round's silence rule (DESIGN.md §1).
describe('g. deadline, silence rule, extension and closure', () => {
  let t: TestApp;
  let client: AdrefClient;
  let cambodia: User;
  let focal: Record<string, User>;

  const answer = (member: string, id: string, versionHash: string, position: string) =>
    client.expectPosition(focal[member], id, {
      member,
      position,
      versionHash,
      ...(position === 'object' ? { text: `${member} objects to paragraph 2.` } : {}),
    });

  /** Opens a round, records the answers (member → position), then moves past the deadline. */
  async function roundPastDeadline(silenceRule: string, answers: Record<string, string>) {
    t.clock.set(OPENED_AT);
    const opened = await client.openRound(cambodia, { deadline: DEADLINE, silenceRule });
    for (const [member, position] of Object.entries(answers))
      await answer(member, opened.id, opened.currentVersion.hash, position);
    t.clock.set(AFTER_DEADLINE);
    return opened;
  }

  const endorsing = (...members: string[]) =>
    Object.fromEntries(members.map((member) => [member, 'endorse']));

  beforeAll(async () => {
    t = await createTestApp(OPENED_AT);
    client = new AdrefClient(t);
    cambodia = await client.user('chair_secretariat', 'KHM');
    focal = await client.focalPoints(['BRN', 'IDN', 'KHM', 'LAO', 'MYS', 'PHL', 'SGP', 'THA']);
  });
  afterAll(() => t.close());

  it('DEADLINE_PASSED before the deadline → 422, nothing stored', async () => {
    t.clock.set(OPENED_AT);
    const opened = await client.openRound(cambodia, {
      deadline: DEADLINE,
      silenceRule: 'silence_is_consent',
    });
    expect(opened.allowedEvents).not.toContain('DEADLINE_PASSED');
    t.clock.set('2026-04-01T09:59:59Z');
    const before = await client.counts();
    const refused = await client.event(cambodia, opened.id, { type: 'DEADLINE_PASSED' });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('deadline_not_passed');
    expect(refused.body.message).toContain('has not passed yet');
    expect(await client.counts()).toEqual(before);
    expect((await client.statement(cambodia, opened.id)).body).toMatchObject({
      state: 'ad_referendum',
      roundState: 'collecting',
      lockVersion: opened.lockVersion,
    });
  });

  it('an extension that does not move the deadline later → 422 deadline_not_later; a position after adoption → 409 round_closed', async () => {
    t.clock.set(OPENED_AT);
    const opened = await client.openRound(cambodia, {
      deadline: DEADLINE,
      silenceRule: 'explicit',
    });
    const before = await client.counts();
    const earlier = await client.event(cambodia, opened.id, {
      type: 'EXTEND_DEADLINE',
      deadline: '2026-03-25T17:00:00+07:00',
    });
    expect(earlier.status).toBe(422);
    expect(earlier.body).toMatchObject({
      code: 'deadline_not_later',
      details: { field: 'deadline' },
    });
    expect(await client.counts()).toEqual(before);

    // Every elector of the day endorses (focal points of their own, 11 members in 2026).
    const electors = await client.focalPoints(opened.round.electorate);
    for (const member of opened.round.electorate as string[])
      await client.expectPosition(electors[member], opened.id, {
        member,
        position: 'endorse',
        versionHash: opened.currentVersion.hash,
      });
    expect((await client.statement(cambodia, opened.id)).body.state).toBe('adopted');
    const late = await client.position(focal.THA, opened.id, {
      member: 'THA',
      position: 'object',
      text: 'Too late.',
      versionHash: opened.currentVersion.hash,
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('round_closed');
  });

  it('silence_is_consent, no objection: adopted by silence, dated the deadline, with the silent members deemed to consent', async () => {
    const opened = await roundPastDeadline(
      'silence_is_consent',
      endorsing('BRN', 'IDN', 'KHM', 'MYS', 'PHL', 'SGP', 'THA'),
    );
    expect((await client.statement(cambodia, opened.id)).body.allowedEvents).toContain(
      'DEADLINE_PASSED',
    );

    const adopted = await client.expectEvent(cambodia, opened.id, { type: 'DEADLINE_PASSED' });
    expect(adopted.state).toBe('adopted');
    expect(adopted.adoption).toEqual({
      basis: 'silence',
      date: new Date(DEADLINE).toISOString(),
      versionHash: opened.currentVersion.hash,
      roundNumber: 1,
      meeting: null,
      deemedConsent: ['LAO', 'MMR', 'TLS', 'VNM'],
    });
    expect(adopted.round).toMatchObject({ open: false, outcome: 'adopted', deadlinePassed: true });
  });

  it('silence_is_consent with a member pending domestic clearance: awaiting the chair, naming it; then extended and closed', async () => {
    // "Pending domestic clearance" is not consent (DESIGN.md §6); the silent members are not
    // adopted over while a government says it is still clearing the text.
    const opened = await roundPastDeadline('silence_is_consent', {
      ...endorsing('BRN', 'IDN', 'KHM', 'MYS', 'PHL', 'SGP', 'THA'),
      LAO: 'clearance_pending',
    });
    const passed = await client.expectEvent(cambodia, opened.id, { type: 'DEADLINE_PASSED' });
    expect(passed).toMatchObject({
      state: 'ad_referendum',
      roundState: 'awaiting_decision',
      adoption: null,
    });
    expect(passed.machineVersion).toBe(2);
    expect(passed.round).toMatchObject({ open: true, deadlinePassed: true });
    expect(passed.round.pendingClearance).toEqual(['LAO']);
    expect(passed.allowedEvents).toEqual(
      expect.arrayContaining(['EXTEND_DEADLINE', 'REVISE', 'CLOSE_WITHOUT_ADOPTION']),
    );
    const history = (await client.history(cambodia, opened.id)).body.events as {
      type: string;
      stateTo: string;
      payload: Record<string, unknown>;
    }[];
    expect(history.find((e) => e.type === 'DEADLINE_PASSED')).toMatchObject({
      stateTo: 'ad_referendum.awaiting_decision',
      payload: { pendingClearance: ['LAO'] },
    });

    const extended = await client.expectEvent(cambodia, opened.id, {
      type: 'EXTEND_DEADLINE',
      deadline: LATER_DEADLINE,
    });
    expect(extended).toMatchObject({ state: 'ad_referendum', roundState: 'collecting' });
    expect(extended.round.pendingClearance).toEqual(['LAO']);

    t.clock.set('2026-04-15T10:00:01Z');
    const again = await client.expectEvent(cambodia, opened.id, { type: 'DEADLINE_PASSED' });
    expect(again.roundState).toBe('awaiting_decision');
    const closed = await client.expectEvent(cambodia, opened.id, {
      type: 'CLOSE_WITHOUT_ADOPTION',
      reason: 'Lao PDR could not complete domestic clearance',
    });
    expect(closed).toMatchObject({ state: 'not_adopted', adoption: null });
    expect(closed.round).toMatchObject({ open: false, outcome: 'closed_without_adoption' });
  });

  it('silence_is_consent with an objection standing: the deadline passing does not adopt', async () => {
    const opened = await roundPastDeadline('silence_is_consent', { BRN: 'endorse', THA: 'object' });
    expect((await client.statement(cambodia, opened.id)).body.roundState).toBe('blocked');
    const passed = await client.expectEvent(cambodia, opened.id, { type: 'DEADLINE_PASSED' });
    expect(passed).toMatchObject({ state: 'ad_referendum', roundState: 'blocked', adoption: null });
    expect(passed.round.deadlinePassed).toBe(true);
    expect(passed.round.objectors).toEqual(['THA']);
  });

  it('explicit: the deadline passing leaves the round awaiting the chair; EXTEND_DEADLINE reopens collection', async () => {
    const opened = await roundPastDeadline('explicit', endorsing('BRN', 'IDN'));
    const passed = await client.expectEvent(cambodia, opened.id, { type: 'DEADLINE_PASSED' });
    expect(passed).toMatchObject({ state: 'ad_referendum', roundState: 'awaiting_decision' });
    expect(passed.adoption).toBeNull();
    expect(passed.allowedEvents).toEqual(
      expect.arrayContaining(['EXTEND_DEADLINE', 'REVISE', 'CLOSE_WITHOUT_ADOPTION']),
    );

    const extended = await client.expectEvent(cambodia, opened.id, {
      type: 'EXTEND_DEADLINE',
      deadline: LATER_DEADLINE,
    });
    expect(extended).toMatchObject({ state: 'ad_referendum', roundState: 'collecting' });
    expect(extended.round.deadline).toBe(new Date(LATER_DEADLINE).toISOString());
    expect(extended.round.deadlinePassed).toBe(false);
    expect(extended.round.deadlineHistory).toEqual([
      { deadline: new Date(DEADLINE).toISOString(), setAt: new Date(OPENED_AT).toISOString() },
      {
        deadline: new Date(LATER_DEADLINE).toISOString(),
        setAt: new Date(AFTER_DEADLINE).toISOString(),
      },
    ]);
    expect(extended.round.positions).toHaveLength(2);
  });

  it('explicit: from awaiting_decision, CLOSE_WITHOUT_ADOPTION → not_adopted, round closed without adoption', async () => {
    const opened = await roundPastDeadline('explicit', endorsing('BRN'));
    await client.expectEvent(cambodia, opened.id, { type: 'DEADLINE_PASSED' });
    const closed = await client.expectEvent(cambodia, opened.id, {
      type: 'CLOSE_WITHOUT_ADOPTION',
      reason: 'No consensus by the deadline',
    });
    expect(closed.state).toBe('not_adopted');
    expect(closed.roundState).toBeNull();
    expect(closed.adoption).toBeNull();
    expect(closed.round).toMatchObject({ open: false, outcome: 'closed_without_adoption' });
    expect(closed.closure).toMatchObject({ reason: 'No consensus by the deadline' });
    expect(closed.allowedEvents).toEqual([]);
  });
});
