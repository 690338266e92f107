import type { OverviewPositionRow, OverviewRoundRow } from './overview.repository';

/** What a matrix cell says: a position, or why there is none. */
export const MATRIX_CELL_VALUES = [
  'endorse',
  'endorse_with_reservation',
  'object',
  'clearance_pending',
  'outstanding',
  'none',
  'not_in_electorate',
] as const;
export type MatrixCellValue = (typeof MATRIX_CELL_VALUES)[number];

/** Why an item is in a member's inbox. */
export const INBOX_REASONS = [
  'position_due',
  'clearance_pending',
  'objection_standing',
  'chair_decision',
] as const;
export type InboxItemReason = (typeof INBOX_REASONS)[number];

export interface MatrixCell {
  member: string;
  value: MatrixCellValue;
  /** When the position took effect; null without one. */
  at: string | null;
  /** An elector of the open round with no answer, or only "pending domestic clearance". */
  outstanding: boolean;
  /** Whether the position was given on the statement's current text; null without one. */
  onCurrentVersion: boolean | null;
  onBehalf: boolean;
}

/**
 * One cell, read as the statement's own page reads its `round` (the open one, or the last):
 * no round yet → none; not an elector of it → not_in_electorate; an elector without a position
 * → outstanding while the round is open, none once it closed.
 */
export function matrixCell(
  member: string,
  round: OverviewRoundRow | null,
  position: OverviewPositionRow | undefined,
  currentHash: string,
): MatrixCell {
  const empty = { member, at: null, outstanding: false, onCurrentVersion: null, onBehalf: false };
  if (!round) return { ...empty, value: 'none' };
  if (!round.electorate.includes(member)) return { ...empty, value: 'not_in_electorate' };
  if (!position) {
    return round.open
      ? { ...empty, value: 'outstanding', outstanding: true }
      : { ...empty, value: 'none' };
  }
  return {
    member,
    value: position.position as MatrixCellValue,
    at: position.takenAt.toISOString(),
    outstanding: round.open && position.position === 'clearance_pending',
    onCurrentVersion: position.versionHash === currentHash,
    onBehalf: position.onBehalf,
  };
}

/**
 * Why a statement awaits the member: `outstanding` (the projection) reads as clearance_pending
 * when the member's answer in the open round is "pending domestic clearance", else position_due.
 */
export function inboxReasons(
  reasons: string[],
  lastAnswer: OverviewPositionRow | undefined,
): InboxItemReason[] {
  const pending = lastAnswer?.roundOpen === true && lastAnswer.position === 'clearance_pending';
  const out: InboxItemReason[] = [];
  if (reasons.includes('outstanding')) out.push(pending ? 'clearance_pending' : 'position_due');
  if (reasons.includes('objection_standing')) out.push('objection_standing');
  if (reasons.includes('chair_decision')) out.push('chair_decision');
  return out;
}
