import { getShortestPaths } from '@xstate/graph';
import { initialTransition, transition } from 'xstate';
import type { SnapshotFrom, StateValue } from 'xstate';
import { statementMachine } from './statement.machine';
import { POSITION_KINDS, ROUND_STATES, SILENCE_RULES, STATEMENT_STATES } from './statement.types';
import type {
  AdoptionBasis,
  RoundOutcome,
  StatementEvent,
  StatementEventType,
} from './statement.types';

type Snapshot = SnapshotFrom<typeof statementMachine>;

const INPUT = { version: { number: 1, hash: 'sha256:4be8c1d0' } };
const ELECTORATE = ['BRN', 'KHM'];
const BEFORE_DEADLINE = '2025-06-10T09:00:00.000Z';
const OPENED = '2025-06-02T09:00:00.000Z';
const DEADLINE = '2025-06-30T10:00:00.000Z';
const DAY = 24 * 3600 * 1000;
const WEEK = 7 * DAY;

/**
 * Concrete sample events for a snapshot: every event type with well-formed payloads, and in a
 * round, every position kind from every elector on the circulated text.
 */
function sampleEvents(snapshot: Snapshot): StatementEvent[] {
  const { currentVersion } = snapshot.context;
  const round = snapshot.context.round?.closedAt ? null : snapshot.context.round;
  const at = BEFORE_DEADLINE;
  const events: StatementEvent[] = [
    { type: 'SUBMIT_TO_SOM', at },
    { type: 'RETURN_FOR_REVISION', at, note: 'Shorten the preamble' },
    { type: 'APPROVE_IN_PRINCIPLE', at, meeting: '23rd SOM-ACCSM' },
    { type: 'ADOPT_AT_MEETING', at, meeting: '23rd SOM-ACCSM' },
    {
      type: 'EDIT_TEXT',
      at,
      version: { number: currentVersion.number + 1, hash: `sha256:v${currentVersion.number + 1}` },
    },
    ...SILENCE_RULES.map((silenceRule): StatementEvent => ({
      type: 'OPEN_AD_REFERENDUM',
      at: OPENED,
      deadline: DEADLINE,
      silenceRule,
      electorate: ELECTORATE,
    })),
    { type: 'REVISE', at },
    { type: 'CLOSE_WITHOUT_ADOPTION', at, reason: 'No consensus' },
    { type: 'WITHDRAW', at, reason: 'Overtaken by events' },
  ];
  if (round) {
    for (const member of round.electorate) {
      for (const kind of POSITION_KINDS) {
        events.push({
          type: 'RECORD_POSITION',
          at,
          position: {
            member,
            position: kind,
            versionHash: round.version.hash,
            at,
            onBehalf: false,
            recordedBy: `focal-point-${member.toLowerCase()}`,
          },
        });
      }
    }
    const nextDeadline = new Date(Date.parse(round.deadline) + WEEK).toISOString();
    events.push(
      { type: 'DEADLINE_PASSED', at: round.deadline },
      { type: 'EXTEND_DEADLINE', at: round.deadline, deadline: nextDeadline },
      {
        type: 'REMINDER_DUE',
        at: new Date(Date.parse(round.deadline) - DAY).toISOString(),
        offset: 'P1D',
      },
    );
  }
  return events;
}

const stateNames = (value: StateValue): string[] =>
  typeof value === 'string'
    ? [value]
    : Object.entries(value).flatMap(([parent, child]) => [
        parent,
        ...(child ? stateNames(child).map((name) => `${parent}.${name}`) : []),
      ]);

const ALL_STATES = [
  ...STATEMENT_STATES,
  ...ROUND_STATES.map((roundState) => `ad_referendum.${roundState}`),
];

/** Shortest paths from the initial state to every distinct state value the events reach. */
function pathsWith(events: (snapshot: Snapshot) => StatementEvent[]) {
  return getShortestPaths(statementMachine, {
    input: INPUT,
    events,
    serializeState: (snapshot) => JSON.stringify(snapshot.value),
  });
}

function unreached(events: (snapshot: Snapshot) => StatementEvent[]): string[] {
  const reached = new Set(pathsWith(events).flatMap((path) => stateNames(path.state.value)));
  return ALL_STATES.filter((name) => !reached.has(name));
}

/** The events a path sends after the start (its first step is @xstate/graph's `xstate.init`). */
const sentEvents = (path: { steps: { event: StatementEvent }[] }): StatementEvent[] =>
  path.steps.map((step) => step.event).filter((event) => (event.type as string) !== 'xstate.init');

const without =
  (...types: StatementEventType[]) =>
  (snapshot: Snapshot) =>
    sampleEvents(snapshot).filter((event) => !types.includes(event.type));

describe(`${statementMachine.id} reachability`, () => {
  it('names every top-level and round state of the machine', () => {
    // Guards the list below against drifting from the machine definition.
    expect(Object.keys(statementMachine.root.states).sort()).toEqual([...STATEMENT_STATES].sort());
    expect(Object.keys(statementMachine.root.states.ad_referendum.states).sort()).toEqual(
      [...ROUND_STATES].sort(),
    );
    expect(ALL_STATES).toHaveLength(10);
  });

  it('reaches every state, final ones included, from the initial state', () => {
    expect(unreached(sampleEvents)).toEqual([]);
  });

  it('each shortest path replays with pure transition() to the state it claims', () => {
    const paths = pathsWith(sampleEvents);
    // One path per distinct state value: every state but the parent ad_referendum itself.
    expect(paths).toHaveLength(ALL_STATES.length - 1);
    for (const path of paths) {
      let [snapshot] = initialTransition(statementMachine, INPUT);
      for (const event of sentEvents(path)) {
        expect(snapshot.can(event)).toBe(true);
        [snapshot] = transition(statementMachine, snapshot, event);
      }
      expect(snapshot.value).toEqual(path.state.value);
    }
  });

  it('reaches each state along the expected shortest route', () => {
    const routes = Object.fromEntries(
      pathsWith(sampleEvents).map((path) => [
        stateNames(path.state.value).at(-1),
        sentEvents(path).map((event) => event.type),
      ]),
    );
    expect(routes.drafting).toEqual([]);
    expect(routes.som_review).toEqual(['SUBMIT_TO_SOM']);
    expect(routes.approved_in_principle).toEqual(['SUBMIT_TO_SOM', 'APPROVE_IN_PRINCIPLE']);
    const toRound = ['SUBMIT_TO_SOM', 'APPROVE_IN_PRINCIPLE', 'OPEN_AD_REFERENDUM'];
    expect(routes['ad_referendum.collecting']).toEqual(toRound);
    expect(routes['ad_referendum.blocked']).toEqual([...toRound, 'RECORD_POSITION']);
    expect(routes['ad_referendum.awaiting_decision']).toEqual([...toRound, 'DEADLINE_PASSED']);
    expect(routes.not_adopted).toEqual([...toRound, 'CLOSE_WITHOUT_ADOPTION']);
    expect(routes.adopted).toEqual(['SUBMIT_TO_SOM', 'ADOPT_AT_MEETING']);
    expect(routes.withdrawn).toEqual(['WITHDRAW']);
  });

  it('reaches every adoption basis and every round outcome', () => {
    const paths = getShortestPaths(statementMachine, {
      input: INPUT,
      events: sampleEvents,
      // Tell rounds apart by rule, answers and deadline, so that the traversal goes on to the
      // second endorsement and to the deadline under each rule.
      serializeState: ({ value, context: { adoption, round } }) =>
        JSON.stringify([
          value,
          adoption?.basis ?? null,
          round && {
            outcome: round.outcome,
            silenceRule: round.silenceRule,
            deadlinePassed: round.deadlinePassed,
            positions: round.electorate.map((member) => round.positions[member]?.position ?? null),
          },
        ]),
    });
    const bases = new Set(paths.map((path) => path.state.context.adoption?.basis));
    const outcomes = new Set(paths.map((path) => path.state.context.round?.outcome));
    const allBases: AdoptionBasis[] = ['meeting', 'consensus', 'silence'];
    const allOutcomes: RoundOutcome[] = [
      'adopted',
      'revised',
      'closed_without_adoption',
      'withdrawn',
    ];
    expect(allBases.filter((basis) => !bases.has(basis))).toEqual([]);
    expect(allOutcomes.filter((outcome) => !outcomes.has(outcome))).toEqual([]);
  });

  it('a reminder never moves a statement: taken only before a round deadline passes', () => {
    const paths = getShortestPaths(statementMachine, {
      input: INPUT,
      events: sampleEvents,
      serializeState: ({ value, context: { round } }) =>
        JSON.stringify([value, round?.deadlinePassed ?? null]),
    });
    const reminders = paths.flatMap((path) =>
      sampleEvents(path.state)
        .filter((event) => event.type === 'REMINDER_DUE')
        .map((event) => [path.state, event] as const),
    );
    // Every round state, and blocked both before and after its deadline passed.
    expect(reminders).toHaveLength(ROUND_STATES.length + 1);
    for (const [snapshot, event] of reminders) {
      const open = !snapshot.context.round?.closedAt && !snapshot.context.round?.deadlinePassed;
      expect(snapshot.can(event)).toBe(open);
      const [next] = transition(statementMachine, snapshot, event);
      expect(next.value).toEqual(snapshot.value);
      expect(next.context).toEqual(snapshot.context);
    }
  });

  it('reports the states left unreached when sample events are missing', () => {
    // The check above is not vacuous: without these events, states go missing.
    expect(unreached(without('DEADLINE_PASSED'))).toEqual(['ad_referendum.awaiting_decision']);
    expect(unreached(without('OPEN_AD_REFERENDUM'))).toEqual([
      'ad_referendum',
      'not_adopted',
      'ad_referendum.collecting',
      'ad_referendum.blocked',
      'ad_referendum.awaiting_decision',
    ]);
    expect(unreached(without('WITHDRAW'))).toEqual(['withdrawn']);
  });
});
