import {
  STATEMENT_MACHINE_VERSION,
  statementMachine,
  statementMachineV1,
} from '../../workflows/statement/statement.machine';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';

export type StatementMachine = typeof statementMachine;

/**
 * Every machine version a stored statement may run on. Keep old versions loadable; when a
 * version changes shape, add the new one here with an explicit, tested snapshot migration.
 */
const STATEMENT_MACHINES: ReadonlyMap<number, StatementMachine> = new Map([
  // Version 1 read "pending domestic clearance" as consent at a silence_is_consent deadline;
  // its statements keep that reading so that their history replays as it happened. Its
  // snapshots have the same shape as version 2's, so they need no migration.
  [1, statementMachineV1],
  [STATEMENT_MACHINE_VERSION, statementMachine],
]);

export const CURRENT_STATEMENT_MACHINE_VERSION = STATEMENT_MACHINE_VERSION;

/** Every version this build can load, oldest first. */
export const STATEMENT_MACHINE_VERSIONS: readonly number[] = [...STATEMENT_MACHINES.keys()].sort(
  (a, b) => a - b,
);

export const canLoadMachineVersion = (version: number): boolean => STATEMENT_MACHINES.has(version);

export function statementMachineVersion(version: number): StatementMachine {
  const machine = STATEMENT_MACHINES.get(version);
  if (!machine) {
    throw new AdrefError(
      AdrefErrorCode.MACHINE_VERSION_UNAVAILABLE,
      `this statement runs on version ${version} of the procedure, which this build of adref cannot load (it has ${STATEMENT_MACHINE_VERSIONS.join(', ')})`,
      { machineVersion: version, loadable: STATEMENT_MACHINE_VERSIONS },
    );
  }
  return machine;
}
