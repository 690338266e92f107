import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { notFound } from '../common/adref.errors';
import { StatementEntity } from '../engine/statement.entity';
import { TextVersionEntity } from '../engine/text-version.entity';

export interface StatementFilter {
  state?: string;
  framework?: string;
  pendingFor?: string;
  overdueAt?: Date;
  page: number;
  pageSize: number;
}

// Every write takes this lock first: one fixed statement, mapped by hand (no query builder).
const LOCK_STATEMENT = `SELECT * FROM statements WHERE id = $1 FOR UPDATE`;
// An optimistic write reads the row without the lock, and writes only if it is unchanged.
const READ_STATEMENT = `SELECT * FROM statements WHERE id = $1`;

interface StatementRow {
  id: string;
  framework_code: string;
  title: string;
  title_th: string | null;
  state: string;
  round_state: string | null;
  machine_version: number;
  snapshot: unknown;
  lock_version: number;
  current_version: number;
  current_hash: string;
  open_deadline: Date | string | null;
  outstanding: string[];
  audit_seq: number;
  audit_hash: string | null;
  created_by: string;
  created_at: Date | string;
  updated_at: Date | string;
  import_key: string | null;
  imported_at: Date | string | null;
}

const dateOrNull = (value: Date | string | null): Date | null =>
  value === null ? null : new Date(value);

function statementOf(row: StatementRow): StatementEntity {
  return Object.assign(new StatementEntity(), {
    id: row.id,
    frameworkCode: row.framework_code,
    title: row.title,
    titleTh: row.title_th,
    state: row.state,
    roundState: row.round_state,
    machineVersion: row.machine_version,
    snapshot: typeof row.snapshot === 'string' ? JSON.parse(row.snapshot) : row.snapshot,
    lockVersion: row.lock_version,
    currentVersion: row.current_version,
    currentHash: row.current_hash,
    openDeadline: dateOrNull(row.open_deadline),
    outstanding: row.outstanding,
    auditSeq: row.audit_seq,
    auditHash: row.audit_hash,
    createdBy: row.created_by,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    importKey: row.import_key,
    importedAt: dateOrNull(row.imported_at),
  });
}

@Injectable()
export class StatementsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Locks the statement row for the rest of the transaction: changes to one statement run one at a time. */
  async lock(manager: EntityManager, id: string): Promise<StatementEntity> {
    const [row] = (await manager.query(LOCK_STATEMENT, [id])) as StatementRow[];
    if (!row) throw notFound('statement', id);
    return statementOf(row);
  }

  /** The row as it is now, unlocked, for a write that checks it is unchanged when it writes. */
  async read(manager: EntityManager, id: string): Promise<StatementEntity> {
    const [row] = (await manager.query(READ_STATEMENT, [id])) as StatementRow[];
    if (!row) throw notFound('statement', id);
    return statementOf(row);
  }

  async find(id: string, manager = this.manager): Promise<StatementEntity> {
    const statement = await manager.findOneBy(StatementEntity, { id });
    if (!statement) throw notFound('statement', id);
    return statement;
  }

  /**
   * One page of the board and how many statements match, in one round trip. Each filter is a
   * fixed condition on an indexed column, so the page is read in the board's order straight
   * off an index and stops at its last row; the count never reads the wide rows for
   * `pendingFor` alone (the narrow statement_outstanding table's primary key answers it).
   */
  async list(filter: StatementFilter): Promise<{ items: StatementEntity[]; total: number }> {
    const values: unknown[] = [];
    const param = (value: unknown) => `$${values.push(value)}`;
    const where: string[] = [];
    if (filter.state) where.push(`s.state = ${param(filter.state)}`);
    if (filter.framework) where.push(`s.framework_code = ${param(filter.framework)}`);
    const member = filter.pendingFor ? param(filter.pendingFor) : null;
    if (member) {
      // In the open round's electorate, with no answer yet or only "pending domestic
      // clearance" (statements.outstanding, which triggers copy to statement_outstanding).
      where.push(
        `s.id IN (SELECT o.statement_id FROM statement_outstanding o WHERE o.member = ${member})`,
      );
    }
    if (filter.overdueAt) {
      where.push(`s.state = 'ad_referendum' AND s.open_deadline < ${param(filter.overdueAt)}`);
    }
    const condition = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const count =
      member && where.length === 1
        ? `SELECT count(*) FROM statement_outstanding o WHERE o.member = ${member}`
        : `SELECT count(*) FROM statements s ${condition}`;
    const limit = param(filter.pageSize);
    const offset = param((filter.page - 1) * filter.pageSize);
    const rows = (await this.manager.query(
      `WITH page AS (SELECT s.* FROM statements s ${condition}
                      ORDER BY s.open_deadline ASC NULLS LAST, s.updated_at DESC, s.id ASC
                      LIMIT ${limit} OFFSET ${offset})
       SELECT (${count}) AS board_total, page.* FROM (VALUES (1)) one LEFT JOIN page ON true`,
      values,
    )) as (StatementRow & { board_total: string })[];
    return {
      items: rows.filter((row) => row.id !== null).map(statementOf),
      total: Number(rows[0].board_total),
    };
  }

  /** A new statement row for the runtime to start; not saved yet. */
  newStatement(
    manager: EntityManager,
    fields: Pick<
      StatementEntity,
      'frameworkCode' | 'title' | 'titleTh' | 'currentVersion' | 'currentHash' | 'createdBy'
    >,
  ): StatementEntity {
    return manager.create(StatementEntity, fields);
  }

  async addVersion(
    manager: EntityManager,
    version: Omit<TextVersionEntity, 'statement'>,
  ): Promise<void> {
    await manager.save(TextVersionEntity, manager.create(TextVersionEntity, version));
  }

  versions(statementId: string, manager = this.manager): Promise<TextVersionEntity[]> {
    return manager.find(TextVersionEntity, {
      where: { statementId },
      order: { number: 'ASC' },
    });
  }

  async version(
    statementId: string,
    number: number,
    manager = this.manager,
  ): Promise<TextVersionEntity> {
    const version = await manager.findOneBy(TextVersionEntity, { statementId, number });
    if (!version) throw notFound(`version of statement ${statementId}`, number);
    return version;
  }
}
