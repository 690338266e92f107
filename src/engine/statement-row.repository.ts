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

const AUDIT_FROM = ROW_COLUMNS.length + 2;
const WITH_FROM = AUDIT_FROM + 15;

// Fixed texts, so the database parses the same statements every time: the row, its audit event
// and a recorded position in one round trip (a data-modifying CTE runs though nothing reads it).
const writeTransitionSql = (withPart: string | null) => `
  WITH moved AS (UPDATE statements SET ${SET} WHERE id = $1)${withPart ? `,\n  stored AS (${withPart})` : ''}
  INSERT INTO audit_events (${AUDIT_COLUMNS})
  VALUES (${placeholders(AUDIT_FROM, 15)})
  RETURNING id`;
const WRITE_TRANSITION = writeTransitionSql(null);

const WRITE_AUDIT_HEAD = `UPDATE statements SET audit_seq = $2, audit_hash = $3 WHERE id = $1`;
const WRITE_NOTE_HEAD = `UPDATE statements SET audit_seq = $2, audit_hash = $3, lock_version = $4 WHERE id = $1`;

/** What one transition writes to the statement row, with the audit event that records it. */
@Injectable()
export class StatementRowRepository {
  /**
   * Writes the row as the transition left it and appends its audit event, whose seq and
   * prevHash follow the row's audit head; call with the row locked.
   */
  async writeTransition(
    manager: EntityManager,
    statement: StatementEntity,
    event: AuditEventEntity,
    /** One more write of the transition, its parameters numbered from `WITH_FROM`. */
    also?: (from: number) => SqlPart,
  ): Promise<void> {
    statement.auditSeq = event.seq;
    statement.auditHash = event.hash;
    const part = also?.(WITH_FROM);
    const [inserted] = (await manager.query(
      part ? writeTransitionSql(part.sql) : WRITE_TRANSITION,
      [statement.id, ...rowValues(statement), ...auditValues(event), ...(part?.values ?? [])],
    )) as { id: string }[];
    event.id = inserted.id;
  }

  /**
   * After an audit note (an act beside the procedure): the new head, and one more lockVersion,
   * as every event counts one, so that If-Match sees the statement changed.
   */
  async writeNoteHead(manager: EntityManager, statement: StatementEntity): Promise<void> {
    await manager.query(WRITE_NOTE_HEAD, [
      statement.id,
      statement.auditSeq,
      statement.auditHash,
      statement.lockVersion,
    ]);
  }

  /** After a new statement's first event. */
  async writeAuditHead(manager: EntityManager, statement: StatementEntity): Promise<void> {
    await manager.query(WRITE_AUDIT_HEAD, [statement.id, statement.auditSeq, statement.auditHash]);
  }
}
