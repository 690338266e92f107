import { positionRefusal } from './refusal.util';
import type { PositionKind, RecordedPosition, Round, RoundState } from './statement.types';

const ENDORSING: ReadonlySet<PositionKind> = new Set(['endorse', 'endorse_with_reservation']);

export const isEndorsement = (position: PositionKind): boolean => ENDORSING.has(position);

export interface Tally {
  electorate: number;
  endorse: number;
  endorse_with_reservation: number;
  object: number;
  clearance_pending: number;
  /** Electors with no position yet. */
  none: number;
  /** Endorsements of either kind: the progress shown as "9/11". */
  endorsed: number;
}

export function tally(round: Round): Tally {
  const counts: Tally = {
    electorate: round.electorate.length,
    endorse: 0,
    endorse_with_reservation: 0,
    object: 0,
    clearance_pending: 0,
    none: 0,
    endorsed: 0,
  };
  for (const member of round.electorate) {
    const recorded = round.positions[member];
    if (!recorded) {
      counts.none += 1;
      continue;
    }
    counts[recorded.position] += 1;
    if (isEndorsement(recorded.position)) counts.endorsed += 1;
  }
  return counts;
}

/** Electors whose government has not yet endorsed or objected ("pending clearance" is not an answer). */
export function outstanding(round: Round): string[] {
  return round.electorate.filter((member) => {
    const recorded = round.positions[member];
    return !recorded || recorded.position === 'clearance_pending';
  });
}

export function objectors(round: Round): string[] {
  return round.electorate.filter((member) => round.positions[member]?.position === 'object');
}

/** Why a position does not fit its round (refusal.util.ts decides), or null when it does. */
export const positionProblem = (round: Round, position: RecordedPosition): string | null =>
  positionRefusal(round, position)?.reason ?? null;

export const withPosition = (round: Round, position: RecordedPosition): Round => ({
  ...round,
  positions: { ...round.positions, [position.member]: position },
});

export type Settlement = RoundState | 'adopted';

/**
 * How a deadline reads the answers given. Machine version 1 took "pending domestic clearance"
 * as consent under `silence_is_consent`; from version 2 it is not consent (DESIGN.md §6), and
 * statements keep the reading of the machine version they started on.
 */
export interface SilenceReading {
  pendingClearanceConsents: boolean;
}

export const SILENCE_READING_V1: SilenceReading = { pendingClearanceConsents: true };
export const SILENCE_READING: SilenceReading = { pendingClearanceConsents: false };

/** Electors whose latest answer is "pending domestic clearance". */
export function pendingClearance(round: Round): string[] {
  return round.electorate.filter(
    (member) => round.positions[member]?.position === 'clearance_pending',
  );
}

/** Electors who have given no answer at all. */
export function silent(round: Round): string[] {
  return round.electorate.filter((member) => !round.positions[member]);
}

/**
 * Where a round stands after any change: an objection blocks; endorsements from every
 * elector adopt; once the deadline has passed, silence adopts under `silence_is_consent`
 * unless a member is still pending clearance, and leaves the chair to decide otherwise.
 */
export function settle(round: Round, reading: SilenceReading = SILENCE_READING): Settlement {
  if (objectors(round).length > 0) return 'blocked';
  if (tally(round).endorsed === round.electorate.length) return 'adopted';
  if (round.deadlinePassed) return silenceAdopts(round, reading) ? 'adopted' : 'awaiting_decision';
  return 'collecting';
}

const silenceAdopts = (round: Round, reading: SilenceReading): boolean =>
  round.silenceRule === 'silence_is_consent' &&
  (reading.pendingClearanceConsents || pendingClearance(round).length === 0);

/**
 * Electors taken to consent by silence once the deadline has passed: those who said nothing
 * (version 1 also counted those only "pending domestic clearance").
 */
export function deemedConsent(round: Round, reading: SilenceReading = SILENCE_READING): string[] {
  if (!round.deadlinePassed || !silenceAdopts(round, reading)) return [];
  return reading.pendingClearanceConsents ? outstanding(round) : silent(round);
}
