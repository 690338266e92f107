import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
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

  async find(id: string, manager = this.manager): Promise<StatementEntity> {
    const statement = await manager.findOneBy(StatementEntity, { id });
    if (!statement) throw notFound('statement', id);
    return statement;
  }

  async list(filter: StatementFilter): Promise<{ items: StatementEntity[]; total: number }> {
    const query = this.manager.createQueryBuilder(StatementEntity, 's');
    if (filter.state) query.andWhere('s.state = :state', { state: filter.state });
    if (filter.framework)
      query.andWhere('s.frameworkCode = :framework', { framework: filter.framework });
    if (filter.pendingFor) {
      // In the open round's electorate, with no answer yet or only "pending domestic clearance":
      // the projected column, kept by the runtime in each transition (GIN index).
      query.andWhere('s.outstanding @> ARRAY[CAST(:member AS varchar)]', {
        member: filter.pendingFor,
      });
    }
    if (filter.overdueAt) {
      query
        .andWhere(`s.state = 'ad_referendum'`)
        .andWhere('s.openDeadline < :now', { now: filter.overdueAt });
    }
    // The page's ids first, sorted on the board's index without carrying the snapshots, then
    // only those rows: sorting thousands of full rows (snapshot JSON included) was the cost.
    const [page, total] = await Promise.all([
      query
        .clone()
        .select('s.id', 'id')
        .orderBy('s.openDeadline', 'ASC', 'NULLS LAST')
        .addOrderBy('s.updatedAt', 'DESC')
        .addOrderBy('s.id', 'ASC')
        .offset((filter.page - 1) * filter.pageSize)
        .limit(filter.pageSize)
        .getRawMany<{ id: string }>(),
      query.getCount(),
    ]);
    const ids = page.map((row) => row.id);
    const rows = ids.length ? await this.manager.findBy(StatementEntity, { id: In(ids) }) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return { items: ids.flatMap((id) => byId.get(id) ?? []), total };
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
