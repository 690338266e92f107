import type {
  PositionKind,
  RecordedPosition,
  Round,
  RoundState,
  SilenceRule,
} from './statement.types';

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

/** Why a position cannot be taken into this round, or null when it can. */
export function positionProblem(round: Round, position: RecordedPosition): string | null {
  if (!round.electorate.includes(position.member)) return 'member_not_in_electorate';
  if (position.versionHash !== round.version.hash) return 'version_not_circulated';
  return null;
}

export const withPosition = (round: Round, position: RecordedPosition): Round => ({
  ...round,
  positions: { ...round.positions, [position.member]: position },
});

export type Settlement = RoundState | 'adopted';

/**
 * Where a round stands after any change: an objection blocks; endorsements from every
 * elector adopt; once the deadline has passed, silence adopts under `silence_is_consent`
 * and leaves the chair to decide under `explicit`.
 */
export function settle(round: Round): Settlement {
  if (objectors(round).length > 0) return 'blocked';
  if (tally(round).endorsed === round.electorate.length) return 'adopted';
  if (round.deadlinePassed)
    return silenceAdopts(round.silenceRule) ? 'adopted' : 'awaiting_decision';
  return 'collecting';
}

const silenceAdopts = (rule: SilenceRule): boolean => rule === 'silence_is_consent';

/** Electors taken to consent by silence: no answer, or only "pending domestic clearance". */
export function deemedConsent(round: Round): string[] {
  return round.deadlinePassed && silenceAdopts(round.silenceRule) ? outstanding(round) : [];
}
