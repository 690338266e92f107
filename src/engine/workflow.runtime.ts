import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { __unsafe_getAllOwnEventDescriptors, initialTransition, transition } from 'xstate';
import type { SnapshotFrom } from 'xstate';
import { objectors, outstanding } from '../../workflows/statement/round.util';
import type {
  StatementContext,
  StatementEffect,
  StatementEvent,
  StatementEventType,
} from '../../workflows/statement/statement.types';
import type { Principal } from '../common/auth.decorators';
import { refusalOf } from '../../workflows/statement/refusal.util';
import { refusalError } from './refusal-codes';
import { PositionsRepository, storePositionStatement } from './positions.repository';
import { StatementEntity } from './statement.entity';
import { AuditRepository, ChainHead, chainHeadOf } from './audit.repository';
import {
  CURRENT_STATEMENT_MACHINE_VERSION,
  StatementMachine,
  statementMachineVersion,
} from './machine-registry';
import { TimersRepository } from './timers.repository';
import { OutboxRepository } from './outbox.repository';
import { IF_ROW_MOVED, StatementRowRepository } from './statement-row.repository';
import { migrateSnapshot } from '../../workflows/statement/snapshot-migration.util';
import type {
  MigrationOutcome,
  StoredSnapshot,
} from '../../workflows/statement/snapshot-migration.util';
import { AdrefError, AdrefErrorCode, assertUnreachable } from '../common/adref.errors';

export type StatementSnapshot = SnapshotFrom<StatementMachine>;

/**
 * What a notification needs to be addressed and written later, as things stood at the
 * transition: the round's electorate and who was outstanding then.
 */
function notificationPayload(
  statement: StatementEntity,
  roundNumber: number | null,
  chainHead: ChainHead,
): Record<string, unknown> {
  const context = (statement.snapshot as { context: StatementContext }).context;
  const round =
    roundNumber !== null && context.round?.number === roundNumber ? context.round : null;
  return {
    statementId: statement.id,
    title: statement.title,
    titleTh: statement.titleTh,
    framework: statement.frameworkCode,
    state: statement.state,
    roundState: statement.roundState,
    version: context.currentVersion,
    round: round && {
      number: round.number,
      version: round.version,
      deadline: round.deadline,
      silenceRule: round.silenceRule,
      electorate: round.electorate,
      outstanding: outstanding(round),
      objectors: objectors(round),
      outcome: round.outcome,
    },
    adoption: context.adoption,
    withdrawal: context.withdrawal,
    chainHead,
  };
}

/** 'drafting', or 'ad_referendum.blocked' inside a round. */
export function stateLabel(snapshot: StatementSnapshot): string {
  const value = snapshot.value;
  if (typeof value === 'string') return value;
  const [top, sub] = Object.entries(value)[0] as [string, string];
  return `${top}.${sub}`;
}

/**
 * The snapshots this process restored or computed, by the persisted snapshot object they stand
 * for: a write restores the row's snapshot once, and its answer reuses the one it computed.
 * A row read again from the database brings a new object, so a stale entry is never hit.
 */
const restored = new WeakMap<object, StatementSnapshot>();

export function restoreSnapshot(statement: StatementEntity): StatementSnapshot {
  const persisted = statement.snapshot as object;
  const known = restored.get(persisted);
  if (known) return known;
  const machine = statementMachineVersion(statement.machineVersion);
  const snapshot = machine.resolveState(
    statement.snapshot as Parameters<StatementMachine['resolveState']>[0],
  );
  restored.set(persisted, snapshot);
  return snapshot;
}

/** Event types the current state has a transition for (guards aside). */
export function acceptedEventTypes(snapshot: StatementSnapshot): StatementEventType[] {
  if (snapshot.status !== 'active') return [];
  return [...new Set(__unsafe_getAllOwnEventDescriptors(snapshot) as StatementEventType[])];
}

export interface Act {
  /** Null when adref itself acts (a deadline or reminder coming due). */
  actor: Principal | null;
  /** How the actor appears in the audit trail, e.g. "Somchai P. (focal_point, THA)". */
  actorLabel: string;
  /** When adref stored the act. */
  recordedAt: Date;
  /** Extra audit payload (e.g. the text that a new version carries). */
  auditDetails?: Record<string, unknown>;
}

export const SYSTEM_ACTOR = 'adref (scheduled)';

/** The audit event of a statement moved to another version of the procedure. */
export const MACHINE_MIGRATED = 'MACHINE_MIGRATED';

/**
 * Audit events that record an act beside the procedure (a comment, a reminder sent by the
 * chair, a text proposal made or withdrawn, a document attached): in the signed history, but the machine never sees them, so they move no state, do
 * not bump lockVersion, and verify checks only that they name the state and text they found.
 */
export const COMMENT_ADDED = 'COMMENT_ADDED';
export const REMINDER_SENT = 'REMINDER_SENT';
export const PROPOSAL_MADE = 'PROPOSAL_MADE';
export const PROPOSAL_WITHDRAWN = 'PROPOSAL_WITHDRAWN';
/** Its payload carries the document's id, sha256 and size: verify compares the stored bytes. */
export const DOCUMENT_ATTACHED = 'DOCUMENT_ATTACHED';
export const AUDIT_NOTES: ReadonlySet<string> = new Set([
  COMMENT_ADDED,
  REMINDER_SENT,
  PROPOSAL_MADE,
  PROPOSAL_WITHDRAWN,
  DOCUMENT_ATTACHED,
]);

/** A note to append with `WorkflowRuntime.note`. */
export interface Note {
  type: string;
  act: Act & { at: Date };
  payload: Record<string, unknown>;
  /** A notification the note sends (kind, and what it adds to the usual payload). */
  notify?: { kind: string; extra: Record<string, unknown> };
}

/**
 * What moving a statement to version `to` would do, computed from its row alone: the pure
 * migrations, then a check that the target version loads the result.
 */
export function planMigration(statement: StatementEntity, to: number): MigrationOutcome | null {
  const from = statement.machineVersion;
  const outcome = migrateSnapshot(statement.snapshot as StoredSnapshot, from, to);
  if (outcome?.kind !== 'migrated') return outcome;
  // The states are the same before and after: a migration moves the procedure, not the statement.
  const state = stateLabel(restoreSnapshot(statement));
  let restored: StatementSnapshot;
  try {
    restored = statementMachineVersion(to).resolveState(
      outcome.snapshot as Parameters<StatementMachine['resolveState']>[0],
    );
  } catch (error) {
    if (error instanceof AdrefError) throw error;
    return { kind: 'unmappable', reason: `version ${to} cannot load the migrated snapshot` };
  }
  if (stateLabel(restored) !== state) {
    return { kind: 'unmappable', reason: `version ${to} does not have the state ${state}` };
  }
  return outcome;
}

export interface ApplyOptions {
  /**
   * History entered from the records of before adref: rounds and positions are written, but no
   * notification or timer, and every audit event is marked imported.
   */
  imported?: boolean;
  /**
   * The caller read the row without locking it, outside a transaction: the transition is
   * written in one statement, only if the row is still as read. It throws OptimisticWriteMissed
   * (having written nothing) when it was not, or when the transition has more to write than
   * that one statement holds; the caller then does it again, under the row lock.
   */
  optimistic?: boolean;
}

/** An optimistic write that did not happen: do it again under the row lock. */
export class OptimisticWriteMissed extends Error {
  constructor(readonly reason: 'changed' | 'more_effects') {
    super(`optimistic write not done: ${reason}`);
  }
}

/** Effects that reach people or schedule work: never run for imported history. */
const LIVE_EFFECTS: ReadonlySet<StatementEffect['type']> = new Set([
  'notify',
  'scheduleTimers',
  'cancelTimers',
]);

export const actorLabel = (principal: Principal): string =>
  `${principal.name} (${principal.role}${principal.memberCode ? `, ${principal.memberCode}` : ''})`;

/**
 * The engine's one way to change a statement: on a locked row, compute the transition with
 * the pure machine, then write snapshot, effects (rounds, positions, outbox) and the audit
 * event through the caller's transaction, so that they commit or roll back together.
 */
@Injectable()
export class WorkflowRuntime {
  constructor(
    private readonly audit: AuditRepository,
    private readonly positions: PositionsRepository,
    private readonly outbox: OutboxRepository,
    private readonly timers: TimersRepository,
    private readonly rows: StatementRowRepository,
  ) {}

  /** Builds a new statement's first snapshot and CREATED audit event. */
  async start(
    manager: EntityManager,
    statement: StatementEntity,
    act: Act & { at: Date },
    options: ApplyOptions = {},
  ): Promise<StatementEntity> {
    const machine = statementMachineVersion(CURRENT_STATEMENT_MACHINE_VERSION);
    const [snapshot] = initialTransition(machine, {
      version: { number: statement.currentVersion, hash: statement.currentHash },
    });
    statement.machineVersion = CURRENT_STATEMENT_MACHINE_VERSION;
    this.project(statement, machine, snapshot, act.recordedAt);
    statement.lockVersion = 1;
    const saved = await manager.save(statement);
    const created = await this.audit.append(manager, {
      statementId: saved.id,
      type: 'CREATED',
      actorId: act.actor?.id ?? null,
      actorLabel: act.actorLabel,
      at: act.at,
      recordedAt: act.recordedAt,
      textHash: saved.currentHash,
      stateFrom: null,
      stateTo: stateLabel(snapshot),
      payload: {
        title: saved.title,
        titleTh: saved.titleTh,
        framework: saved.frameworkCode,
        ...act.auditDetails,
        ...(options.imported ? { imported: true } : {}),
      },
    });
    saved.auditSeq = created.seq;
    saved.auditHash = created.hash;
    await this.rows.writeAuditHead(manager, saved);
    return saved;
  }

  /** Applies one event to a statement whose row the caller has locked. */
  async apply(
    manager: EntityManager,
    statement: StatementEntity,
    event: StatementEvent,
    act: Act,
    options: ApplyOptions = {},
  ): Promise<StatementEntity> {
    const machine = statementMachineVersion(statement.machineVersion);
    const snapshot = restoreSnapshot(statement);
    if (!snapshot.can(event)) {
      // Why is decided once, in workflows/ (refusal.util.ts); each reason has its own code.
      const acceptedEvents = acceptedEventTypes(snapshot);
      const state = stateLabel(snapshot);
      const accepted = acceptedEvents.includes(event.type);
      throw refusalError(refusalOf(state, snapshot.context, event, accepted), {
        state,
        acceptedEvents,
      });
    }
    const [next, effects] = transition(machine, snapshot, event);
    this.project(statement, machine, next, act.recordedAt);
    statement.lockVersion += 1;

    // The audit event first, so that notifications can carry the chain head they follow.
    const { type, at, ...payload } = event;
    // A deadline that leaves the decision to the chair names who was still pending clearance.
    const pending = type === 'DEADLINE_PASSED' ? next.context.round?.pendingClearance : undefined;
    if (pending?.length && stateLabel(next) === 'ad_referendum.awaiting_decision') {
      Object.assign(payload, { pendingClearance: pending });
    }
    const audited = this.audit.seal(
      {
        statementId: statement.id,
        type,
        actorId: act.actor?.id ?? null,
        actorLabel: act.actorLabel,
        at: new Date(at),
        recordedAt: act.recordedAt,
        textHash: statement.currentHash,
        stateFrom: stateLabel(snapshot),
        stateTo: stateLabel(next),
        payload: {
          ...payload,
          ...act.auditDetails,
          ...(options.imported ? { imported: true } : {}),
        },
      },
      { seq: statement.auditSeq, hash: statement.auditHash },
    );
    // A recorded position is written with the row and the audit event, in one round trip.
    const all = effects as unknown as StatementEffect[];
    const stored = all.find((effect) => effect.type === 'storePosition');
    if (options.optimistic && all.some((effect) => effect !== stored)) {
      throw new OptimisticWriteMissed('more_effects');
    }
    const written = await this.rows.writeTransition(
      manager,
      statement,
      audited,
      stored &&
        ((from) =>
          storePositionStatement(
            from,
            statement.id,
            stored.params.roundNumber,
            stored.params.position,
            act.recordedAt,
            IF_ROW_MOVED,
          )),
    );
    if (!written) {
      if (options.optimistic) throw new OptimisticWriteMissed('changed');
      throw new Error(`statement ${statement.id} changed under its row lock`);
    }
    const chainHead = chainHeadOf(audited);
    for (const effect of all) {
      if (effect === stored || (options.imported && LIVE_EFFECTS.has(effect.type))) continue;
      await this.run(manager, statement, effect, act.recordedAt, chainHead);
    }
    return statement;
  }

  /**
   * Moves a statement whose row the caller has locked to version `to` of the procedure: a
   * transition of its own, audited as MACHINE_MIGRATED with both versions and what changed.
   * Only forward, only along the registered migrations, and never a final statement.
   */
  async migrate(
    manager: EntityManager,
    statement: StatementEntity,
    to: number,
    act: Act & { at: Date },
  ): Promise<{ statement: StatementEntity; changes: string[] }> {
    const from = statement.machineVersion;
    if (to <= from) {
      throw new AdrefError(
        AdrefErrorCode.MIGRATION_REFUSED,
        `the statement is on version ${from} already; migrations go forward only`,
        { from, to },
      );
    }
    const outcome = planMigration(statement, to);
    if (outcome?.kind !== 'migrated') {
      throw new AdrefError(
        AdrefErrorCode.MIGRATION_REFUSED,
        outcome?.reason ?? `no migration leads from version ${from} to version ${to}`,
        { from, to, outcome: outcome?.kind ?? 'no_migration' },
      );
    }
    const machine = statementMachineVersion(to);
    const before = stateLabel(restoreSnapshot(statement));
    const next = machine.resolveState(
      outcome.snapshot as Parameters<StatementMachine['resolveState']>[0],
    );
    statement.machineVersion = to;
    this.project(statement, machine, next, act.recordedAt);
    statement.lockVersion += 1;
    const audited = this.audit.seal(
      {
        statementId: statement.id,
        type: MACHINE_MIGRATED,
        actorId: act.actor?.id ?? null,
        actorLabel: act.actorLabel,
        at: act.at,
        recordedAt: act.recordedAt,
        textHash: statement.currentHash,
        stateFrom: before,
        stateTo: stateLabel(next),
        payload: { from, to, changes: outcome.changes },
      },
      { seq: statement.auditSeq, hash: statement.auditHash },
    );
    if (!(await this.rows.writeTransition(manager, statement, audited))) {
      throw new Error(`statement ${statement.id} changed under its row lock`);
    }
    return { statement, changes: outcome.changes };
  }

  /**
   * Appends a note (see AUDIT_NOTES) to a statement whose row the caller has locked: the signed
   * event and the row's new chain head, and the notification it sends, in the caller's
   * transaction. The snapshot, the state and lockVersion stay as they are.
   */
  async note(manager: EntityManager, statement: StatementEntity, note: Note): Promise<ChainHead> {
    if (!AUDIT_NOTES.has(note.type)) throw new Error(`${note.type} is not an audit note`);
    const state = stateLabel(restoreSnapshot(statement));
    const audited = this.audit.seal(
      {
        statementId: statement.id,
        type: note.type,
        actorId: note.act.actor?.id ?? null,
        actorLabel: note.act.actorLabel,
        at: note.act.at,
        recordedAt: note.act.recordedAt,
        textHash: statement.currentHash,
        stateFrom: state,
        stateTo: state,
        payload: note.payload,
      },
      { seq: statement.auditSeq, hash: statement.auditHash },
    );
    await this.rows.writeNote(manager, statement, audited);
    const chainHead = chainHeadOf(audited);
    if (note.notify) {
      const context = (statement.snapshot as { context: StatementContext }).context;
      await this.outbox.add(manager, {
        statementId: statement.id,
        kind: note.notify.kind,
        payload: {
          ...notificationPayload(statement, context.round?.number ?? null, chainHead),
          ...note.notify.extra,
        },
        createdAt: note.act.recordedAt,
      });
    }
    return chainHead;
  }

  /** Copies what queries filter on out of the snapshot. */
  private project(
    statement: StatementEntity,
    machine: StatementMachine,
    snapshot: StatementSnapshot,
    now: Date,
  ): void {
    const context: StatementContext = snapshot.context;
    const [top, sub] = stateLabel(snapshot).split('.');
    statement.snapshot = machine.getPersistedSnapshot(snapshot);
    restored.set(statement.snapshot as object, snapshot);
    statement.state = top;
    statement.roundState = sub ?? null;
    statement.currentVersion = context.currentVersion.number;
    statement.currentHash = context.currentVersion.hash;
    statement.openDeadline = sub && context.round ? new Date(context.round.deadline) : null;
    statement.outstanding = sub && context.round ? outstanding(context.round) : [];
    statement.updatedAt = now;
  }

  private async run(
    manager: EntityManager,
    statement: StatementEntity,
    effect: StatementEffect,
    now: Date,
    chainHead: ChainHead,
  ): Promise<void> {
    switch (effect.type) {
      case 'openRound':
        return this.positions.openRound(manager, statement.id, effect.params.round);
      case 'storePosition':
        return this.positions.storePosition(
          manager,
          statement.id,
          effect.params.roundNumber,
          effect.params.position,
          now,
        );
      case 'moveDeadline':
        return this.positions.moveDeadline(
          manager,
          statement.id,
          effect.params.roundNumber,
          effect.params.deadline,
        );
      case 'closeRound':
        return this.positions.closeRound(
          manager,
          statement.id,
          effect.params.roundNumber,
          effect.params.outcome,
          effect.params.at,
        );
      case 'scheduleTimers':
        return this.timers.schedule(
          manager,
          statement.id,
          effect.params.roundNumber,
          new Date(effect.params.deadline),
          effect.params.reminderOffsets,
          now,
        );
      case 'cancelTimers':
        return this.timers.cancel(manager, statement.id, effect.params.roundNumber, now);
      case 'notify':
        return this.outbox.add(manager, {
          statementId: statement.id,
          kind: effect.params.kind,
          payload: notificationPayload(statement, effect.params.roundNumber, chainHead),
          createdAt: now,
        });
      default:
        return assertUnreachable(effect);
    }
  }
}
