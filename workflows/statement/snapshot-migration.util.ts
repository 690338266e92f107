import { pendingClearance } from './round.util';
import type { Round, StatementContext } from './statement.types';

/**
 * A statement's snapshot as the runtime stores it (xstate's persisted snapshot, as JSON). A
 * migration reads and writes only what it names; the rest is carried over as it is.
 */
export interface StoredSnapshot {
  status: string;
  value: unknown;
  context: StatementContext;
  [other: string]: unknown;
}

export type MigrationOutcome =
  | { kind: 'migrated'; snapshot: StoredSnapshot; changes: string[] }
  /** Nothing left to decide: a final statement keeps the version its record was made under. */
  | { kind: 'final'; reason: string }
  /** The new version would read the statement differently than the version it ran on. */
  | { kind: 'unmappable'; reason: string };

/** The explicit, pure move of a stored snapshot from version `from` to `from + 1`. */
export interface SnapshotMigration {
  from: number;
  to: number;
  /** What changed in the procedure, for the dry run and the workflow description. */
  description: string;
  migrate(snapshot: StoredSnapshot): MigrationOutcome;
}

const copy = <T>(value: T): T => structuredClone(value);

/**
 * 1 → 2: "pending domestic clearance" is no longer consent at a silence_is_consent deadline.
 * Version 2 names, in the round, the members the deadline found still clearing the text.
 * A round still collecting moves as it is. A round whose deadline passed gets that list, as
 * version 2 would have written it, unless silence_is_consent with members pending clearance
 * could still adopt it under version 1's reading and not under version 2's (a round blocked by
 * an objection, where withdrawing the objection would adopt): the chair must settle that first.
 */
const pendingClearanceIsNotConsent: SnapshotMigration = {
  from: 1,
  to: 2,
  description:
    '"Pending domestic clearance" is no longer consent under silence_is_consent: such a round waits for the chair at the deadline.',
  migrate(snapshot) {
    const round: Round | null = snapshot.context.round;
    if (!round || !round.deadlinePassed || round.closedAt) {
      return { kind: 'migrated', snapshot: copy(snapshot), changes: [] };
    }
    const pending = pendingClearance(round);
    if (round.silenceRule === 'silence_is_consent' && pending.length > 0) {
      return {
        kind: 'unmappable',
        reason: `round ${round.number}'s deadline passed with ${pending.join(', ')} pending domestic clearance under silence_is_consent: version 1 reads that as consent, version 2 leaves it to the chair; close, revise or extend the round first`,
      };
    }
    const migrated = copy(snapshot);
    migrated.context.round = { ...round, pendingClearance: pending };
    return {
      kind: 'migrated',
      snapshot: migrated,
      changes: [`round ${round.number}: pendingClearance set to [${pending.join(', ')}]`],
    };
  },
};

/** Every migration, by the version it moves from. */
export const SNAPSHOT_MIGRATIONS: readonly SnapshotMigration[] = [pendingClearanceIsNotConsent];

/**
 * Moves a stored snapshot from version `from` to version `to`, one step at a time. Null when a
 * step is missing (the caller refuses: no migration is invented).
 */
export function migrateSnapshot(
  snapshot: StoredSnapshot,
  from: number,
  to: number,
  migrations: readonly SnapshotMigration[] = SNAPSHOT_MIGRATIONS,
): MigrationOutcome | null {
  if (snapshot.status !== 'active') {
    return {
      kind: 'final',
      reason: `the statement is ${String(snapshot.value)}: its record stays on version ${from}`,
    };
  }
  let current = snapshot;
  const changes: string[] = [];
  for (let version = from; version < to; version += 1) {
    const step = migrations.find((migration) => migration.from === version);
    if (!step || step.to !== version + 1) return null;
    const outcome = step.migrate(current);
    if (outcome.kind !== 'migrated') return outcome;
    current = outcome.snapshot;
    changes.push(...outcome.changes.map((change) => `${step.from}→${step.to}: ${change}`));
  }
  return { kind: 'migrated', snapshot: current, changes };
}
