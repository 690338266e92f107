import { createHash } from 'node:crypto';
import { initialTransition, transition } from 'xstate';
import { statementMachineVersion } from '../engine/machine-registry';
import { machineEventOf, replay } from './replay.util';
import type { ReplayableEvent } from './replay.util';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const V1 = sha256('First draft');
const V2 = sha256('Final text');
const V3 = sha256('Revised text');
const FOCAL = '00000000-0000-4000-8000-00000000000f';
const machine = statementMachineVersion(1);

interface Step {
  type: string;
  at: string;
  stateTo: string;
  payload?: Record<string, unknown>;
  textHash?: string;
}

/** Audit events as the runtime writes them: seq, the states moved between, the current text. */
function chain(steps: Step[]): ReplayableEvent[] {
  let stateFrom: string | null = null;
  let textHash = V1;
  return steps.map((step, index) => {
    textHash = step.textHash ?? textHash;
    const event: ReplayableEvent = {
      seq: index + 1,
      type: step.type,
      at: new Date(step.at),
      recordedAt: new Date(Date.parse(step.at) + 60_000),
      textHash,
      stateFrom,
      stateTo: step.stateTo,
      payload: step.payload ?? {},
    };
    stateFrom = step.stateTo;
    return event;
  });
}

const position = (member: string, kind: string, at: string, versionHash = V2) => ({
  type: 'RECORD_POSITION',
  at,
  payload: {
    position: {
      member,
      position: kind,
      versionHash,
      at,
      ...(kind === 'object' ? { text: 'We cannot fund a centre.' } : {}),
      onBehalf: false,
      recordedBy: FOCAL,
    },
  },
});

const THROUGH_ROUND: Step[] = [
  { type: 'CREATED', at: '2026-03-01T02:00:00Z', stateTo: 'drafting', payload: { title: 'T' } },
  { type: 'SUBMIT_TO_SOM', at: '2026-03-02T02:00:00Z', stateTo: 'som_review' },
  { type: 'APPROVE_IN_PRINCIPLE', at: '2026-03-03T02:00:00Z', stateTo: 'approved_in_principle' },
  {
    type: 'EDIT_TEXT',
    at: '2026-03-04T02:00:00Z',
    stateTo: 'approved_in_principle',
    payload: { version: { number: 2, hash: V2 }, note: 'final' },
    textHash: V2,
  },
  {
    type: 'OPEN_AD_REFERENDUM',
    at: '2026-03-05T02:00:00Z',
    stateTo: 'ad_referendum.collecting',
    payload: {
      deadline: '2026-04-01T10:00:00.000Z',
      silenceRule: 'explicit',
      electorate: ['MYS', 'THA'],
    },
  },
  { ...position('MYS', 'object', '2026-03-06T02:00:00.000Z'), stateTo: 'ad_referendum.blocked' },
  {
    type: 'EXTEND_DEADLINE',
    at: '2026-03-07T02:00:00Z',
    stateTo: 'ad_referendum.blocked',
    payload: { deadline: '2026-04-15T10:00:00.000Z' },
  },
  {
    ...position('MYS', 'endorse', '2026-03-08T02:00:00.000Z'),
    stateTo: 'ad_referendum.collecting',
  },
  { ...position('THA', 'endorse', '2026-03-09T02:00:00.000Z'), stateTo: 'adopted' },
];

describe(replay.name, () => {
  it('gives back the round, the positions with what supersedes what, and the text versions', () => {
    const sut = replay(machine, chain(THROUGH_ROUND));

    expect(sut.problems).toEqual([]);
    expect(sut.complete).toBe(true);
    expect(sut.replayedEvents).toBe(9);
    expect(sut.projection).toEqual({
      state: 'adopted',
      roundState: null,
      currentVersion: 2,
      currentHash: V2,
      openDeadline: null,
    });
    expect(sut.versions).toEqual([
      { number: 1, hash: V1, seq: 1 },
      { number: 2, hash: V2, seq: 4 },
    ]);
    expect(sut.rounds).toEqual([
      {
        number: 1,
        versionNumber: 2,
        versionHash: V2,
        openedAt: '2026-03-05T02:00:00.000Z',
        deadline: '2026-04-15T10:00:00.000Z',
        silenceRule: 'explicit',
        electorate: ['MYS', 'THA'],
        closedAt: '2026-03-09T02:00:00.000Z',
        outcome: 'adopted',
      },
    ]);
    expect(sut.positions.map((p) => [p.seq, p.member, p.position, p.supersedes])).toEqual([
      [6, 'MYS', 'object', null],
      [8, 'MYS', 'endorse', 0],
      [9, 'THA', 'endorse', null],
    ]);
    expect(sut.positions[0]).toMatchObject({
      roundNumber: 1,
      versionHash: V2,
      text: 'We cannot fund a centre.',
      reference: null,
      onBehalf: false,
      recordedBy: FOCAL,
      takenAt: '2026-03-06T02:00:00.000Z',
      recordedAt: '2026-03-06T02:01:00.000Z',
    });
    const snapshot = sut.snapshot as { value: unknown; context: any };
    expect(snapshot.value).toBe('adopted');
    expect(snapshot.context.adoption).toMatchObject({ basis: 'consensus', versionHash: V2 });
  });

  it('the replayed snapshot is the one the machine persists for the same events', () => {
    const events = chain(THROUGH_ROUND);
    const [, ...rest] = events;
    let [snapshot] = initialTransition(machine, { version: { number: 1, hash: V1 } });
    for (const event of rest) [snapshot] = transition(machine, snapshot, machineEventOf(event));
    expect(JSON.parse(JSON.stringify(replay(machine, events).snapshot))).toEqual(
      JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot))),
    );
  });

  it('a revision with a new text closes the round as revised and refers to version 3', () => {
    const steps: Step[] = [
      ...THROUGH_ROUND.slice(0, 6),
      {
        type: 'REVISE',
        at: '2026-03-07T02:00:00Z',
        stateTo: 'approved_in_principle',
        payload: { version: { number: 3, hash: V3 } },
        textHash: V3,
      },
    ];
    const sut = replay(machine, chain(steps));

    expect(sut.problems).toEqual([]);
    expect(sut.versions.map((v) => v.number)).toEqual([1, 2, 3]);
    expect(sut.rounds[0]).toMatchObject({
      outcome: 'revised',
      closedAt: '2026-03-07T02:00:00.000Z',
    });
    expect(sut.projection).toMatchObject({ state: 'approved_in_principle', currentVersion: 3 });
  });

  it('an open round projects its sub-state and deadline', () => {
    const sut = replay(machine, chain(THROUGH_ROUND.slice(0, 7)));

    expect(sut.projection).toEqual({
      state: 'ad_referendum',
      roundState: 'blocked',
      currentVersion: 2,
      currentHash: V2,
      openDeadline: '2026-04-15T10:00:00.000Z',
    });
    expect(sut.rounds[0]).toMatchObject({ closedAt: null, outcome: null });
  });

  it('names an event whose recorded states are not what the replay reaches', () => {
    const events = chain(THROUGH_ROUND);
    events[5] = { ...events[5], stateTo: 'ad_referendum.collecting' };

    const sut = replay(machine, events);

    expect(sut.problems).toEqual([
      {
        seq: 6,
        kind: 'replay_mismatch',
        message:
          'RECORD_POSITION records stateTo ad_referendum.collecting, replay ad_referendum.blocked',
      },
    ]);
    expect(sut.complete).toBe(true);
  });

  it('stops at an event the machine refuses, and says so', () => {
    const events = chain(THROUGH_ROUND);
    // Without the round opening, a position has nowhere to go.
    const withoutOpening = [...events.slice(0, 4), ...events.slice(5)];

    const sut = replay(machine, withoutOpening);

    expect(sut.complete).toBe(false);
    expect(sut.snapshot).toBeNull();
    expect(sut.problems).toEqual([expect.objectContaining({ seq: 6, kind: 'replay_refused' })]);
    expect(sut.problems[0].message).toContain('RECORD_POSITION');
  });

  it('a chain that does not start with CREATED, or has no events, cannot be replayed', () => {
    expect(replay(machine, chain(THROUGH_ROUND).slice(1)).problems).toEqual([
      expect.objectContaining({ seq: 2, kind: 'replay_refused' }),
    ]);
    expect(replay(machine, []).problems).toEqual([
      expect.objectContaining({ kind: 'missing_events' }),
    ]);
  });

  describe('audit notes (COMMENT_ADDED, REMINDER_SENT)', () => {
    // A comment and a reminder in the blocked round: states and text stay as they are.
    const withNotes = (noteState = 'ad_referendum.blocked'): Step[] => [
      ...THROUGH_ROUND.slice(0, 6),
      {
        type: 'COMMENT_ADDED',
        at: '2026-03-06T03:00:00Z',
        stateTo: noteState,
        payload: { commentId: FOCAL, version: { number: 2, hash: V2 }, paragraph: 1 },
      },
      {
        type: 'REMINDER_SENT',
        at: '2026-03-06T04:00:00Z',
        stateTo: 'ad_referendum.blocked',
        payload: { round: 1, members: ['THA'] },
      },
      ...THROUGH_ROUND.slice(6),
    ];

    it('are checked but not run through the machine, nor counted as lock versions', () => {
      const sut = replay(machine, chain(withNotes()));
      expect(sut.problems).toEqual([]);
      expect(sut.complete).toBe(true);
      expect(sut.replayedEvents).toBe(9);
      expect(sut.projection?.state).toBe('adopted');
      expect(sut.positions.map((p) => p.seq)).toEqual([6, 10, 11]);
    });

    it('a note that names another state than the one it was written in is a mismatch', () => {
      const sut = replay(machine, chain(withNotes('ad_referendum.collecting')));
      expect(sut.problems).toContainEqual(
        expect.objectContaining({ seq: 7, kind: 'replay_mismatch' }),
      );
    });
  });

  describe('across a MACHINE_MIGRATED event', () => {
    const opened = THROUGH_ROUND.slice(0, 4);
    const consentRound: Step = {
      type: 'OPEN_AD_REFERENDUM',
      at: '2026-03-05T02:00:00Z',
      stateTo: 'ad_referendum.collecting',
      payload: {
        deadline: '2026-04-01T10:00:00.000Z',
        silenceRule: 'silence_is_consent',
        electorate: ['MYS', 'THA'],
      },
    };
    const migration = (payload: Record<string, unknown>): Step => ({
      type: 'MACHINE_MIGRATED',
      at: '2026-03-10T02:00:00Z',
      stateTo: 'ad_referendum.collecting',
      payload,
    });
    const steps = (migrated: Step, deadlineStateTo: string): Step[] => [
      ...opened,
      consentRound,
      {
        ...position('MYS', 'endorse', '2026-03-06T02:00:00.000Z'),
        stateTo: 'ad_referendum.collecting',
      },
      {
        ...position('THA', 'clearance_pending', '2026-03-07T02:00:00.000Z'),
        stateTo: 'ad_referendum.collecting',
      },
      migrated,
      { type: 'DEADLINE_PASSED', at: '2026-04-01T10:00:00.000Z', stateTo: deadlineStateTo },
    ];

    it('replays the events after it on the version it moved to', () => {
      const sut = replay(
        machine,
        chain(steps(migration({ from: 1, to: 2, changes: [] }), 'ad_referendum.awaiting_decision')),
        { version: 1 },
      );

      expect(sut.problems).toEqual([]);
      expect(sut.complete).toBe(true);
      expect(sut.machineVersion).toBe(2);
      // Version 1 would have adopted by silence; version 2 leaves clearance pending to the chair.
      expect(sut.projection).toMatchObject({
        state: 'ad_referendum',
        roundState: 'awaiting_decision',
      });
      expect(
        (sut.snapshot as { context: { round: { pendingClearance: string[] } } }).context.round
          .pendingClearance,
      ).toEqual(['THA']);
    });

    it('without the migration, the same events replay as version 1 read them', () => {
      const withoutMigration = steps(migration({}), 'adopted').filter(
        (step) => step.type !== 'MACHINE_MIGRATED',
      );
      const sut = replay(machine, chain(withoutMigration), { version: 1 });
      expect(sut.problems).toEqual([]);
      expect(sut.projection).toMatchObject({ state: 'adopted' });
      expect(sut.machineVersion).toBe(1);
    });

    it('refuses a migration from another version than the one reached, or one that records other changes', () => {
      const wrongFrom = replay(
        machine,
        chain(steps(migration({ from: 2, to: 3, changes: [] }), 'ad_referendum.awaiting_decision')),
        { version: 1 },
      );
      expect(wrongFrom.complete).toBe(false);
      expect(wrongFrom.problems).toEqual([
        expect.objectContaining({
          seq: 8,
          kind: 'replay_refused',
          message: expect.stringContaining('moves from version 2'),
        }),
      ]);

      const otherChanges = replay(
        machine,
        chain(
          steps(
            migration({ from: 1, to: 2, changes: ['invented'] }),
            'ad_referendum.awaiting_decision',
          ),
        ),
        { version: 1 },
      );
      expect(otherChanges.problems).toEqual([
        expect.objectContaining({ seq: 8, kind: 'replay_mismatch' }),
      ]);
    });
  });

  describe('audit notes (PROPOSAL_MADE, PROPOSAL_WITHDRAWN)', () => {
    const note = (type: string, stateTo: string) => ({
      type,
      at: '2026-03-05T03:00:00Z',
      stateTo,
      payload: { proposalId: 'p1', member: 'THA', paragraph: 1 },
    });
    const withNote = (stateTo: string) => [
      ...THROUGH_ROUND.slice(0, 5),
      note('PROPOSAL_MADE', stateTo),
      note('PROPOSAL_WITHDRAWN', stateTo),
      ...THROUGH_ROUND.slice(5),
    ];

    it('passes over them: the state stays, the rest replays as before, notes not counted', () => {
      const sut = replay(machine, chain(withNote('ad_referendum.collecting')));
      expect(sut.problems).toEqual([]);
      expect(sut.complete).toBe(true);
      expect(sut.replayedEvents).toBe(9);
      expect(sut.projection?.state).toBe('adopted');
    });

    it('names a note that claims to have moved the state', () => {
      const sut = replay(machine, chain(withNote('ad_referendum.blocked')));
      expect(sut.problems).toEqual(
        expect.arrayContaining([expect.objectContaining({ seq: 6, kind: 'replay_mismatch' })]),
      );
    });
  });
});
