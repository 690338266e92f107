import type {
  RecordedPosition,
  Round,
  StatementContext,
  StatementEvent,
  TextVersionRef,
} from './statement.types';

/**
 * Why the procedure refuses an event. Decided here once: the machine's guards ask these
 * functions, and the host maps each reason to its own error code (src/engine/refusal-codes.ts).
 */
export const REFUSAL_REASONS = [
  /** The statement's state does not take this act at all. */
  'event_not_allowed',
  /** The text can be edited only in drafting or after approval in principle. */
  'text_not_editable',
  /** A new text version must be the next number. */
  'version_not_next',
  /** The round this act belongs to has closed. */
  'round_closed',
  'member_not_in_electorate',
  /** A position names another text than the one the round circulates. */
  'version_not_circulated',
  /** DEADLINE_PASSED before the deadline. */
  'deadline_not_passed',
  /** DEADLINE_PASSED a second time. */
  'deadline_already_passed',
  /** An extension must move the deadline later. */
  'deadline_not_later',
  /** A deadline must be later than the act that sets it. */
  'deadline_not_in_future',
  /** A round needs electors, each once. */
  'electorate_empty',
  'electorate_duplicated',
  /** A reminder after the deadline, or of a closed round, says nothing. */
  'reminder_not_due',
] as const;

export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface Refusal {
  reason: RefusalReason;
  /** Plain words for people; the reason is what programs read. */
  message: string;
  details?: Record<string, unknown>;
}

const later = (a: string, b: string): boolean => Date.parse(a) > Date.parse(b);

/** Why a position does not fit its round, or null when it does. */
export function positionRefusal(round: Round, position: RecordedPosition): Refusal | null {
  if (!round.electorate.includes(position.member)) {
    return {
      reason: 'member_not_in_electorate',
      message: `${position.member} is not in the electorate of round ${round.number} (${round.electorate.join(', ')})`,
    };
  }
  if (position.versionHash !== round.version.hash) {
    return {
      reason: 'version_not_circulated',
      message: `versionHash is not the circulated text: round ${round.number} circulates version ${round.version.number} (${round.version.hash})`,
      details: { circulated: round.version },
    };
  }
  return null;
}

type RoundEvent = Extract<
  StatementEvent,
  { type: 'RECORD_POSITION' | 'DEADLINE_PASSED' | 'EXTEND_DEADLINE' }
>;

/** Why a round event does not fit the round, or null when it does. */
export function roundEventRefusal(round: Round | null, event: RoundEvent): Refusal | null {
  if (!round || round.closedAt) {
    return { reason: 'round_closed', message: 'no ad-referendum round is open' };
  }
  switch (event.type) {
    case 'RECORD_POSITION':
      return positionRefusal(round, event.position);
    case 'DEADLINE_PASSED':
      if (round.deadlinePassed) {
        return {
          reason: 'deadline_already_passed',
          message: `the deadline (${round.deadline}) has passed already`,
        };
      }
      if (later(round.deadline, event.at)) {
        return {
          reason: 'deadline_not_passed',
          message: `the deadline (${round.deadline}) has not passed yet`,
        };
      }
      return null;
    case 'EXTEND_DEADLINE':
      if (!later(event.deadline, round.deadline)) {
        return {
          reason: 'deadline_not_later',
          message: `the new deadline (${event.deadline}) must be later than the current one (${round.deadline})`,
          details: { field: 'deadline' },
        };
      }
      if (!later(event.deadline, event.at)) {
        return {
          reason: 'deadline_not_in_future',
          message: `the new deadline (${event.deadline}) must be later than the act that sets it (${event.at})`,
          details: { field: 'deadline' },
        };
      }
      return null;
  }
}

/** Why a new text version (EDIT_TEXT, or REVISE with a text) is refused, or null. */
export function versionRefusal(context: StatementContext, version: TextVersionRef): Refusal | null {
  if (version.number === context.currentVersion.number + 1) return null;
  return {
    reason: 'version_not_next',
    message: `the new text must be version ${context.currentVersion.number + 1}, not ${version.number}`,
  };
}

/** Why a round cannot open with this event, or null. */
export function openingRefusal(
  event: Extract<StatementEvent, { type: 'OPEN_AD_REFERENDUM' }>,
): Refusal | null {
  if (event.electorate.length === 0) {
    return {
      reason: 'electorate_empty',
      message: `the framework has no members on the day the round opens (${event.at.slice(0, 10)})`,
    };
  }
  if (new Set(event.electorate).size !== event.electorate.length) {
    return { reason: 'electorate_duplicated', message: 'an elector is listed twice' };
  }
  if (!later(event.deadline, event.at)) {
    return {
      reason: 'deadline_not_in_future',
      message: `the deadline (${event.deadline}) must be later than the opening (${event.at})`,
      details: { field: 'deadline' },
    };
  }
  return null;
}

/** Why a reminder is not sent, or null when it is still useful. */
export function reminderRefusal(round: Round | null, at: string): Refusal | null {
  if (round && !round.closedAt && !round.deadlinePassed && later(round.deadline, at)) return null;
  return { reason: 'reminder_not_due', message: 'the round has closed or its deadline has passed' };
}

/**
 * Why the machine refused `event`, which the current state either does not take at all
 * (`accepted` false) or took but whose guard said no. The guards ask the same functions.
 */
export function refusalOf(
  state: string,
  context: StatementContext,
  event: StatementEvent,
  accepted: boolean,
): Refusal {
  const refused = accepted ? guardRefusal(context, event) : null;
  if (refused) return refused;
  if (event.type === 'EDIT_TEXT' && !accepted) {
    return {
      reason: 'text_not_editable',
      message: `the text can be edited only in drafting or approved_in_principle; the statement is ${state}`,
    };
  }
  if (event.type === 'RECORD_POSITION' && !accepted) {
    return {
      reason: context.round?.closedAt ? 'round_closed' : 'event_not_allowed',
      message: `no ad-referendum round is open; the statement is ${state}`,
    };
  }
  return {
    reason: 'event_not_allowed',
    message: `${event.type} is not allowed while the statement is ${state}`,
  };
}

function guardRefusal(context: StatementContext, event: StatementEvent): Refusal | null {
  switch (event.type) {
    case 'RECORD_POSITION':
    case 'DEADLINE_PASSED':
    case 'EXTEND_DEADLINE':
      return roundEventRefusal(context.round, event);
    case 'EDIT_TEXT':
      return versionRefusal(context, event.version);
    case 'REVISE':
      return event.version ? versionRefusal(context, event.version) : null;
    case 'OPEN_AD_REFERENDUM':
      return openingRefusal(event);
    case 'REMINDER_DUE':
      return reminderRefusal(context.round, event.at);
    default:
      return null;
  }
}
