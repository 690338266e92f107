import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AUDIT_COLUMNS, auditValues, placeholders } from './audit.repository';
import { AuditEventEntity } from './engine.entities';
import type { SqlPart } from './positions.repository';
import { StatementEntity } from './statement.entity';

/** The statement row's columns a transition writes, in the order of `rowValues`. */
const ROW_COLUMNS = [
  'snapshot',
  'state',
  'round_state',
  'machine_version',
  'lock_version',
  'current_version',
  'current_hash',
  'open_deadline',
  'outstanding',
  'updated_at',
  'audit_seq',
  'audit_hash',
];
const ROW_TYPES = ['jsonb', '', '', '', '', '', '', '', 'varchar[]', '', '', ''];

const rowValues = (statement: StatementEntity): unknown[] => [
  JSON.stringify(statement.snapshot),
  statement.state,
  statement.roundState,
  statement.machineVersion,
  statement.lockVersion,
  statement.currentVersion,
  statement.currentHash,
  statement.openDeadline,
  statement.outstanding,
  statement.updatedAt,
  statement.auditSeq,
  statement.auditHash,
];

const SET = ROW_COLUMNS.map(
  (column, index) => `${column} = $${index + 2}${ROW_TYPES[index] ? `::${ROW_TYPES[index]}` : ''}`,
).join(', ');

/** The row's lock_version and audit_seq before the transition: the write's precondition. */
const EXPECTED_FROM = ROW_COLUMNS.length + 2;
const AUDIT_FROM = EXPECTED_FROM + 2;
const WITH_FROM = AUDIT_FROM + 15;

// Typed, because in INSERT … SELECT the database cannot take the types from a VALUES list.
const AUDIT_TYPES = [
  'uuid',
  'int',
  'text',
  'uuid',
  'text',
  'timestamptz',
  'timestamptz',
  'text',
  'text',
  'text',
  'jsonb',
  'text',
  'text',
  'text',
  'text',
];
const AUDIT_SELECT = AUDIT_TYPES.map((type, index) => `$${AUDIT_FROM + index}::${type}`).join(', ');

/** A condition for the CTE's other writes: they happen only if the row was written. */
export const IF_ROW_MOVED = 'EXISTS (SELECT 1 FROM moved)';

// Fixed texts, so the database parses the same statements every time: the row, its audit event
// and a recorded position in one round trip (a data-modifying CTE runs though nothing reads it).
// The row is written only if it is as it was read (lock_version and audit_seq), and the rest
// only if the row was: under the row lock that always holds; without it (an optimistic write)
// nothing is written when another transaction got there first, and the caller tries again.
const writeTransitionSql = (withPart: string | null) => `
  WITH moved AS (UPDATE statements SET ${SET}
                  WHERE id = $1 AND lock_version = $${EXPECTED_FROM} AND audit_seq = $${EXPECTED_FROM + 1}
                  RETURNING id)${withPart ? `,\n  stored AS (${withPart})` : ''}
  INSERT INTO audit_events (${AUDIT_COLUMNS})
  SELECT ${AUDIT_SELECT} WHERE ${IF_ROW_MOVED}
  RETURNING id`;
const WRITE_TRANSITION = writeTransitionSql(null);

const WRITE_AUDIT_HEAD = `UPDATE statements SET audit_seq = $2, audit_hash = $3 WHERE id = $1`;

// A note: the audit event and the row's new chain head, nothing else of the row.
const WRITE_NOTE = `
  WITH head AS (UPDATE statements SET audit_seq = $2, audit_hash = $3 WHERE id = $1)
  INSERT INTO audit_events (${AUDIT_COLUMNS})
  VALUES (${placeholders(4, 15)})
  RETURNING id`;

/** What one transition writes to the statement row, with the audit event that records it. */
@Injectable()
export class StatementRowRepository {
  /**
   * Writes the row as the transition left it (its lock_version one up) and appends its audit
   * event, whose seq and prevHash follow the row's audit head as it was read. Returns false,
   * having written nothing, when the row is no longer as it was read; with the row locked,
   * that cannot happen.
   */
  async writeTransition(
    manager: EntityManager,
    statement: StatementEntity,
    event: AuditEventEntity,
    /** One more write of the transition, its parameters numbered from `WITH_FROM`. */
    also?: (from: number) => SqlPart,
  ): Promise<boolean> {
    const expected = [statement.lockVersion - 1, event.seq - 1];
    const part = also?.(WITH_FROM);
    const [inserted] = (await manager.query(
      part ? writeTransitionSql(part.sql) : WRITE_TRANSITION,
      [
        statement.id,
        ...rowValues({ ...statement, auditSeq: event.seq, auditHash: event.hash }),
        ...expected,
        ...auditValues(event),
        ...(part?.values ?? []),
      ],
    )) as { id: string }[];
    if (!inserted) return false;
    statement.auditSeq = event.seq;
    statement.auditHash = event.hash;
    event.id = inserted.id;
    return true;
  }

  /** Appends an audit note (no transition) after the row's audit head; call with the row locked. */
  async writeNote(
    manager: EntityManager,
    statement: StatementEntity,
    event: AuditEventEntity,
  ): Promise<void> {
    statement.auditSeq = event.seq;
    statement.auditHash = event.hash;
    const [inserted] = (await manager.query(WRITE_NOTE, [
      statement.id,
      event.seq,
      event.hash,
      ...auditValues(event),
    ])) as { id: string }[];
    event.id = inserted.id;
  }

  /** After a new statement's first event. */
  async writeAuditHead(manager: EntityManager, statement: StatementEntity): Promise<void> {
    await manager.query(WRITE_AUDIT_HEAD, [statement.id, statement.auditSeq, statement.auditHash]);
  }
}
