import { initialTransition, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { statementMachine, statementMachineV1 } from './statement.machine';
import { DEFAULT_REMINDER_OFFSETS, STATEMENT_EVENT_TYPES } from './statement.types';
import type {
  PositionKind,
  RecordedPosition,
  RoundOutcome,
  StatementEffect,
  StatementEvent,
  StatementEventType,
  TextVersionRef,
} from './statement.types';

type Snapshot = SnapshotFrom<typeof statementMachine>;
type EventOf<T extends StatementEventType> = Extract<StatementEvent, { type: T }>;

// ---------------------------------------------------------------------------------------------
// Fixtures: the 23rd ACCSM cycle (Cambodia in the chair), mid-2025, before Timor-Leste joined.

const V1: TextVersionRef = { number: 1, hash: 'sha256:4be8c1d0' };
const V2: TextVersionRef = { number: 2, hash: 'sha256:91ac77e2' };
const V3: TextVersionRef = { number: 3, hash: 'sha256:d3f05b19' };

const june = (day: number, hour = 9): string =>
  new Date(Date.UTC(2025, 5, day, hour)).toISOString();
const july = (day: number, hour = 9): string =>
  new Date(Date.UTC(2025, 6, day, hour)).toISOString();
const DAY = 24 * 3600 * 1000;
/** The moment `days` days before `deadline`. */
const daysBefore = (deadline: string, days: number): string =>
  new Date(Date.parse(deadline) - days * DAY).toISOString();

const OPENED = june(2);
const DEADLINE = june(30, 10);
const ELECTORATE = ['BRN', 'KHM', 'IDN'];
const ASEAN_10 = ['BRN', 'KHM', 'IDN', 'LAO', 'MYS', 'MMR', 'PHL', 'SGP', 'THA', 'VNM'];

// Events -------------------------------------------------------------------------------------

const submit = (at = june(1)): EventOf<'SUBMIT_TO_SOM'> => ({ type: 'SUBMIT_TO_SOM', at });
const returnForRevision = (at = june(1, 15)): EventOf<'RETURN_FOR_REVISION'> => ({
  type: 'RETURN_FOR_REVISION',
  at,
  note: 'Align paragraph 3 with the ASEAN Community Vision 2045',
});
const approve = (at = june(1, 16)): EventOf<'APPROVE_IN_PRINCIPLE'> => ({
  type: 'APPROVE_IN_PRINCIPLE',
  at,
  meeting: '23rd SOM-ACCSM',
});
const adoptAtMeeting = (meeting?: string, at = june(1, 17)): EventOf<'ADOPT_AT_MEETING'> =>
  meeting === undefined
    ? { type: 'ADOPT_AT_MEETING', at }
    : { type: 'ADOPT_AT_MEETING', at, meeting };
const edit = (version: TextVersionRef, at = june(1, 12)): EventOf<'EDIT_TEXT'> => ({
  type: 'EDIT_TEXT',
  version,
  at,
});
const open = (
  opts: Partial<EventOf<'OPEN_AD_REFERENDUM'>> = {},
): EventOf<'OPEN_AD_REFERENDUM'> => ({
  type: 'OPEN_AD_REFERENDUM',
  at: OPENED,
  deadline: DEADLINE,
  silenceRule: 'explicit',
  electorate: [...ELECTORATE],
  ...opts,
});

/** A member's position on the circulated text (V1 unless told otherwise). */
function position(
  member: string,
  kind: PositionKind = 'endorse',
  opts: Partial<RecordedPosition> = {},
): RecordedPosition {
  return {
    member,
    position: kind,
    versionHash: V1.hash,
    at: june(10),
    onBehalf: false,
    recordedBy: `focal-point-${member.toLowerCase()}`,
    ...opts,
  };
}
const record = (
  member: string,
  kind: PositionKind = 'endorse',
  opts: Partial<RecordedPosition> = {},
): EventOf<'RECORD_POSITION'> => {
  const p = position(member, kind, opts);
  return { type: 'RECORD_POSITION', at: p.at, position: p };
};
const deadlinePassed = (at = DEADLINE): EventOf<'DEADLINE_PASSED'> => ({
  type: 'DEADLINE_PASSED',
  at,
});
const extend = (deadline: string, at: string): EventOf<'EXTEND_DEADLINE'> => ({
  type: 'EXTEND_DEADLINE',
  deadline,
  at,
});
const revise = (version?: TextVersionRef, at = june(15)): EventOf<'REVISE'> =>
  version ? { type: 'REVISE', at, version } : { type: 'REVISE', at };
const close = (reason?: string, at = july(2)): EventOf<'CLOSE_WITHOUT_ADOPTION'> =>
  reason === undefined
    ? { type: 'CLOSE_WITHOUT_ADOPTION', at }
    : { type: 'CLOSE_WITHOUT_ADOPTION', at, reason };
const reminderDue = (at: string, offset = 'P1D'): EventOf<'REMINDER_DUE'> => ({
  type: 'REMINDER_DUE',
  offset,
  at,
});
const withdraw = (at = june(20)): EventOf<'WITHDRAW'> => ({
  type: 'WITHDRAW',
  at,
  reason: 'Superseded by the ACCSM Work Plan 2026-2030',
});

// Running the machine ------------------------------------------------------------------------

const start = (version = V1): Snapshot => initialTransition(statementMachine, { version })[0];

/** One pure transition: the next snapshot and the effects the host would run. */
function send(snapshot: Snapshot, event: StatementEvent) {
  const [next, actions] = transition(statementMachine, snapshot, event);
  const effects = actions.map(({ type, params }) => ({ type, params }) as StatementEffect);
  return { snapshot: next, effects };
}

/** Applies events that must all be accepted (a refused one fails the test that set it up). */
function run(snapshot: Snapshot, ...events: StatementEvent[]): Snapshot {
  return events.reduce((current, event) => {
    if (!current.can(event)) {
      throw new Error(`${event.type} refused in ${JSON.stringify(current.value)}`);
    }
    return send(current, event).snapshot;
  }, snapshot);
}

/** The event is refused: `can` says so, and the transition changes nothing and emits nothing. */
function expectRefused(snapshot: Snapshot, event: StatementEvent): void {
  expect(snapshot.can(event)).toBe(false);
  const { snapshot: next, effects } = send(snapshot, event);
  expect(next).toBe(snapshot);
  expect(effects).toEqual([]);
}

const inSomReview = () => run(start(), submit());
const inPrinciple = (version = V1) => run(start(version), submit(), approve());
const inRound = (opts: Partial<EventOf<'OPEN_AD_REFERENDUM'>> = {}) =>
  run(inPrinciple(), open(opts));
const blocked = () => run(inRound(), record('KHM', 'object', { text: 'Para 4: working hours' }));
const awaitingDecision = () => run(inRound(), record('BRN'), deadlinePassed());

const notify = (kind: string, roundNumber: number | null = 1) => ({
  type: 'notify',
  params: { kind, roundNumber },
});
const closeRound = (outcome: string, at: string, roundNumber = 1) => ({
  type: 'closeRound',
  params: { roundNumber, outcome, at },
});
const storePosition = (event: EventOf<'RECORD_POSITION'>, roundNumber = 1) => ({
  type: 'storePosition',
  params: { roundNumber, position: event.position },
});
const scheduleTimers = (
  deadline: string,
  roundNumber = 1,
  reminderOffsets: string[] = ['P7D', 'P2D', 'P1D'],
) => ({
  type: 'scheduleTimers',
  params: { roundNumber, deadline, reminderOffsets },
});
const cancelTimers = (roundNumber = 1) => ({ type: 'cancelTimers', params: { roundNumber } });

// ---------------------------------------------------------------------------------------------

describe(statementMachine.id, () => {
  describe('start', () => {
    it('starts in drafting on the first text version, with no effects', () => {
      const [snapshot, actions] = initialTransition(statementMachine, { version: V1 });
      expect(snapshot.value).toBe('drafting');
      expect(snapshot.status).toBe('active');
      expect(snapshot.context).toEqual({
        currentVersion: V1,
        round: null,
        roundsOpened: 0,
        adoption: null,
        withdrawal: null,
        closure: null,
      });
      expect(actions).toEqual([]);
    });
  });

  describe('drafting', () => {
    it('SUBMIT_TO_SOM moves to som_review', () => {
      const { snapshot, effects } = send(start(), submit());
      expect(snapshot.value).toBe('som_review');
      expect(effects).toEqual([]);
    });

    it('EDIT_TEXT takes the next version and stays in drafting', () => {
      const { snapshot, effects } = send(start(), edit(V2));
      expect(snapshot.value).toBe('drafting');
      expect(snapshot.context.currentVersion).toEqual(V2);
      expect(effects).toEqual([]);
      expect(run(snapshot, edit(V3)).context.currentVersion).toEqual(V3);
    });

    it('EDIT_TEXT is refused unless the version number is current + 1', () => {
      expectRefused(start(), edit({ number: 1, hash: 'sha256:same-number' }));
      expectRefused(start(), edit(V3));
      expectRefused(run(start(), edit(V2)), edit({ number: 1, hash: 'sha256:back' }));
    });
  });

  describe('som_review', () => {
    it('RETURN_FOR_REVISION goes back to drafting, where the text can be edited again', () => {
      const { snapshot, effects } = send(inSomReview(), returnForRevision());
      expect(snapshot.value).toBe('drafting');
      expect(effects).toEqual([]);
      const resubmitted = run(snapshot, edit(V2), submit(june(2)));
      expect(resubmitted.value).toBe('som_review');
      expect(resubmitted.context.currentVersion).toEqual(V2);
    });

    it('APPROVE_IN_PRINCIPLE moves to approved_in_principle', () => {
      const { snapshot, effects } = send(inSomReview(), approve());
      expect(snapshot.value).toBe('approved_in_principle');
      expect(snapshot.context.round).toBeNull();
      expect(effects).toEqual([]);
    });

    it('ADOPT_AT_MEETING adopts the current text, dated at the event, basis meeting', () => {
      const { snapshot, effects } = send(inSomReview(), adoptAtMeeting('20th SOM-ACCSM', june(3)));
      expect(snapshot.value).toBe('adopted');
      expect(snapshot.status).toBe('done');
      expect(snapshot.context.adoption).toEqual({
        date: june(3),
        basis: 'meeting',
        versionHash: V1.hash,
        roundNumber: null,
        meeting: '20th SOM-ACCSM',
        deemedConsent: [],
      });
      expect(effects).toEqual([{ type: 'notify', params: { kind: 'adopted', roundNumber: null } }]);
    });

    it('ADOPT_AT_MEETING without a meeting name records meeting null', () => {
      const { snapshot } = send(inSomReview(), adoptAtMeeting(undefined, june(3)));
      expect(snapshot.context.adoption).toMatchObject({ meeting: null, date: june(3) });
    });

    it('ADOPT_AT_MEETING by meetingId keeps the id; without one the adoption has no such key', () => {
      const meetingId = '7d3f5a2e-0000-4000-8000-000000000020';
      const { snapshot } = send(inSomReview(), {
        type: 'ADOPT_AT_MEETING',
        at: june(3),
        meetingId,
      });
      expect(snapshot.context.adoption).toMatchObject({ meeting: null, meetingId });
      const free = send(inSomReview(), adoptAtMeeting('20th SOM-ACCSM', june(3))).snapshot;
      expect(free.context.adoption).not.toHaveProperty('meetingId');
    });

    it('EDIT_TEXT is refused: the text under review does not change', () => {
      expectRefused(inSomReview(), edit(V2));
    });
  });

  describe('approved_in_principle', () => {
    it('EDIT_TEXT takes the next version; other numbers are refused', () => {
      const { snapshot, effects } = send(inPrinciple(), edit(V2, june(2, 8)));
      expect(snapshot.value).toBe('approved_in_principle');
      expect(snapshot.context.currentVersion).toEqual(V2);
      expect(effects).toEqual([]);
      expectRefused(inPrinciple(), edit(V3));
      expectRefused(inPrinciple(), edit({ number: 1, hash: 'sha256:other' }));
    });

    it('ADOPT_AT_MEETING adopts at the meeting with the current version', () => {
      const edited = run(inPrinciple(), edit(V2));
      const { snapshot, effects } = send(edited, adoptAtMeeting('23rd HCS-ACCSM', june(5)));
      expect(snapshot.value).toBe('adopted');
      expect(snapshot.context.adoption).toEqual({
        date: june(5),
        basis: 'meeting',
        versionHash: V2.hash,
        roundNumber: null,
        meeting: '23rd HCS-ACCSM',
        deemedConsent: [],
      });
      expect(effects).toEqual([{ type: 'notify', params: { kind: 'adopted', roundNumber: null } }]);
    });

    it('OPEN_AD_REFERENDUM fixes the round: electorate, version, deadline and rule', () => {
      const edited = run(inPrinciple(), edit(V2));
      const { snapshot, effects } = send(
        edited,
        open({ electorate: ASEAN_10, silenceRule: 'silence_is_consent' }),
      );
      expect(snapshot.value).toEqual({ ad_referendum: 'collecting' });
      const round = {
        number: 1,
        version: V2,
        openedAt: OPENED,
        deadline: DEADLINE,
        silenceRule: 'silence_is_consent',
        electorate: ASEAN_10,
        positions: {},
        deadlineHistory: [{ deadline: DEADLINE, setAt: OPENED }],
        reminderOffsets: ['P7D', 'P2D', 'P1D'],
        deadlinePassed: false,
        closedAt: null,
        outcome: null,
      };
      expect(snapshot.context.round).toEqual(round);
      expect(snapshot.context.roundsOpened).toBe(1);
      expect(effects).toEqual([
        { type: 'openRound', params: { round } },
        scheduleTimers(DEADLINE),
        notify('round_opened'),
      ]);
    });

    it('OPEN_AD_REFERENDUM copies the electorate: changing the list later does not touch it', () => {
      const electorate = [...ELECTORATE];
      const snapshot = run(inPrinciple(), open({ electorate }));
      electorate.push('TLS');
      expect(snapshot.context.round?.electorate).toEqual(['BRN', 'KHM', 'IDN']);
    });

    it('OPEN_AD_REFERENDUM without offsets schedules the deadline and the default reminders', () => {
      const { snapshot, effects } = send(inPrinciple(), open());
      expect(DEFAULT_REMINDER_OFFSETS).toEqual(['P7D', 'P2D', 'P1D']);
      expect(snapshot.context.round?.reminderOffsets).toEqual(['P7D', 'P2D', 'P1D']);
      // The round has its own copy, not the shared default.
      expect(snapshot.context.round?.reminderOffsets).not.toBe(DEFAULT_REMINDER_OFFSETS);
      expect(effects).toEqual([
        { type: 'openRound', params: { round: snapshot.context.round } },
        scheduleTimers(DEADLINE, 1, ['P7D', 'P2D', 'P1D']),
        notify('round_opened'),
      ]);
    });

    it('OPEN_AD_REFERENDUM keeps custom reminder offsets on the round and schedules them', () => {
      const reminderOffsets = ['P3D', 'PT12H'];
      const { snapshot, effects } = send(inPrinciple(), open({ reminderOffsets }));
      expect(snapshot.context.round?.reminderOffsets).toEqual(['P3D', 'PT12H']);
      expect(effects).toEqual([
        { type: 'openRound', params: { round: snapshot.context.round } },
        scheduleTimers(DEADLINE, 1, ['P3D', 'PT12H']),
        notify('round_opened'),
      ]);
      // Copied, like the electorate: changing the list later does not touch the round.
      reminderOffsets.push('PT1H');
      expect(snapshot.context.round?.reminderOffsets).toEqual(['P3D', 'PT12H']);
    });

    it('OPEN_AD_REFERENDUM with no reminders still schedules the deadline timer', () => {
      const { snapshot, effects } = send(inPrinciple(), open({ reminderOffsets: [] }));
      expect(snapshot.context.round?.reminderOffsets).toEqual([]);
      expect(effects).toEqual([
        { type: 'openRound', params: { round: snapshot.context.round } },
        scheduleTimers(DEADLINE, 1, []),
        notify('round_opened'),
      ]);
    });

    it('OPEN_AD_REFERENDUM is refused when the deadline is not after the opening', () => {
      expectRefused(inPrinciple(), open({ deadline: OPENED }));
      expectRefused(inPrinciple(), open({ deadline: june(1) }));
    });

    it('OPEN_AD_REFERENDUM is refused with an empty or duplicated electorate', () => {
      expectRefused(inPrinciple(), open({ electorate: [] }));
      expectRefused(inPrinciple(), open({ electorate: ['BRN', 'KHM', 'BRN'] }));
    });
  });

  describe('ad_referendum: RECORD_POSITION', () => {
    it('collecting → collecting: stores the position and emits storePosition only', () => {
      const event = record('BRN');
      const { snapshot, effects } = send(inRound(), event);
      expect(snapshot.value).toEqual({ ad_referendum: 'collecting' });
      expect(snapshot.context.round?.positions).toEqual({ BRN: event.position });
      expect(effects).toEqual([storePosition(event)]);
    });

    it('keeps an on-behalf entry with its note verbale reference', () => {
      const event = record('MMR', 'endorse', {
        onBehalf: true,
        reference: 'Note verbale No. 45/2025',
        recordedBy: 'secretariat-khm',
      });
      const { snapshot } = send(inRound({ electorate: ASEAN_10 }), event);
      expect(snapshot.context.round?.positions.MMR).toEqual(event.position);
    });

    it('an objection blocks the round and announces it', () => {
      const event = record('KHM', 'object', { text: 'Para 4 conflicts with national law' });
      const { snapshot, effects } = send(inRound(), event);
      expect(snapshot.value).toEqual({ ad_referendum: 'blocked' });
      expect(effects).toEqual([storePosition(event), notify('objection_lodged')]);
    });

    it('blocked: another endorsement keeps it blocked without announcing an objection', () => {
      const event = record('IDN');
      const { snapshot, effects } = send(blocked(), event);
      expect(snapshot.value).toEqual({ ad_referendum: 'blocked' });
      expect(effects).toEqual([storePosition(event)]);
    });

    it('blocked: a second objection is announced', () => {
      const event = record('IDN', 'object');
      const { snapshot, effects } = send(blocked(), event);
      expect(snapshot.value).toEqual({ ad_referendum: 'blocked' });
      expect(effects).toEqual([storePosition(event), notify('objection_lodged')]);
    });

    it('blocked → collecting when the objector changes to endorse', () => {
      const event = record('KHM', 'endorse', { at: june(12) });
      const { snapshot, effects } = send(blocked(), event);
      expect(snapshot.value).toEqual({ ad_referendum: 'collecting' });
      expect(snapshot.context.round?.positions.KHM.position).toBe('endorse');
      expect(effects).toEqual([storePosition(event)]);
    });

    it('the last endorsement adopts by consensus, dated at that event', () => {
      const last = record('IDN', 'endorse', { at: june(12, 14) });
      const before = run(inRound(), record('BRN'), record('KHM', 'endorse_with_reservation'));
      const { snapshot, effects } = send(before, last);
      expect(snapshot.value).toBe('adopted');
      expect(snapshot.status).toBe('done');
      expect(snapshot.context.adoption).toEqual({
        date: june(12, 14),
        basis: 'consensus',
        versionHash: V1.hash,
        roundNumber: 1,
        meeting: null,
        deemedConsent: [],
      });
      expect(snapshot.context.round).toMatchObject({ outcome: 'adopted', closedAt: june(12, 14) });
      expect(effects).toEqual([
        storePosition(last),
        closeRound('adopted', june(12, 14)),
        cancelTimers(),
        notify('adopted'),
      ]);
    });

    it('full endorsement before the deadline is consensus under silence_is_consent too', () => {
      const snapshot = run(
        inRound({ silenceRule: 'silence_is_consent' }),
        record('BRN'),
        record('KHM'),
        record('IDN', 'endorse', { at: june(11) }),
      );
      expect(snapshot.context.adoption).toMatchObject({
        basis: 'consensus',
        date: june(11),
        deemedConsent: [],
      });
    });

    it('is refused for a member outside the electorate fixed at opening', () => {
      // Timor-Leste joined ASEAN in October 2025, after this round opened.
      expectRefused(inRound({ electorate: ASEAN_10 }), record('TLS'));
      expectRefused(inRound(), record('LAO'));
    });

    it('is refused on a text other than the circulated one', () => {
      expectRefused(inRound(), record('BRN', 'endorse', { versionHash: V2.hash }));
      expectRefused(blocked(), record('KHM', 'endorse', { versionHash: 'sha256:draft' }));
    });

    it('counts clearance_pending as outstanding: no adoption until it turns into an answer', () => {
      const pending = run(
        inRound(),
        record('BRN'),
        record('KHM'),
        record('IDN', 'clearance_pending'),
      );
      expect(pending.value).toEqual({ ad_referendum: 'collecting' });
      expect(pending.context.adoption).toBeNull();
      const adopted = run(pending, record('IDN', 'endorse', { at: june(20) }));
      expect(adopted.value).toBe('adopted');
      expect(adopted.context.adoption?.date).toBe(june(20));
    });

    it('a later position supersedes an earlier one, without touching the earlier snapshot', () => {
      const endorsed = run(inRound(), record('BRN'));
      const { snapshot } = send(endorsed, record('BRN', 'object', { at: june(11) }));
      expect(snapshot.value).toEqual({ ad_referendum: 'blocked' });
      expect(snapshot.context.round?.positions.BRN).toMatchObject({
        position: 'object',
        at: june(11),
      });
      expect(Object.keys(snapshot.context.round?.positions ?? {})).toEqual(['BRN']);
      expect(endorsed.context.round?.positions.BRN.position).toBe('endorse');
    });
  });

  describe('ad_referendum: DEADLINE_PASSED', () => {
    it('silence_is_consent with no objection adopts at the deadline; silence is deemed consent', () => {
      const firedAt = june(30, 12); // the timer ran two hours late
      const before = run(
        inRound({ silenceRule: 'silence_is_consent', electorate: ['BRN', 'KHM', 'IDN', 'LAO'] }),
        record('BRN'),
        record('KHM', 'endorse_with_reservation'),
      );
      const { snapshot, effects } = send(before, deadlinePassed(firedAt));
      expect(snapshot.value).toBe('adopted');
      expect(snapshot.context.adoption).toEqual({
        date: DEADLINE,
        basis: 'silence',
        versionHash: V1.hash,
        roundNumber: 1,
        meeting: null,
        deemedConsent: ['IDN', 'LAO'],
      });
      expect(snapshot.context.round).toMatchObject({
        deadlinePassed: true,
        pendingClearance: [],
        outcome: 'adopted',
        closedAt: firedAt,
      });
      expect(effects).toEqual([closeRound('adopted', firedAt), cancelTimers(), notify('adopted')]);
    });

    describe('pending domestic clearance under silence_is_consent', () => {
      const pending = () =>
        run(
          inRound({ silenceRule: 'silence_is_consent', electorate: ['BRN', 'KHM', 'IDN', 'LAO'] }),
          record('BRN'),
          record('KHM', 'clearance_pending'),
        );

      it('is not consent: the deadline leaves the chair to decide, naming the member', () => {
        const { snapshot, effects } = send(pending(), deadlinePassed(june(30, 12)));
        expect(snapshot.value).toEqual({ ad_referendum: 'awaiting_decision' });
        expect(snapshot.context.round).toMatchObject({
          deadlinePassed: true,
          pendingClearance: ['KHM'],
          closedAt: null,
        });
        expect(snapshot.context.adoption).toBeNull();
        expect(effects).toEqual([]);
      });

      it('the chair may extend the deadline, and the round collects again', () => {
        const waiting = run(pending(), deadlinePassed());
        const { snapshot } = send(waiting, extend(july(14, 10), july(1)));
        expect(snapshot.value).toEqual({ ad_referendum: 'collecting' });
        expect(snapshot.context.round?.deadlinePassed).toBe(false);
      });

      it('the chair may close the round without adoption', () => {
        const { snapshot } = send(run(pending(), deadlinePassed()), close('No clearance'));
        expect(snapshot.value).toBe('not_adopted');
        expect(snapshot.context.round?.outcome).toBe('closed_without_adoption');
      });

      it('once cleared, the silent members are deemed to consent', () => {
        const cleared = record('KHM', 'endorse', { at: july(3) });
        const { snapshot } = send(run(pending(), deadlinePassed()), cleared);
        expect(snapshot.value).toBe('adopted');
        expect(snapshot.context.adoption).toMatchObject({
          basis: 'silence',
          deemedConsent: ['IDN', 'LAO'],
        });
      });

      it('machine version 1 keeps its old reading: pending clearance consented by silence', () => {
        // A stored snapshot, restored as the registry does for a statement on version 1.
        const stored = statementMachine.getPersistedSnapshot(pending());
        const waiting = statementMachineV1.resolveState(stored as never);
        const [next] = transition(statementMachineV1, waiting, deadlinePassed());
        expect(next.value).toBe('adopted');
        expect(next.context.adoption?.deemedConsent).toEqual(['KHM', 'IDN', 'LAO']);
        expect(next.context.round).not.toHaveProperty('pendingClearance');
      });
    });

    it('explicit with answers missing → awaiting_decision, no effects', () => {
      const { snapshot, effects } = send(run(inRound(), record('BRN')), deadlinePassed());
      expect(snapshot.value).toEqual({ ad_referendum: 'awaiting_decision' });
      expect(snapshot.context.round?.deadlinePassed).toBe(true);
      expect(snapshot.context.adoption).toBeNull();
      expect(effects).toEqual([]);
    });

    it('blocked stays blocked, but the passed deadline is recorded', () => {
      const { snapshot, effects } = send(blocked(), deadlinePassed());
      expect(snapshot.value).toEqual({ ad_referendum: 'blocked' });
      expect(snapshot.context.round?.deadlinePassed).toBe(true);
      expect(effects).toEqual([]);
      expectRefused(snapshot, deadlinePassed(july(1)));
    });

    it('blocked under silence_is_consent: withdrawing the objection after the deadline adopts by silence', () => {
      const late = run(
        inRound({ silenceRule: 'silence_is_consent' }),
        record('KHM', 'object'),
        deadlinePassed(),
      );
      const event = record('KHM', 'endorse', { at: july(3) });
      const { snapshot, effects } = send(late, event);
      expect(snapshot.value).toBe('adopted');
      expect(snapshot.context.adoption).toMatchObject({
        basis: 'silence',
        date: july(3),
        deemedConsent: ['BRN', 'IDN'],
      });
      expect(effects).toEqual([
        storePosition(event),
        closeRound('adopted', july(3)),
        cancelTimers(),
        notify('adopted'),
      ]);
    });

    it('blocked under explicit: withdrawing the objection after the deadline awaits the chair', () => {
      const late = run(blocked(), deadlinePassed());
      const { snapshot } = send(late, record('KHM', 'endorse', { at: july(3) }));
      expect(snapshot.value).toEqual({ ad_referendum: 'awaiting_decision' });
    });

    it('is refused before the deadline, and accepted exactly at it', () => {
      expectRefused(inRound(), deadlinePassed(june(30, 9)));
      expectRefused(blocked(), deadlinePassed(june(15)));
      expect(run(inRound(), deadlinePassed(DEADLINE)).value).toEqual({
        ad_referendum: 'awaiting_decision',
      });
    });

    it('is refused once the deadline has already passed', () => {
      expectRefused(awaitingDecision(), deadlinePassed(july(1)));
    });
  });

  describe('ad_referendum: awaiting_decision', () => {
    it('a late endorsement is stored and the round still awaits the chair', () => {
      const event = record('KHM', 'endorse', { at: july(1) });
      const { snapshot, effects } = send(awaitingDecision(), event);
      expect(snapshot.value).toEqual({ ad_referendum: 'awaiting_decision' });
      expect(effects).toEqual([storePosition(event)]);
    });

    it('late positions that complete consensus adopt, dated at the last one', () => {
      const last = record('IDN', 'endorse', { at: july(4) });
      const { snapshot, effects } = send(run(awaitingDecision(), record('KHM')), last);
      expect(snapshot.value).toBe('adopted');
      expect(snapshot.context.adoption).toMatchObject({
        basis: 'consensus',
        date: july(4),
        deemedConsent: [],
      });
      expect(effects).toEqual([
        storePosition(last),
        closeRound('adopted', july(4)),
        cancelTimers(),
        notify('adopted'),
      ]);
    });

    it('a late objection blocks', () => {
      const event = record('IDN', 'object', { at: july(1) });
      const { snapshot, effects } = send(awaitingDecision(), event);
      expect(snapshot.value).toEqual({ ad_referendum: 'blocked' });
      expect(effects).toEqual([storePosition(event), notify('objection_lodged')]);
    });
  });

  describe('ad_referendum: EXTEND_DEADLINE', () => {
    const NEW_DEADLINE = july(14, 10);

    it('from collecting: moves the deadline and records it in the history', () => {
      const { snapshot, effects } = send(inRound(), extend(NEW_DEADLINE, june(20)));
      expect(snapshot.value).toEqual({ ad_referendum: 'collecting' });
      expect(snapshot.context.round?.deadline).toBe(NEW_DEADLINE);
      expect(snapshot.context.round?.deadlineHistory).toEqual([
        { deadline: DEADLINE, setAt: OPENED },
        { deadline: NEW_DEADLINE, setAt: june(20) },
      ]);
      expect(effects).toEqual([
        { type: 'moveDeadline', params: { roundNumber: 1, deadline: NEW_DEADLINE } },
        scheduleTimers(NEW_DEADLINE),
        notify('deadline_extended'),
      ]);
    });

    it('from blocked: stays blocked and clears a passed deadline', () => {
      const { snapshot, effects } = send(
        run(blocked(), deadlinePassed()),
        extend(NEW_DEADLINE, july(1)),
      );
      expect(snapshot.value).toEqual({ ad_referendum: 'blocked' });
      expect(snapshot.context.round).toMatchObject({
        deadline: NEW_DEADLINE,
        deadlinePassed: false,
      });
      expect(effects).toEqual([
        { type: 'moveDeadline', params: { roundNumber: 1, deadline: NEW_DEADLINE } },
        scheduleTimers(NEW_DEADLINE),
        notify('deadline_extended'),
      ]);
    });

    it('from awaiting_decision: collecting again until the new deadline passes', () => {
      const { snapshot, effects } = send(awaitingDecision(), extend(NEW_DEADLINE, july(1)));
      expect(snapshot.value).toEqual({ ad_referendum: 'collecting' });
      expect(snapshot.context.round?.deadlinePassed).toBe(false);
      expect(effects).toEqual([
        { type: 'moveDeadline', params: { roundNumber: 1, deadline: NEW_DEADLINE } },
        scheduleTimers(NEW_DEADLINE),
        notify('deadline_extended'),
      ]);
      // A timer left from the old deadline no longer fires; the new one does.
      expectRefused(snapshot, deadlinePassed(july(2)));
      expect(run(snapshot, deadlinePassed(NEW_DEADLINE)).value).toEqual({
        ad_referendum: 'awaiting_decision',
      });
    });

    it('every extension adds to the history', () => {
      const snapshot = run(
        inRound(),
        extend(july(7), june(20)),
        extend(july(14), june(25)),
        extend(july(21), july(10)),
      );
      expect(snapshot.context.round?.deadlineHistory.map((h) => h.deadline)).toEqual([
        DEADLINE,
        july(7),
        july(14),
        july(21),
      ]);
    });

    it('every extension reschedules the timers for the new deadline, with the round’s offsets', () => {
      let snapshot = inRound({ reminderOffsets: ['P3D'] });
      const extensions: [string, string][] = [
        [july(7), june(20)],
        [july(14), june(25)],
        [july(21), july(10)],
      ];
      for (const [deadline, at] of extensions) {
        const step = send(snapshot, extend(deadline, at));
        expect(step.effects).toEqual([
          { type: 'moveDeadline', params: { roundNumber: 1, deadline } },
          scheduleTimers(deadline, 1, ['P3D']),
          notify('deadline_extended'),
        ]);
        snapshot = step.snapshot;
      }
    });

    it('from blocked before the deadline: reschedules the timers too', () => {
      const { snapshot, effects } = send(blocked(), extend(NEW_DEADLINE, june(20)));
      expect(snapshot.value).toEqual({ ad_referendum: 'blocked' });
      expect(effects).toEqual([
        { type: 'moveDeadline', params: { roundNumber: 1, deadline: NEW_DEADLINE } },
        scheduleTimers(NEW_DEADLINE),
        notify('deadline_extended'),
      ]);
    });

    it('in a second round: reschedules that round’s timers', () => {
      const second = run(
        blocked(),
        revise(V2, june(15)),
        open({ at: june(16), deadline: july(16, 10), reminderOffsets: ['P2D'] }),
      );
      expect(send(second, extend(july(23, 10), july(1))).effects).toEqual([
        { type: 'moveDeadline', params: { roundNumber: 2, deadline: july(23, 10) } },
        scheduleTimers(july(23, 10), 2, ['P2D']),
        notify('deadline_extended', 2),
      ]);
    });

    it('is refused unless later than the current deadline', () => {
      expectRefused(inRound(), extend(DEADLINE, june(20)));
      expectRefused(inRound(), extend(june(25), june(20)));
    });

    it('is refused unless later than the moment it is set', () => {
      expectRefused(awaitingDecision(), extend(july(7), july(8)));
      expectRefused(awaitingDecision(), extend(july(7), july(7)));
    });
  });

  describe('ad_referendum: REVISE', () => {
    it('closes the round as revised and returns to approved_in_principle with the new version', () => {
      const { snapshot, effects } = send(blocked(), revise(V2, june(15)));
      expect(snapshot.value).toBe('approved_in_principle');
      expect(snapshot.context.currentVersion).toEqual(V2);
      expect(snapshot.context.round).toMatchObject({
        number: 1,
        version: V1,
        outcome: 'revised',
        closedAt: june(15),
      });
      // The closed round keeps its positions as history.
      expect(snapshot.context.round?.positions.KHM.position).toBe('object');
      expect(effects).toEqual([closeRound('revised', june(15)), cancelTimers(), notify('revised')]);
    });

    it('without a version keeps the current text, which can then be edited', () => {
      const { snapshot } = send(inRound(), revise(undefined, june(15)));
      expect(snapshot.value).toBe('approved_in_principle');
      expect(snapshot.context.currentVersion).toEqual(V1);
      expect(run(snapshot, edit(V2, june(16))).context.currentVersion).toEqual(V2);
    });

    it('is refused when the new version is not current + 1', () => {
      expectRefused(inRound(), revise(V3));
      expectRefused(inRound(), revise({ number: 1, hash: 'sha256:other' }));
    });

    it('is accepted from awaiting_decision', () => {
      const { snapshot, effects } = send(awaitingDecision(), revise(V2, july(1)));
      expect(snapshot.value).toBe('approved_in_principle');
      expect(effects).toEqual([closeRound('revised', july(1)), cancelTimers(), notify('revised')]);
    });

    it('a new round is number 2, on the new text, with fresh positions', () => {
      const revised = run(blocked(), revise(V2, june(15)));
      const { snapshot, effects } = send(revised, open({ at: june(16), deadline: july(16, 10) }));
      expect(snapshot.value).toEqual({ ad_referendum: 'collecting' });
      expect(snapshot.context.roundsOpened).toBe(2);
      expect(snapshot.context.round).toMatchObject({
        number: 2,
        version: V2,
        positions: {},
        deadline: july(16, 10),
        outcome: null,
        closedAt: null,
      });
      expect(effects).toEqual([
        { type: 'openRound', params: { round: snapshot.context.round } },
        scheduleTimers(july(16, 10), 2),
        notify('round_opened', 2),
      ]);
      // Positions bound to the old text no longer count.
      expectRefused(snapshot, record('BRN', 'endorse', { versionHash: V1.hash }));
      const event = record('BRN', 'endorse', { versionHash: V2.hash, at: june(17) });
      expect(send(snapshot, event).effects).toEqual([storePosition(event, 2)]);
    });
  });

  describe('ad_referendum: CLOSE_WITHOUT_ADOPTION', () => {
    it('closes the round and ends in not_adopted, recording the closure', () => {
      const { snapshot, effects } = send(blocked(), close('No consensus on paragraph 4', july(2)));
      expect(snapshot.value).toBe('not_adopted');
      expect(snapshot.status).toBe('done');
      expect(snapshot.context.closure).toEqual({
        reason: 'No consensus on paragraph 4',
        at: july(2),
      });
      expect(snapshot.context.round).toMatchObject({
        outcome: 'closed_without_adoption',
        closedAt: july(2),
      });
      expect(effects).toEqual([
        closeRound('closed_without_adoption', july(2)),
        cancelTimers(),
        notify('not_adopted'),
      ]);
    });

    it('records a null reason when none is given, from awaiting_decision', () => {
      const { snapshot } = send(awaitingDecision(), close(undefined, july(3)));
      expect(snapshot.value).toBe('not_adopted');
      expect(snapshot.context.closure).toEqual({ reason: null, at: july(3) });
    });
  });

  describe('ad_referendum: cancelTimers', () => {
    const timerEffects = (effects: StatementEffect[]) =>
      effects.filter((e) => e.type === 'scheduleTimers' || e.type === 'cancelTimers');

    const closings: [string, () => Snapshot, StatementEvent, RoundOutcome][] = [
      [
        'adopted by the last endorsement',
        () => run(inRound(), record('BRN'), record('KHM')),
        record('IDN', 'endorse', { at: june(12) }),
        'adopted',
      ],
      [
        'adopted by a late endorsement from awaiting_decision',
        () => run(awaitingDecision(), record('KHM')),
        record('IDN', 'endorse', { at: july(4) }),
        'adopted',
      ],
      [
        'adopted by silence when the deadline passes',
        () => inRound({ silenceRule: 'silence_is_consent' }),
        deadlinePassed(june(30, 12)),
        'adopted',
      ],
      ['revised from collecting', () => inRound(), revise(V2, june(15)), 'revised'],
      ['revised from blocked', blocked, revise(undefined, june(15)), 'revised'],
      ['revised from awaiting_decision', awaitingDecision, revise(V2, july(1)), 'revised'],
      [
        'closed from collecting',
        () => inRound(),
        close(undefined, june(20)),
        'closed_without_adoption',
      ],
      ['closed from blocked', blocked, close('No consensus', july(2)), 'closed_without_adoption'],
      [
        'closed from awaiting_decision',
        awaitingDecision,
        close(undefined, july(3)),
        'closed_without_adoption',
      ],
      ['withdrawn from collecting', () => inRound(), withdraw(june(20)), 'withdrawn'],
      ['withdrawn from blocked', blocked, withdraw(june(20)), 'withdrawn'],
      ['withdrawn from awaiting_decision', awaitingDecision, withdraw(july(5)), 'withdrawn'],
    ];
    it.each(closings)(
      '%s: cancelTimers once, right after closeRound',
      (_name, fixture, event, outcome) => {
        const { snapshot, effects } = send(fixture(), event);
        expect(snapshot.context.round).toMatchObject({ outcome, closedAt: event.at });
        const at = effects.findIndex((e) => e.type === 'closeRound');
        expect(effects[at]).toEqual(closeRound(outcome, event.at));
        expect(effects[at + 1]).toEqual(cancelTimers());
        expect(timerEffects(effects)).toEqual([cancelTimers()]);
      },
    );

    it('cancels the timers of the round that closes', () => {
      const second = run(
        blocked(),
        revise(V2, june(15)),
        open({ at: june(16), deadline: july(16, 10) }),
      );
      expect(send(second, close('No consensus', july(20))).effects).toEqual([
        closeRound('closed_without_adoption', july(20), 2),
        cancelTimers(2),
        notify('not_adopted', 2),
      ]);
    });

    const noRoundToClose: [string, () => Snapshot][] = [
      ['drafting', start],
      ['som_review', inSomReview],
      ['approved_in_principle', () => inPrinciple()],
      [
        'approved_in_principle after a revision closed the round',
        () => run(blocked(), revise(V2, june(15))),
      ],
    ];
    it.each(noRoundToClose)('WITHDRAW from %s cancels no timers', (_name, fixture) => {
      const snapshot = fixture();
      expect(snapshot.can(withdraw(june(20)))).toBe(true);
      const { effects } = send(snapshot, withdraw(june(20)));
      expect(timerEffects(effects)).toEqual([]);
      expect(effects.map((e) => e.type)).toEqual(['notify']);
    });

    const stillOpen: [string, () => Snapshot, StatementEvent][] = [
      ['a position in collecting', () => inRound(), record('BRN')],
      ['an objection', () => inRound(), record('KHM', 'object')],
      ['DEADLINE_PASSED under explicit', () => run(inRound(), record('BRN')), deadlinePassed()],
      ['DEADLINE_PASSED while blocked', blocked, deadlinePassed()],
      ['a reminder', () => inRound(), reminderDue(june(23), 'P7D')],
    ];
    it.each(stillOpen)('%s leaves the round open and its timers alone', (_name, fixture, event) => {
      const snapshot = fixture();
      expect(snapshot.can(event)).toBe(true);
      const next = send(snapshot, event);
      expect(next.snapshot.context.round?.closedAt).toBeNull();
      expect(timerEffects(next.effects)).toEqual([]);
    });
  });

  describe('ad_referendum: REMINDER_DUE', () => {
    const reminders: [string, number][] = [
      ['P7D', 7],
      ['P2D', 2],
      ['P1D', 1],
    ];
    const beforeDeadline: [string, () => Snapshot][] = [
      ['collecting', () => inRound()],
      ['blocked', blocked],
    ];
    it.each(beforeDeadline)(
      'in %s before the deadline: one reminder notification, nothing else changes',
      (_name, fixture) => {
        const before = fixture();
        for (const [offset, days] of reminders) {
          const event = reminderDue(daysBefore(DEADLINE, days), offset);
          expect(before.can(event)).toBe(true);
          const { snapshot, effects } = send(before, event);
          expect(effects).toEqual([notify('reminder')]);
          expect(snapshot.value).toEqual(before.value);
          expect(snapshot.context).toEqual(before.context);
        }
      },
    );

    it('is accepted up to the last moment before the deadline', () => {
      const lastMoment = new Date(Date.parse(DEADLINE) - 1).toISOString();
      expect(send(inRound(), reminderDue(lastMoment, 'PT0S')).effects).toEqual([
        notify('reminder'),
      ]);
    });

    it('is refused at or after the deadline, even before DEADLINE_PASSED arrives', () => {
      expectRefused(inRound(), reminderDue(DEADLINE));
      expectRefused(inRound(), reminderDue(july(1)));
      expectRefused(blocked(), reminderDue(DEADLINE));
      expectRefused(blocked(), reminderDue(july(1)));
    });

    it('is refused once DEADLINE_PASSED has been taken, whatever its time', () => {
      expectRefused(awaitingDecision(), reminderDue(daysBefore(DEADLINE, 1)));
      expectRefused(awaitingDecision(), reminderDue(july(1)));
      expectRefused(run(blocked(), deadlinePassed()), reminderDue(daysBefore(DEADLINE, 1)));
    });

    it('after EXTEND_DEADLINE, is accepted again before the new deadline only', () => {
      const NEW_DEADLINE = july(14, 10);
      const extended = run(awaitingDecision(), extend(NEW_DEADLINE, july(1)));
      const { snapshot, effects } = send(extended, reminderDue(daysBefore(NEW_DEADLINE, 2), 'P2D'));
      expect(effects).toEqual([notify('reminder')]);
      expect(snapshot.value).toEqual({ ad_referendum: 'collecting' });
      expectRefused(extended, reminderDue(NEW_DEADLINE));
    });

    it('names the round it reminds about', () => {
      const second = run(
        blocked(),
        revise(V2, june(15)),
        open({ at: june(16), deadline: july(16, 10) }),
      );
      expect(send(second, reminderDue(july(15, 10))).effects).toEqual([notify('reminder', 2)]);
    });

    it('does not change how the round goes on', () => {
      const rest = [record('BRN'), record('KHM'), record('IDN', 'endorse', { at: june(12) })];
      const reminded = run(inRound(), reminderDue(june(23), 'P7D'), ...rest);
      expect(reminded.value).toBe('adopted');
      expect(reminded.context).toEqual(run(inRound(), ...rest).context);
    });

    const outsideRound: [string, () => Snapshot][] = [
      ['drafting', start],
      ['som_review', inSomReview],
      ['approved_in_principle', () => inPrinciple()],
      ['approved_in_principle after a revision', () => run(blocked(), revise(V2, june(15)))],
      ['adopted at a meeting', () => run(inSomReview(), adoptAtMeeting('23rd SOM-ACCSM'))],
      [
        'adopted by ad referendum',
        () => run(inRound(), record('BRN'), record('KHM'), record('IDN')),
      ],
      ['not_adopted', () => run(blocked(), close('No consensus'))],
      ['withdrawn during a round', () => run(inRound(), withdraw(june(20)))],
    ];
    it.each(outsideRound)('is refused in %s', (_name, fixture) => {
      expectRefused(fixture(), reminderDue(june(23), 'P7D'));
    });
  });

  describe('WITHDRAW', () => {
    const outsideRound: [string, () => Snapshot][] = [
      ['drafting', start],
      ['som_review', inSomReview],
      ['approved_in_principle', () => inPrinciple()],
    ];
    it.each(outsideRound)('from %s → withdrawn, no round to close', (_name, fixture) => {
      const { snapshot, effects } = send(fixture(), withdraw(june(20)));
      expect(snapshot.value).toBe('withdrawn');
      expect(snapshot.status).toBe('done');
      expect(snapshot.context.withdrawal).toEqual({
        reason: 'Superseded by the ACCSM Work Plan 2026-2030',
        at: june(20),
      });
      expect(snapshot.context.round).toBeNull();
      expect(effects).toEqual([notify('withdrawn', null)]);
    });

    const duringRound: [string, () => Snapshot][] = [
      ['collecting', () => inRound()],
      ['blocked', blocked],
      ['awaiting_decision', awaitingDecision],
    ];
    it.each(duringRound)(
      'from ad_referendum.%s → withdrawn, closing the round',
      (_name, fixture) => {
        const { snapshot, effects } = send(fixture(), withdraw(july(5)));
        expect(snapshot.value).toBe('withdrawn');
        expect(snapshot.context.withdrawal?.at).toBe(july(5));
        expect(snapshot.context.round).toMatchObject({ outcome: 'withdrawn', closedAt: july(5) });
        expect(effects).toEqual([
          closeRound('withdrawn', july(5)),
          cancelTimers(),
          notify('withdrawn'),
        ]);
      },
    );

    it('after a revision: the already closed round keeps its outcome and is not closed again', () => {
      const revised = run(blocked(), revise(V2, june(15)));
      const { snapshot, effects } = send(revised, withdraw(june(20)));
      expect(snapshot.value).toBe('withdrawn');
      expect(snapshot.context.round).toMatchObject({ outcome: 'revised', closedAt: june(15) });
      expect(effects).toEqual([notify('withdrawn', 1)]);
    });

    const finals: [string, () => Snapshot][] = [
      ['adopted at a meeting', () => run(inSomReview(), adoptAtMeeting('23rd SOM-ACCSM'))],
      [
        'adopted by ad referendum',
        () => run(inRound(), record('BRN'), record('KHM'), record('IDN')),
      ],
      ['not_adopted', () => run(blocked(), close('No consensus'))],
      ['withdrawn', () => run(start(), withdraw(june(2)))],
    ];
    it.each(finals)('is ignored once %s', (_name, fixture) => {
      const final = fixture();
      expect(final.status).toBe('done');
      expectRefused(final, withdraw(july(20)));
    });
  });

  describe('events a state does not accept', () => {
    const NEXT_DEADLINE = july(14, 10);

    /** A well-formed event of each type, valid wherever that type is accepted at all. */
    function sample(snapshot: Snapshot, type: StatementEventType): StatementEvent {
      const { currentVersion, round } = snapshot.context;
      const next = {
        number: currentVersion.number + 1,
        hash: `sha256:v${currentVersion.number + 1}`,
      };
      switch (type) {
        case 'SUBMIT_TO_SOM':
          return submit();
        case 'RETURN_FOR_REVISION':
          return returnForRevision();
        case 'APPROVE_IN_PRINCIPLE':
          return approve();
        case 'ADOPT_AT_MEETING':
          return adoptAtMeeting('23rd SOM-ACCSM');
        case 'EDIT_TEXT':
          return edit(next);
        case 'OPEN_AD_REFERENDUM':
          return open();
        case 'RECORD_POSITION':
          return record('IDN', 'endorse', {
            versionHash: round?.version.hash ?? currentVersion.hash,
          });
        case 'EXTEND_DEADLINE':
          return extend(NEXT_DEADLINE, round?.deadline ?? DEADLINE);
        case 'DEADLINE_PASSED':
          return deadlinePassed(round?.deadline ?? DEADLINE);
        case 'REMINDER_DUE':
          return reminderDue(daysBefore(round?.deadline ?? DEADLINE, 1), 'P1D');
        case 'REVISE':
          return revise(next);
        case 'CLOSE_WITHOUT_ADOPTION':
          return close('No consensus');
        case 'WITHDRAW':
          return withdraw();
      }
    }

    const ROUND_EVENTS: StatementEventType[] = [
      'RECORD_POSITION',
      'EXTEND_DEADLINE',
      'DEADLINE_PASSED',
      'REMINDER_DUE',
      'REVISE',
      'CLOSE_WITHOUT_ADOPTION',
      'WITHDRAW',
    ];
    const matrix: [string, () => Snapshot, StatementEventType[]][] = [
      ['drafting', start, ['SUBMIT_TO_SOM', 'EDIT_TEXT', 'WITHDRAW']],
      [
        'som_review',
        inSomReview,
        ['RETURN_FOR_REVISION', 'APPROVE_IN_PRINCIPLE', 'ADOPT_AT_MEETING', 'WITHDRAW'],
      ],
      [
        'approved_in_principle',
        () => inPrinciple(),
        ['ADOPT_AT_MEETING', 'EDIT_TEXT', 'OPEN_AD_REFERENDUM', 'WITHDRAW'],
      ],
      ['ad_referendum.collecting', () => inRound(), ROUND_EVENTS],
      ['ad_referendum.blocked', blocked, ROUND_EVENTS],
      [
        'ad_referendum.awaiting_decision',
        awaitingDecision,
        // The deadline has passed: neither it nor a reminder before it can come again.
        ROUND_EVENTS.filter((t) => t !== 'DEADLINE_PASSED' && t !== 'REMINDER_DUE'),
      ],
      ['adopted', () => run(inSomReview(), adoptAtMeeting()), []],
      ['not_adopted', () => run(blocked(), close()), []],
      ['withdrawn', () => run(inRound(), withdraw()), []],
    ];

    it.each(matrix)('%s accepts exactly its own events', (_name, fixture, accepted) => {
      const snapshot = fixture();
      const acceptedNow = STATEMENT_EVENT_TYPES.filter((t) => snapshot.can(sample(snapshot, t)));
      expect(acceptedNow.sort()).toEqual([...accepted].sort());
      for (const type of STATEMENT_EVENT_TYPES) {
        if (!accepted.includes(type)) {
          expectRefused(snapshot, sample(snapshot, type));
        } else if (type === 'REMINDER_DUE') {
          // A reminder changes no state (xstate even hands back the same snapshot object):
          // that it was taken shows in its one effect.
          const { snapshot: next, effects } = send(snapshot, sample(snapshot, type));
          expect(next.value).toEqual(snapshot.value);
          expect(next.context).toEqual(snapshot.context);
          expect(effects).toEqual([notify('reminder')]);
        } else {
          expect(send(snapshot, sample(snapshot, type)).snapshot).not.toBe(snapshot);
        }
      }
    });
  });

  describe('persistence', () => {
    const roundTrip = (snapshot: Snapshot): Snapshot =>
      statementMachine.resolveState(
        JSON.parse(JSON.stringify(statementMachine.getPersistedSnapshot(snapshot))),
      );

    it('a stored round restores and continues exactly as the live snapshot would', () => {
      const live = run(
        blocked(),
        record('BRN'),
        extend(july(14, 10), june(25)),
        deadlinePassed(july(14, 10)),
      );
      const restored = roundTrip(live);
      expect(restored.value).toEqual({ ad_referendum: 'blocked' });
      expect(restored.context).toEqual(live.context);

      const rest = [
        record('KHM', 'endorse', { at: july(15) }),
        record('IDN', 'endorse', { at: july(16) }),
      ];
      const fromLive = run(live, ...rest);
      const fromRestored = run(restored, ...rest);
      expect(fromRestored.value).toBe('adopted');
      expect(fromRestored.context).toEqual(fromLive.context);
      expect(fromRestored.context.adoption).toMatchObject({ basis: 'consensus', date: july(16) });
      expect(send(restored, rest[0]).effects).toEqual(send(live, rest[0]).effects);
    });

    it('a stored final state restores as done and still refuses WITHDRAW', () => {
      const restored = roundTrip(run(inSomReview(), adoptAtMeeting('20th SOM-ACCSM')));
      expect(restored.value).toBe('adopted');
      expect(restored.status).toBe('done');
      expect(restored.context.adoption?.meeting).toBe('20th SOM-ACCSM');
      expectRefused(restored, withdraw());
    });

    it('a stored draft restores and takes the next edit', () => {
      const restored = roundTrip(run(start(), edit(V2)));
      expect(restored.value).toBe('drafting');
      expect(run(restored, edit(V3), submit()).context.currentVersion).toEqual(V3);
    });
  });
});
