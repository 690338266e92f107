import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AUDIT_COLUMNS, auditValues, placeholders } from './audit.repository';
import { AuditEventEntity } from './engine.entities';
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

// One fixed text, so the database parses the same statement every time: the row and its audit
// event in one round trip (a data-modifying CTE runs even though nothing selects from it).
const WRITE_TRANSITION = `
  WITH moved AS (UPDATE statements SET ${SET} WHERE id = $1)
  INSERT INTO audit_events (${AUDIT_COLUMNS})
  VALUES (${placeholders(ROW_COLUMNS.length + 2, 15)})
  RETURNING id`;

const WRITE_AUDIT_HEAD = `UPDATE statements SET audit_seq = $2, audit_hash = $3 WHERE id = $1`;

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
  ): Promise<void> {
    statement.auditSeq = event.seq;
    statement.auditHash = event.hash;
    const [inserted] = (await manager.query(WRITE_TRANSITION, [
      statement.id,
      ...rowValues(statement),
      ...auditValues(event),
    ])) as { id: string }[];
    event.id = inserted.id;
  }

  /** After a new statement's first event. */
  async writeAuditHead(manager: EntityManager, statement: StatementEntity): Promise<void> {
    await manager.query(WRITE_AUDIT_HEAD, [statement.id, statement.auditSeq, statement.auditHash]);
  }
}
