import { AdrefError } from '../common/adref.errors';
import { statementMachineVersion } from '../engine/machine-registry';
import { MACHINE_MIGRATED } from '../engine/workflow.runtime';
import { checkChain, KeyRing } from './chain.util';
import { comparePositions, compareRounds, compareSnapshot, compareVersions } from './compare.util';
import { compareDocuments } from './documents.util';
import { replay } from './replay.util';
import type { Problem, StoredStatement, VerifyReport, Witness } from './verify.types';
import { checkWitness } from './witness.util';

export interface StatementVerification extends VerifyReport {
  statementId: string;
  /** Null when a witness names a statement adref does not have. */
  title: string | null;
}

/**
 * Checks a statement's record against its signed history: the chain's links, hashes and
 * signatures, then a replay of every event through the machine it ran on, which must give the
 * stored snapshot, rounds, positions and texts. Pure: the database's rows or an archive's files.
 */
export function checkStatement(
  stored: StoredStatement,
  keys: KeyRing,
  witnesses: readonly Witness[] = [],
): StatementVerification {
  const problems: Problem[] = [...checkChain(stored.events, keys)];
  const startVersion = startVersionOf(stored);
  const machine = machineOf(startVersion, problems);
  if (machine) {
    const replayed = replay(machine, stored.events, { version: startVersion });
    problems.push(...replayed.problems);
    if (replayed.complete && replayed.machineVersion !== stored.machineVersion) {
      problems.push({
        kind: 'replay_mismatch',
        message: `the statement is stored on procedure version ${stored.machineVersion}, its chain ends on version ${replayed.machineVersion}`,
      });
    }
    // A replay that stopped early would only repeat its own problem in every comparison.
    if (replayed.complete) {
      problems.push(
        ...compareSnapshot(replayed, stored),
        ...compareRounds(replayed.rounds, stored.rounds),
        ...comparePositions(replayed.positions, stored.positions),
      );
    }
    problems.push(...compareVersions(replayed, stored));
  }
  if (stored.documents) problems.push(...compareDocuments(stored.events, stored.documents));
  for (const witness of witnesses) problems.push(...checkWitness(witness, stored.events, keys));
  return {
    statementId: stored.id,
    title: stored.title,
    valid: problems.length === 0,
    checkedEvents: stored.events.length,
    problems,
  };
}

/** The version a statement started on: the first migration's `from`, or the one it is on. */
function startVersionOf(stored: StoredStatement): number {
  const migration = stored.events.find((event) => event.type === MACHINE_MIGRATED);
  const from = (migration?.payload as { from?: unknown } | undefined)?.from;
  return typeof from === 'number' ? from : stored.machineVersion;
}

function machineOf(version: number, problems: Problem[]) {
  try {
    return statementMachineVersion(version);
  } catch (error) {
    if (!(error instanceof AdrefError)) throw error;
    problems.push({ kind: 'replay_refused', message: error.message });
    return null;
  }
}
