import { assign, enqueueActions, not, or, setup, stateIn } from 'xstate';
import {
  deemedConsent,
  pendingClearance,
  settle,
  SILENCE_READING,
  SILENCE_READING_V1,
  tally,
  withPosition,
} from './round.util';
import type { SilenceReading, Settlement } from './round.util';
import { openingRefusal, reminderRefusal, roundEventRefusal, versionRefusal } from './refusal.util';
import type {
  Adoption,
  Round,
  RoundOutcome,
  StatementContext,
  StatementEffect,
  StatementEvent,
  StatementInput,
  NotificationKind,
} from './statement.types';
import { DEFAULT_REMINDER_OFFSETS } from './statement.types';

/**
 * Bump when the machine changes shape or reading; stored statements keep the version they
 * started on. 2: "pending domestic clearance" is no longer consent at the deadline.
 */
export const STATEMENT_MACHINE_VERSION = 2;

type RoundEvent = Extract<
  StatementEvent,
  { type: 'RECORD_POSITION' | 'DEADLINE_PASSED' | 'EXTEND_DEADLINE' }
>;

// Effect objects are checked against StatementEffect; xstate cannot type actions enqueued by
// actions declared in the same setup() call.
const effect = (value: StatementEffect): never => value as never;

/** The round as the event would leave it, or null when the event does not fit the round. */
export function roundAfter(
  round: Round | null,
  event: RoundEvent,
  reading: SilenceReading = SILENCE_READING,
): Round | null {
  if (!round || roundEventRefusal(round, event)) return null;
  switch (event.type) {
    case 'RECORD_POSITION':
      return withPosition(round, event.position);
    case 'DEADLINE_PASSED':
      return reading.pendingClearanceConsents
        ? { ...round, deadlinePassed: true }
        : // Named in the round: the members the deadline found still clearing the text.
          { ...round, deadlinePassed: true, pendingClearance: pendingClearance(round) };
    case 'EXTEND_DEADLINE':
      return {
        ...round,
        deadline: event.deadline,
        deadlinePassed: false,
        deadlineHistory: [...round.deadlineHistory, { deadline: event.deadline, setAt: event.at }],
      };
  }
}

function adoptionOf(round: Round, event: RoundEvent, reading: SilenceReading): Adoption {
  const consensus = tally(round).endorsed === round.electorate.length;
  return {
    // Consensus dates from the last endorsement; silence from the deadline (DESIGN.md §1).
    date: event.type === 'DEADLINE_PASSED' && !consensus ? round.deadline : event.at,
    basis: consensus ? 'consensus' : 'silence',
    versionHash: round.version.hash,
    roundNumber: round.number,
    meeting: null,
    deemedConsent: consensus ? [] : deemedConsent(round, reading),
  };
}

const scheduleTimers = (round: Round): StatementEffect => ({
  type: 'scheduleTimers',
  params: {
    roundNumber: round.number,
    deadline: round.deadline,
    reminderOffsets: round.reminderOffsets ?? [],
  },
});

const closed = (round: Round | null, outcome: RoundOutcome, at: string): Round | null =>
  round && !round.closedAt ? { ...round, closedAt: at, outcome } : round;

/** The statement machine reading silence as `reading` says (see the machine versions below). */
const createStatementMachine = (reading: SilenceReading) =>
  setup({
    types: {
      context: {} as StatementContext,
      events: {} as StatementEvent,
      input: {} as StatementInput,
    },
    actions: {
      // Effects: the host runs these after the transition, inside the same transaction.
      openRound: (_, _params: Extract<StatementEffect, { type: 'openRound' }>['params']) => {},
      storePosition: (
        _,
        _params: Extract<StatementEffect, { type: 'storePosition' }>['params'],
      ) => {},
      moveDeadline: (
        _,
        _params: Extract<StatementEffect, { type: 'moveDeadline' }>['params'],
      ) => {},
      closeRound: (_, _params: Extract<StatementEffect, { type: 'closeRound' }>['params']) => {},
      notify: (_, _params: Extract<StatementEffect, { type: 'notify' }>['params']) => {},
      scheduleTimers: (
        _,
        _params: Extract<StatementEffect, { type: 'scheduleTimers' }>['params'],
      ) => {},
      cancelTimers: (
        _,
        _params: Extract<StatementEffect, { type: 'cancelTimers' }>['params'],
      ) => {},

      applyRoundEvent: assign({
        round: ({ context, event }) =>
          roundAfter(context.round, event as RoundEvent, reading) ?? context.round,
      }),
      adoptByRound: assign({
        adoption: ({ context, event }) => adoptionOf(context.round!, event as RoundEvent, reading),
        round: ({ context, event }) => closed(context.round, 'adopted', event.at),
      }),
      adoptAtMeeting: assign({
        adoption: ({ context, event }) => ({
          date: event.at,
          basis: 'meeting' as const,
          versionHash: context.currentVersion.hash,
          roundNumber: null,
          meeting: event.type === 'ADOPT_AT_MEETING' ? (event.meeting ?? null) : null,
          deemedConsent: [],
          // Only when given, so that adoptions recorded before meetings had ids replay unchanged.
          ...(event.type === 'ADOPT_AT_MEETING' && event.meetingId
            ? { meetingId: event.meetingId }
            : {}),
        }),
      }),
      closeOpenRound: enqueueActions(
        ({ context, event, enqueue }, params: { outcome: RoundOutcome }) => {
          // Runs after the assign that closed the round, so a closed round carries this outcome.
          const round = context.round;
          if (round?.outcome !== params.outcome || round.closedAt !== event.at) return;
          enqueue(
            effect({
              type: 'closeRound',
              params: { roundNumber: round.number, outcome: params.outcome, at: event.at },
            }),
          );
          enqueue(effect({ type: 'cancelTimers', params: { roundNumber: round.number } }));
        },
      ),
      openRoundEffect: enqueueActions(({ context, enqueue }) => {
        const round = context.round!;
        enqueue(effect({ type: 'openRound', params: { round } }));
        enqueue(effect(scheduleTimers(round)));
      }),
      storePositionEffect: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'RECORD_POSITION') return;
        enqueue(
          effect({
            type: 'storePosition',
            params: { roundNumber: context.round!.number, position: event.position },
          }),
        );
      }),
      moveDeadlineEffect: enqueueActions(({ context, enqueue }) => {
        const round = context.round!;
        enqueue(
          effect({
            type: 'moveDeadline',
            params: { roundNumber: round.number, deadline: round.deadline },
          }),
        );
        enqueue(effect(scheduleTimers(round)));
      }),
      // Only an objection lodges one: an endorsement recorded while another member's objection
      // stands also leaves the round blocked, but must not announce a new objection.
      announceObjection: enqueueActions(({ context, event, enqueue }) => {
        if (event.type !== 'RECORD_POSITION' || event.position.position !== 'object') return;
        enqueue(
          effect({
            type: 'notify',
            params: { kind: 'objection_lodged', roundNumber: context.round?.number ?? null },
          }),
        );
      }),
      announce: enqueueActions(({ context, enqueue }, params: { kind: NotificationKind }) => {
        enqueue(
          effect({
            type: 'notify',
            params: { kind: params.kind, roundNumber: context.round?.number ?? null },
          }),
        );
      }),
    },
    guards: {
      roundSettlesAs: ({ context, event }, params: { settlement: Settlement }) => {
        const next = roundAfter(context.round, event as RoundEvent, reading);
        return next !== null && settle(next, reading) === params.settlement;
      },
      // Each guard asks refusal.util.ts, which also tells the host why an event was refused.
      isNextVersion: ({ context, event }) =>
        event.type === 'EDIT_TEXT' && !versionRefusal(context, event.version),
      reminderStillUseful: ({ context, event }) =>
        event.type === 'REMINDER_DUE' && !reminderRefusal(context.round, event.at),
      revisionVersionFits: ({ context, event }) =>
        event.type === 'REVISE' && (!event.version || !versionRefusal(context, event.version)),
      roundCanOpen: ({ event }) => event.type === 'OPEN_AD_REFERENDUM' && !openingRefusal(event),
      // The host runs pure transition() on stored snapshots, which does not stop at a final
      // state: without this guard the root-level WITHDRAW would move an adopted statement.
      notFinal: not(or([stateIn('adopted'), stateIn('withdrawn'), stateIn('not_adopted')])),
    },
  }).createMachine({
    id: 'statement',
    description:
      'A statement of an intergovernmental body, from first draft to adoption by consensus, ' +
      'at a meeting or by ad referendum.',
    context: ({ input }) => ({
      currentVersion: input.version,
      round: null,
      roundsOpened: 0,
      adoption: null,
      withdrawal: null,
      closure: null,
    }),
    initial: 'drafting',
    on: {
      // Every non-final state may be withdrawn; final states ignore it.
      WITHDRAW: {
        guard: 'notFinal',
        target: '.withdrawn',
        actions: [
          assign({
            withdrawal: ({ event }) => ({ reason: event.reason, at: event.at }),
            round: ({ context, event }) => closed(context.round, 'withdrawn', event.at),
          }),
          { type: 'closeOpenRound', params: { outcome: 'withdrawn' } },
          { type: 'announce', params: { kind: 'withdrawn' } },
        ],
      },
    },
    states: {
      drafting: {
        description: "The chair's secretariat drafts the text; it may be edited freely.",
        on: {
          SUBMIT_TO_SOM: { target: 'som_review' },
          EDIT_TEXT: {
            guard: 'isNextVersion',
            actions: assign({ currentVersion: ({ event }) => event.version }),
          },
        },
      },
      som_review: {
        description: 'The Senior Officials Meeting reviews the draft.',
        on: {
          RETURN_FOR_REVISION: { target: 'drafting' },
          APPROVE_IN_PRINCIPLE: { target: 'approved_in_principle' },
          ADOPT_AT_MEETING: {
            target: 'adopted',
            actions: ['adoptAtMeeting', { type: 'announce', params: { kind: 'adopted' } }],
          },
        },
      },
      approved_in_principle: {
        description:
          'SOM approved the statement in principle; the chair finalises the text before it is ' +
          'circulated for ad-referendum endorsement.',
        on: {
          EDIT_TEXT: {
            guard: 'isNextVersion',
            actions: assign({ currentVersion: ({ event }) => event.version }),
          },
          ADOPT_AT_MEETING: {
            target: 'adopted',
            actions: ['adoptAtMeeting', { type: 'announce', params: { kind: 'adopted' } }],
          },
          OPEN_AD_REFERENDUM: {
            guard: 'roundCanOpen',
            target: 'ad_referendum',
            actions: [
              assign(({ context, event }) => {
                const round: Round = {
                  number: context.roundsOpened + 1,
                  version: context.currentVersion,
                  openedAt: event.at,
                  deadline: event.deadline,
                  silenceRule: event.silenceRule,
                  electorate: [...event.electorate],
                  positions: {},
                  deadlineHistory: [{ deadline: event.deadline, setAt: event.at }],
                  reminderOffsets: [...(event.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS)],
                  deadlinePassed: false,
                  closedAt: null,
                  outcome: null,
                };
                return { round, roundsOpened: round.number };
              }),
              'openRoundEffect',
              { type: 'announce', params: { kind: 'round_opened' } },
            ],
          },
        },
      },
      ad_referendum: {
        description:
          'The final text is circulated; each elector records its government’s position on that ' +
          'exact text by the deadline.',
        initial: 'collecting',
        on: {
          RECORD_POSITION: [
            {
              guard: { type: 'roundSettlesAs', params: { settlement: 'adopted' } },
              target: 'adopted',
              actions: [
                'applyRoundEvent',
                'storePositionEffect',
                'adoptByRound',
                { type: 'closeOpenRound', params: { outcome: 'adopted' } },
                { type: 'announce', params: { kind: 'adopted' } },
              ],
            },
            {
              guard: { type: 'roundSettlesAs', params: { settlement: 'blocked' } },
              target: '.blocked',
              actions: ['applyRoundEvent', 'storePositionEffect', 'announceObjection'],
            },
            {
              guard: { type: 'roundSettlesAs', params: { settlement: 'awaiting_decision' } },
              target: '.awaiting_decision',
              actions: ['applyRoundEvent', 'storePositionEffect'],
            },
            {
              guard: { type: 'roundSettlesAs', params: { settlement: 'collecting' } },
              target: '.collecting',
              actions: ['applyRoundEvent', 'storePositionEffect'],
            },
          ],
          EXTEND_DEADLINE: [
            {
              guard: { type: 'roundSettlesAs', params: { settlement: 'blocked' } },
              target: '.blocked',
              actions: [
                'applyRoundEvent',
                'moveDeadlineEffect',
                { type: 'announce', params: { kind: 'deadline_extended' } },
              ],
            },
            {
              guard: { type: 'roundSettlesAs', params: { settlement: 'collecting' } },
              target: '.collecting',
              actions: [
                'applyRoundEvent',
                'moveDeadlineEffect',
                { type: 'announce', params: { kind: 'deadline_extended' } },
              ],
            },
          ],
          // A reminder goes only while the deadline is still ahead; it names who is outstanding.
          REMINDER_DUE: {
            guard: 'reminderStillUseful',
            actions: { type: 'announce', params: { kind: 'reminder' } },
          },
          REVISE: {
            guard: 'revisionVersionFits',
            target: 'approved_in_principle',
            actions: [
              assign({
                round: ({ context, event }) => closed(context.round, 'revised', event.at),
                currentVersion: ({ context, event }) => event.version ?? context.currentVersion,
              }),
              { type: 'closeOpenRound', params: { outcome: 'revised' } },
              { type: 'announce', params: { kind: 'revised' } },
            ],
          },
          CLOSE_WITHOUT_ADOPTION: {
            target: 'not_adopted',
            actions: [
              assign({
                round: ({ context, event }) =>
                  closed(context.round, 'closed_without_adoption', event.at),
                closure: ({ event }) => ({ reason: event.reason ?? null, at: event.at }),
              }),
              { type: 'closeOpenRound', params: { outcome: 'closed_without_adoption' } },
              { type: 'announce', params: { kind: 'not_adopted' } },
            ],
          },
        },
        states: {
          collecting: {
            description: 'Positions are coming in; no objection stands.',
            on: {
              DEADLINE_PASSED: [
                {
                  guard: { type: 'roundSettlesAs', params: { settlement: 'adopted' } },
                  target: '#statement.adopted',
                  actions: [
                    'applyRoundEvent',
                    'adoptByRound',
                    { type: 'closeOpenRound', params: { outcome: 'adopted' } },
                    { type: 'announce', params: { kind: 'adopted' } },
                  ],
                },
                {
                  guard: { type: 'roundSettlesAs', params: { settlement: 'awaiting_decision' } },
                  target: 'awaiting_decision',
                  actions: 'applyRoundEvent',
                },
              ],
            },
          },
          blocked: {
            description:
              'An objection stands: consensus is broken until the objector withdraws it, or the ' +
              'chair revises the text, closes the round or withdraws the statement.',
            on: {
              // The deadline passing changes nothing while an objection stands, but is recorded.
              DEADLINE_PASSED: {
                guard: { type: 'roundSettlesAs', params: { settlement: 'blocked' } },
                actions: 'applyRoundEvent',
              },
            },
          },
          awaiting_decision: {
            description: reading.pendingClearanceConsents
              ? 'The deadline passed under the explicit rule with answers missing: the chair ' +
                'extends the deadline, revises the text or closes the round; late answers still count.'
              : 'The deadline passed with answers missing under the explicit rule, or with members ' +
                'still pending domestic clearance under silence_is_consent (named in the round): ' +
                'the chair extends the deadline, revises the text or closes the round; late answers ' +
                'still count.',
          },
        },
      },
      adopted: {
        type: 'final',
        description:
          'Adopted by consensus: at a meeting, by every elector’s endorsement, or by silence.',
      },
      withdrawn: { type: 'final', description: 'The chair withdrew the statement.' },
      not_adopted: {
        type: 'final',
        description: 'The ad-referendum round closed without consensus.',
      },
    },
  });

/** The current machine: new statements start on it. */
export const statementMachine = createStatementMachine(SILENCE_READING);

/** Version 1, kept for statements that started on it: pending clearance consented by silence. */
export const statementMachineV1 = createStatementMachine(SILENCE_READING_V1);
