import { restoreSnapshot, SYSTEM_ACTOR } from '../../src/engine/workflow.runtime';
import { TimersService } from '../../src/timers/timers.service';
import { factoriesFor } from '../support/factories';
import { useServiceTier } from '../support/service-tier';
import { rowsOf } from '../support/statement-rows';

const MINUTE = 60_000;
const DAY = 86_400_000;

// fireDue fires every due timer of the database: each test has a database of its own.
describe(TimersService.name, () => {
  const tier = useServiceTier({ perTest: true });
  const factories = factoriesFor(tier);
  const rows = (id: string) => rowsOf(tier.dataSource.manager, id);

  it('a reminder coming due is applied as REMINDER_DUE at its due time and notifies', async () => {
    const built = await factories.statementIn('ad_referendum.collecting', {
      electorate: ['IDN', 'THA'],
      reminderOffsets: ['P2D'],
    });
    await factories.record(built, 'THA', 'endorse');
    const dueAt = new Date(Date.parse(built.round!.deadline) - 2 * DAY);
    tier.clock.set(new Date(dueAt.getTime() + 5 * MINUTE));

    expect(await tier.get(TimersService).fireDue()).toBe(1);

    const after = await rows(built.id);
    expect(after.statement.roundState).toBe('collecting');
    const reminder = after.timers.find((t) => t.kind === 'reminder');
    expect(reminder).toMatchObject({ status: 'fired', settledAt: tier.clock.now() });
    expect(after.audit.at(-1)).toMatchObject({
      type: 'REMINDER_DUE',
      actorId: null,
      actorLabel: SYSTEM_ACTOR,
      at: dueAt,
      recordedAt: tier.clock.now(),
      payload: { offset: 'P2D', timerId: reminder!.id },
    });
    expect(after.outbox.at(-1)).toMatchObject({
      kind: 'reminder',
      payload: { round: { outstanding: ['IDN'] } },
    });
    expect(after.timers.find((t) => t.kind === 'deadline')?.status).toBe('pending');
  });

  it('the deadline under the explicit rule, with answers missing, leaves the decision to the chair', async () => {
    const built = await factories.statementIn('ad_referendum.collecting', {
      electorate: ['IDN', 'THA'],
      reminderOffsets: [],
    });
    await factories.record(built, 'IDN', 'endorse');
    tier.clock.set(new Date(Date.parse(built.round!.deadline) + DAY));

    expect(await tier.get(TimersService).fireDue()).toBe(1);

    const after = await rows(built.id);
    expect(after.statement).toMatchObject({
      state: 'ad_referendum',
      roundState: 'awaiting_decision',
    });
    // The event carries the time it was due, not the time an instance got to it.
    expect(after.audit.at(-1)).toMatchObject({
      type: 'DEADLINE_PASSED',
      at: new Date(built.round!.deadline),
      stateTo: 'ad_referendum.awaiting_decision',
    });
    expect(after.timers.map((t) => [t.kind, t.status])).toEqual([['deadline', 'fired']]);
    expect(after.rounds[0].closedAt).toBeNull();
  });

  it('the deadline under silence_is_consent with no objection adopts, dated at the deadline', async () => {
    const built = await factories.statementIn('ad_referendum.collecting', {
      electorate: ['IDN', 'MYS', 'THA'],
      silenceRule: 'silence_is_consent',
      reminderOffsets: [],
    });
    await factories.record(built, 'MYS', 'endorse_with_reservation', {
      text: 'Within national law.',
    });
    tier.clock.set(new Date(Date.parse(built.round!.deadline) + MINUTE));

    expect(await tier.get(TimersService).fireDue()).toBe(1);

    const after = await rows(built.id);
    expect(after.audit.at(-1)).toMatchObject({ type: 'DEADLINE_PASSED', stateTo: 'adopted' });
    expect(after.statement.state).toBe('adopted');
    expect(restoreSnapshot(after.statement).context.adoption).toMatchObject({
      basis: 'silence',
      date: built.round!.deadline,
      deemedConsent: ['IDN', 'THA'],
    });
    expect(after.rounds[0]).toMatchObject({ outcome: 'adopted' });
    expect(after.outbox.at(-1)).toMatchObject({ kind: 'adopted' });
  });

  it('a reminder found only after its deadline is skipped; the deadline itself still fires', async () => {
    const built = await factories.statementIn('ad_referendum.collecting', {
      reminderOffsets: ['P1D'],
    });
    const before = await rows(built.id);
    // Every instance was down from before the reminder until after the deadline.
    tier.clock.set(new Date(Date.parse(built.round!.deadline) + DAY));

    expect(await tier.get(TimersService).fireDue()).toBe(2);

    const after = await rows(built.id);
    expect(after.timers.map((t) => [t.kind, t.status, t.note])).toEqual([
      ['reminder', 'skipped', 'the deadline passed before the reminder could go'],
      ['deadline', 'fired', null],
    ]);
    expect(after.audit.slice(before.audit.length).map((e) => e.type)).toEqual(['DEADLINE_PASSED']);
    expect(after.outbox.map((m) => m.kind)).toEqual(before.outbox.map((m) => m.kind));
  });

  it('a deadline passing while an objection stands is recorded, and fires once', async () => {
    const built = await factories.statementIn('ad_referendum.blocked', { reminderOffsets: [] });
    tier.clock.set(new Date(Date.parse(built.round!.deadline) + DAY));
    const timers = tier.get(TimersService);

    expect(await timers.fireDue()).toBe(1);
    expect(await timers.fireDue()).toBe(0);

    const after = await rows(built.id);
    expect(after.statement.roundState).toBe('blocked');
    expect(restoreSnapshot(after.statement).context.round?.deadlinePassed).toBe(true);
    expect(after.audit.filter((e) => e.type === 'DEADLINE_PASSED')).toHaveLength(1);
  });

  it('the timers of a round that closed were cancelled with it and never fire', async () => {
    const built = await factories.statementIn('adopted', { electorate: ['IDN', 'THA'] });
    const before = await rows(built.id);
    tier.clock.set(new Date(Date.parse(built.round!.deadline) + 30 * DAY));

    expect(await tier.get(TimersService).fireDue()).toBe(0);

    const after = await rows(built.id);
    expect(new Set(after.timers.map((t) => [t.status, t.note].join(': ')))).toEqual(
      new Set(['cancelled: round closed']),
    );
    expect(after.audit).toHaveLength(before.audit.length);
  });

  it('fireDue stops at its limit and leaves the rest due', async () => {
    const built = await factories.statementIn('ad_referendum.collecting');
    tier.clock.set(new Date(Date.parse(built.round!.deadline) - 12 * 3_600_000));
    const timers = tier.get(TimersService);

    expect(await timers.fireDue(2)).toBe(2);

    expect(
      (await timers.list({ statementId: built.id, status: 'pending' }, 10)).map((t) => t.offset),
    ).toEqual(['P1D', null]);
    expect(await timers.fireDue()).toBe(1);
  });
});
