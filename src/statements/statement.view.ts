import {
  objectors,
  outstanding,
  pendingClearance,
  tally,
} from '../../workflows/statement/round.util';
import type { Round } from '../../workflows/statement/statement.types';
import type { MeetingView } from '../reference/meeting-label.util';
import type { StatementSnapshot } from '../engine/workflow.runtime';
import { StatementEntity } from '../engine/statement.entity';

export function roundView(round: Round) {
  return {
    number: round.number,
    version: round.version,
    openedAt: round.openedAt,
    deadline: round.deadline,
    deadlineHistory: round.deadlineHistory,
    deadlinePassed: round.deadlinePassed,
    silenceRule: round.silenceRule,
    electorate: round.electorate,
    positions: round.electorate.flatMap((member) => {
      const recorded = round.positions[member];
      return recorded ? [recorded] : [];
    }),
    tally: tally(round),
    outstanding: outstanding(round),
    objectors: objectors(round),
    /** Electors whose answer is only "pending domestic clearance": not consent (DESIGN.md §6). */
    pendingClearance: pendingClearance(round),
    open: round.closedAt === null,
    closedAt: round.closedAt,
    outcome: round.outcome,
  };
}

/** What every view of a statement starts with; the text version is the snapshot's, or the row's. */
const identity = (
  statement: StatementEntity,
  snapshot: Pick<StatementSnapshot, 'context'> | null,
) => ({
  id: statement.id,
  framework: statement.frameworkCode,
  title: statement.title,
  titleTh: statement.titleTh,
  state: statement.state,
  roundState: statement.roundState,
  currentVersion: snapshot?.context.currentVersion ?? {
    number: statement.currentVersion,
    hash: statement.currentHash,
  },
});

export function statementView(
  statement: StatementEntity,
  snapshot: StatementSnapshot,
  allowedEvents: string[],
  adoptionMeeting: MeetingView | null = null,
) {
  const context = snapshot.context;
  return {
    ...identity(statement, snapshot),
    round: context.round ? roundView(context.round) : null,
    adoption: context.adoption,
    /** The meeting that adopted the statement, when it was named by id. */
    adoptionMeeting,
    withdrawal: context.withdrawal,
    closure: context.closure,
    allowedEvents,
    lockVersion: statement.lockVersion,
    machineVersion: statement.machineVersion,
    createdAt: statement.createdAt,
    updatedAt: statement.updatedAt,
    /** Set when the statement was imported from the records kept before adref. */
    importedAt: statement.importedAt?.toISOString() ?? null,
  };
}

export type StatementView = ReturnType<typeof statementView>;

/**
 * One row of the board: state, progress (e.g. 9/11), deadline and who is outstanding. It reads
 * only the context, so the board takes it from the stored JSON without restoring a machine.
 */
export function statementSummary(
  statement: StatementEntity,
  snapshot: Pick<StatementSnapshot, 'context'>,
) {
  const round = snapshot.context.round;
  const openRound = round && round.closedAt === null ? round : null;
  return {
    ...identity(statement, snapshot),
    machineVersion: statement.machineVersion,
    machineVersionLoadable: true,
    deadline: openRound?.deadline ?? null,
    progress: openRound
      ? { endorsed: tally(openRound).endorsed, electorate: openRound.electorate.length }
      : null,
    outstanding: openRound ? outstanding(openRound) : [],
    adoptionDate: snapshot.context.adoption?.date ?? null,
    lockVersion: statement.lockVersion,
    updatedAt: statement.updatedAt,
  };
}

/**
 * A board row for a statement whose procedure version this build cannot load: what the row's
 * projected columns say, and that fact, instead of an error for the whole board.
 */
export function unloadableSummary(statement: StatementEntity): StatementSummary {
  return {
    ...identity(statement, null),
    machineVersion: statement.machineVersion,
    machineVersionLoadable: false,
    deadline: statement.openDeadline?.toISOString() ?? null,
    progress: null,
    outstanding: [],
    adoptionDate: null,
    lockVersion: statement.lockVersion,
    updatedAt: statement.updatedAt,
  };
}

export type StatementSummary = ReturnType<typeof statementSummary>;
