import { initialTransition, transition } from 'xstate';
import type {
  StatementEffect,
  StatementEvent,
  TextVersionRef,
} from '../../workflows/statement/statement.types';
import { migrateSnapshot } from '../../workflows/statement/snapshot-migration.util';
import type { StoredSnapshot } from '../../workflows/statement/snapshot-migration.util';
import { AdrefError } from '../common/adref.errors';
import { statementMachineVersion } from '../engine/machine-registry';
import type { StatementMachine } from '../engine/machine-registry';
import { MACHINE_MIGRATED, stateLabel } from '../engine/workflow.runtime';
import { DOCUMENT_ATTACHED } from '../engine/documents.repository';
import type { StatementSnapshot } from '../engine/workflow.runtime';
import type { Problem, StoredEvent } from './verify.types';

/** What an event needs to be replayed; stored audit events carry it. */
export type ReplayableEvent = Pick<
  StoredEvent,
  'seq' | 'type' | 'at' | 'recordedAt' | 'textHash' | 'stateFrom' | 'stateTo' | 'payload'
>;

/** A round as the openRound, moveDeadline and closeRound effects leave it. */
export interface ExpectedRound {
  number: number;
  versionNumber: number;
  versionHash: string;
  openedAt: string;
  deadline: string;
  silenceRule: string;
  electorate: string[];
  closedAt: string | null;
  outcome: string | null;
}

/** A position row as a storePosition effect writes it. */
export interface ExpectedPosition {
  seq: number;
  roundNumber: number;
  member: string;
  position: string;
  versionHash: string;
  text: string | null;
  reference: string | null;
  onBehalf: boolean;
  recordedBy: string;
  takenAt: string;
  recordedAt: string;
  /** Index in `positions` of the row this one replaces (the member's previous one in the round). */
  supersedes: number | null;
}

/** A text version an event refers to: CREATED's text is version 1; EDIT_TEXT and REVISE carry theirs. */
export interface ExpectedVersion extends TextVersionRef {
  seq: number;
}

/** The columns the runtime projects out of the snapshot. */
export interface ExpectedProjection {
  state: string;
  roundState: string | null;
  currentVersion: number;
  currentHash: string;
  openDeadline: string | null;
}

export interface ReplayOptions {
  /** The version `machine` is; MACHINE_MIGRATED events must move from the version reached. */
  version?: number;
  /** Loads the machine a MACHINE_MIGRATED event moves to. */
  load?: (version: number) => StatementMachine;
}

export interface ReplayResult {
  /** False when the replay stopped at an event it could not apply. */
  complete: boolean;
  /** The procedure version the replay ended on (moved by MACHINE_MIGRATED events). */
  machineVersion: number | null;
  replayedEvents: number;
  /** machine.getPersistedSnapshot() of the last state reached. */
  snapshot: unknown;
  projection: ExpectedProjection | null;
  rounds: ExpectedRound[];
  positions: ExpectedPosition[];
  versions: ExpectedVersion[];
  problems: Problem[];
}

/** The event the runtime gave the machine: the audit payload is the event minus type and at. */
export function machineEventOf(event: ReplayableEvent): StatementEvent {
  return { ...event.payload, type: event.type, at: event.at.toISOString() } as StatementEvent;
}

/**
 * Replays a statement's audit events, in seq order, through the pure machine as the runtime ran
 * them (restore the stored snapshot, transition, persist), and derives what the effects wrote.
 * A MACHINE_MIGRATED event moves the replay to the next machine through the same pure snapshot
 * migration the runtime ran.
 */
export function replay(
  startMachine: StatementMachine,
  events: readonly ReplayableEvent[],
  options: ReplayOptions = {},
): ReplayResult {
  let machine = startMachine;
  let machineVersion = options.version ?? null;
  const result: ReplayResult = {
    complete: false,
    machineVersion,
    replayedEvents: 0,
    snapshot: null,
    projection: null,
    rounds: [],
    positions: [],
    versions: [],
    problems: [],
  };
  const [first, ...rest] = events;
  if (!first) {
    result.problems.push({ kind: 'missing_events', message: 'the statement has no audit events' });
    return result;
  }
  if (first.type !== 'CREATED') {
    result.problems.push({
      seq: first.seq,
      kind: 'replay_refused',
      message: `the chain starts with ${first.type}, not CREATED`,
    });
    return result;
  }
  result.versions.push({ number: 1, hash: first.textHash, seq: first.seq });
  let [snapshot] = initialTransition(machine, { version: { number: 1, hash: first.textHash } });
  snapshot = restored(machine, snapshot);
  checkRecordedStates(result, first, null, snapshot);
  result.replayedEvents = 1;

  for (const event of rest) {
    if (event.type === MACHINE_MIGRATED) {
      const moved = migrated(result, machine, snapshot, event, machineVersion, options.load);
      if (!moved) return result;
      checkRecordedStates(result, event, stateLabel(snapshot), moved.snapshot);
      ({ machine, snapshot } = moved);
      machineVersion = moved.version;
      result.machineVersion = machineVersion;
      result.replayedEvents += 1;
      continue;
    }
    // A document attached moves nothing: the event must record the state it found.
    if (event.type === DOCUMENT_ATTACHED) {
      checkRecordedStates(result, event, stateLabel(snapshot), snapshot);
      result.replayedEvents += 1;
      continue;
    }
    const machineEvent = machineEventOf(event);
    if (!snapshot.can(machineEvent)) {
      result.problems.push({
        seq: event.seq,
        kind: 'replay_refused',
        message: `the machine refuses ${event.type} while the statement is ${stateLabel(snapshot)}; the replay stops here`,
      });
      return result;
    }
    const [next, actions] = transition(machine, snapshot, machineEvent);
    for (const effect of actions as unknown as StatementEffect[]) {
      applyEffect(result, effect, event);
    }
    const version = event.payload.version;
    if ((event.type === 'EDIT_TEXT' || event.type === 'REVISE') && isVersionRef(version)) {
      // The machine takes only the next number, so each version is referred to once.
      result.versions.push({ number: version.number, hash: version.hash, seq: event.seq });
    }
    checkRecordedStates(result, event, stateLabel(snapshot), next);
    snapshot = restored(machine, next);
    result.replayedEvents += 1;
  }

  result.complete = true;
  result.snapshot = machine.getPersistedSnapshot(snapshot);
  result.projection = projectionOf(snapshot);
  return result;
}

/** The replay moved to the version a MACHINE_MIGRATED event names, or null (a problem noted). */
function migrated(
  result: ReplayResult,
  machine: StatementMachine,
  snapshot: StatementSnapshot,
  event: ReplayableEvent,
  version: number | null,
  load: (version: number) => StatementMachine = statementMachineVersion,
): { machine: StatementMachine; snapshot: StatementSnapshot; version: number } | null {
  const refuse = (message: string) => {
    result.problems.push({ seq: event.seq, kind: 'replay_refused', message });
    return null;
  };
  const { from, to, changes } = event.payload as {
    from?: unknown;
    to?: unknown;
    changes?: unknown;
  };
  if (typeof from !== 'number' || typeof to !== 'number') {
    return refuse('MACHINE_MIGRATED does not name the versions it moved between');
  }
  if (version !== null && from !== version) {
    return refuse(
      `MACHINE_MIGRATED moves from version ${from}, but the statement was on ${version}`,
    );
  }
  const persisted = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot)));
  const outcome = migrateSnapshot(persisted as StoredSnapshot, from, to);
  if (outcome?.kind !== 'migrated') {
    return refuse(
      `no migration from version ${from} to ${to} applies here${outcome ? `: ${outcome.reason}` : ''}`,
    );
  }
  if (JSON.stringify(outcome.changes) !== JSON.stringify(changes)) {
    result.problems.push({
      seq: event.seq,
      kind: 'replay_mismatch',
      message: `MACHINE_MIGRATED records the changes ${JSON.stringify(changes)}, replay ${JSON.stringify(outcome.changes)}`,
    });
  }
  let next: StatementMachine;
  try {
    next = load(to);
  } catch (error) {
    if (error instanceof AdrefError) return refuse(error.message);
    throw error;
  }
  const resolved = next.resolveState(
    outcome.snapshot as Parameters<StatementMachine['resolveState']>[0],
  );
  return { machine: next, snapshot: restored(next, resolved), version: to };
}

/** As the runtime sees it next time: persisted to JSON (jsonb) and restored. */
function restored(machine: StatementMachine, snapshot: StatementSnapshot): StatementSnapshot {
  const persisted = JSON.parse(JSON.stringify(machine.getPersistedSnapshot(snapshot)));
  return machine.resolveState(persisted);
}

export function projectionOf(snapshot: StatementSnapshot): ExpectedProjection {
  const [top, sub] = stateLabel(snapshot).split('.');
  const context = snapshot.context;
  return {
    state: top,
    roundState: sub ?? null,
    currentVersion: context.currentVersion.number,
    currentHash: context.currentVersion.hash,
    openDeadline: sub && context.round ? new Date(context.round.deadline).toISOString() : null,
  };
}

/** The event records the states it moved between and the text it left current. */
function checkRecordedStates(
  result: ReplayResult,
  event: ReplayableEvent,
  from: string | null,
  next: StatementSnapshot,
): void {
  const to = stateLabel(next);
  const hash = next.context.currentVersion.hash;
  const differences = [
    event.stateFrom !== from && `stateFrom ${event.stateFrom}, replay ${from}`,
    event.stateTo !== to && `stateTo ${event.stateTo}, replay ${to}`,
    event.textHash !== hash && `textHash ${event.textHash}, replay ${hash}`,
  ].filter(Boolean);
  if (differences.length > 0) {
    result.problems.push({
      seq: event.seq,
      kind: 'replay_mismatch',
      message: `${event.type} records ${differences.join('; ')}`,
    });
  }
}

function applyEffect(result: ReplayResult, effect: StatementEffect, event: ReplayableEvent): void {
  const round = (number: number) => result.rounds.find((r) => r.number === number);
  switch (effect.type) {
    case 'openRound': {
      const opened = effect.params.round;
      result.rounds.push({
        number: opened.number,
        versionNumber: opened.version.number,
        versionHash: opened.version.hash,
        openedAt: iso(opened.openedAt),
        deadline: iso(opened.deadline),
        silenceRule: opened.silenceRule,
        electorate: [...opened.electorate],
        closedAt: null,
        outcome: null,
      });
      return;
    }
    case 'moveDeadline': {
      const moved = round(effect.params.roundNumber);
      if (moved) moved.deadline = iso(effect.params.deadline);
      return;
    }
    case 'closeRound': {
      const closed = round(effect.params.roundNumber);
      if (closed) {
        closed.outcome = effect.params.outcome;
        closed.closedAt = iso(effect.params.at);
      }
      return;
    }
    case 'storePosition': {
      const { roundNumber, position } = effect.params;
      let supersedes: number | null = null;
      result.positions.forEach((p, index) => {
        if (p.roundNumber === roundNumber && p.member === position.member) supersedes = index;
      });
      result.positions.push({
        seq: event.seq,
        roundNumber,
        member: position.member,
        position: position.position,
        versionHash: position.versionHash,
        text: position.text ?? null,
        reference: position.reference ?? null,
        onBehalf: position.onBehalf,
        recordedBy: position.recordedBy,
        takenAt: iso(position.at),
        recordedAt: event.recordedAt.toISOString(),
        supersedes,
      });
      return;
    }
    // Timers and notifications leave no rows that verification compares.
    case 'scheduleTimers':
    case 'cancelTimers':
    case 'notify':
      return;
  }
}

function isVersionRef(value: unknown): value is TextVersionRef {
  const ref = value as TextVersionRef | null;
  return typeof ref?.number === 'number' && typeof ref.hash === 'string';
}

/** Timestamps compare as instants: the database gives them back in its own notation. */
const iso = (value: string): string => new Date(value).toISOString();
