// The contract of the statement machine: its context, input, events and effects.
// Times are ISO 8601 strings carried by events; the machine never reads a clock.

export type SilenceRule = 'explicit' | 'silence_is_consent';
export const SILENCE_RULES: readonly SilenceRule[] = ['explicit', 'silence_is_consent'];

/** What a member may answer in an ad-referendum round. */
export type PositionKind = 'endorse' | 'endorse_with_reservation' | 'object' | 'clearance_pending';
export const POSITION_KINDS: readonly PositionKind[] = [
  'endorse',
  'endorse_with_reservation',
  'object',
  'clearance_pending',
];

/** One immutable text version, identified by its number and the sha256 of its body. */
export interface TextVersionRef {
  number: number;
  hash: string;
}

/** A member's position as recorded; a later one for the same member supersedes it. */
export interface RecordedPosition {
  member: string;
  position: PositionKind;
  versionHash: string;
  at: string;
  text?: string;
  reference?: string;
  /** True when the secretariat recorded it on the member's behalf (note verbale). */
  onBehalf: boolean;
  recordedBy: string;
}

export type RoundOutcome = 'adopted' | 'revised' | 'closed_without_adoption' | 'withdrawn';

/** An ad-referendum round: the circulated text, the deadline and the electorate fixed at opening. */
export interface Round {
  number: number;
  version: TextVersionRef;
  openedAt: string;
  deadline: string;
  silenceRule: SilenceRule;
  electorate: string[];
  positions: Record<string, RecordedPosition>;
  deadlineHistory: { deadline: string; setAt: string }[];
  /** Reminders before the deadline, as ISO 8601 durations such as P7D or PT12H. */
  reminderOffsets: string[];
  deadlinePassed: boolean;
  /**
   * Set when the deadline passes (machine version 2 on): electors whose answer then was only
   * "pending domestic clearance". Under `silence_is_consent` they leave the decision to the chair.
   */
  pendingClearance?: string[];
  closedAt: string | null;
  outcome: RoundOutcome | null;
}

export type AdoptionBasis = 'meeting' | 'consensus' | 'silence';

/** How and when the statement was adopted; `deemedConsent` lists members adopted over by silence. */
export interface Adoption {
  date: string;
  basis: AdoptionBasis;
  versionHash: string;
  roundNumber: number | null;
  /** The meeting as free text, for a meeting not (yet) in the reference data. */
  meeting: string | null;
  /** The meeting of the reference data, when the act named one by id. */
  meetingId?: string;
  deemedConsent: string[];
}

export interface StatementContext {
  currentVersion: TextVersionRef;
  /** The open round, or the last one once it closed; null before the first round. */
  round: Round | null;
  roundsOpened: number;
  adoption: Adoption | null;
  withdrawal: { reason: string; at: string } | null;
  closure: { reason: string | null; at: string } | null;
}

/** A new statement starts from its first text version. */
export interface StatementInput {
  version: TextVersionRef;
}

interface Timed {
  /** When the act took effect. */
  at: string;
}

export type StatementEvent =
  | ({ type: 'SUBMIT_TO_SOM' } & Timed)
  | ({ type: 'RETURN_FOR_REVISION'; note?: string } & Timed)
  | ({ type: 'APPROVE_IN_PRINCIPLE'; meeting?: string; meetingId?: string } & Timed)
  | ({ type: 'ADOPT_AT_MEETING'; meeting?: string; meetingId?: string } & Timed)
  | ({ type: 'EDIT_TEXT'; version: TextVersionRef } & Timed)
  | ({
      type: 'OPEN_AD_REFERENDUM';
      deadline: string;
      silenceRule: SilenceRule;
      electorate: string[];
      /** Defaults to DEFAULT_REMINDER_OFFSETS. */
      reminderOffsets?: string[];
    } & Timed)
  | ({ type: 'RECORD_POSITION'; position: RecordedPosition } & Timed)
  | ({ type: 'EXTEND_DEADLINE'; deadline: string } & Timed)
  | ({ type: 'DEADLINE_PASSED' } & Timed)
  | ({ type: 'REMINDER_DUE'; offset: string } & Timed)
  | ({ type: 'REVISE'; version?: TextVersionRef } & Timed)
  | ({ type: 'CLOSE_WITHOUT_ADOPTION'; reason?: string } & Timed)
  | ({ type: 'WITHDRAW'; reason: string } & Timed);

export type StatementEventType = StatementEvent['type'];

export const STATEMENT_EVENT_TYPES: readonly StatementEventType[] = [
  'SUBMIT_TO_SOM',
  'RETURN_FOR_REVISION',
  'APPROVE_IN_PRINCIPLE',
  'ADOPT_AT_MEETING',
  'EDIT_TEXT',
  'OPEN_AD_REFERENDUM',
  'RECORD_POSITION',
  'EXTEND_DEADLINE',
  'DEADLINE_PASSED',
  'REMINDER_DUE',
  'REVISE',
  'CLOSE_WITHOUT_ADOPTION',
  'WITHDRAW',
];

/** Seven days, two days and one day before the deadline. */
export const DEFAULT_REMINDER_OFFSETS: readonly string[] = ['P7D', 'P2D', 'P1D'];

export type NotificationKind =
  | 'reminder'
  | 'round_opened'
  | 'objection_lodged'
  | 'deadline_extended'
  | 'adopted'
  | 'not_adopted'
  | 'withdrawn'
  | 'revised';

/**
 * Effects the host runs after it has computed a transition, in the same database
 * transaction that stores the new snapshot.
 */
export type StatementEffect =
  | { type: 'openRound'; params: { round: Round } }
  | { type: 'storePosition'; params: { roundNumber: number; position: RecordedPosition } }
  | { type: 'moveDeadline'; params: { roundNumber: number; deadline: string } }
  | { type: 'closeRound'; params: { roundNumber: number; outcome: RoundOutcome; at: string } }
  /** Replace the round's pending deadline and reminder timers with ones for this deadline. */
  | {
      type: 'scheduleTimers';
      params: { roundNumber: number; deadline: string; reminderOffsets: string[] };
    }
  /** The round is over: its pending timers will not fire. */
  | { type: 'cancelTimers'; params: { roundNumber: number } }
  | { type: 'notify'; params: { kind: NotificationKind; roundNumber: number | null } };

export type StatementEffectType = StatementEffect['type'];

/** Top-level states; final ones are `adopted`, `withdrawn` and `not_adopted`. */
export type StatementState =
  | 'drafting'
  | 'som_review'
  | 'approved_in_principle'
  | 'ad_referendum'
  | 'adopted'
  | 'withdrawn'
  | 'not_adopted';

export const STATEMENT_STATES: readonly StatementState[] = [
  'drafting',
  'som_review',
  'approved_in_principle',
  'ad_referendum',
  'adopted',
  'withdrawn',
  'not_adopted',
];

/** Where an ad-referendum round stands. */
export type RoundState = 'collecting' | 'blocked' | 'awaiting_decision';
export const ROUND_STATES: readonly RoundState[] = ['collecting', 'blocked', 'awaiting_decision'];
