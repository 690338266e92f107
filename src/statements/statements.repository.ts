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

@Injectable()
export class StatementsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Locks the statement row for the rest of the transaction: changes to one statement run one at a time. */
  async lock(manager: EntityManager, id: string): Promise<StatementEntity> {
    const statement = await manager.findOne(StatementEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!statement) throw notFound('statement', id);
    return statement;
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
    const [items, total] = await query
      .orderBy('s.openDeadline', 'ASC', 'NULLS LAST')
      .addOrderBy('s.updatedAt', 'DESC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount();
    return { items, total };
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

  versions(statementId: string): Promise<TextVersionEntity[]> {
    return this.manager.find(TextVersionEntity, {
      where: { statementId },
      order: { number: 'ASC' },
    });
  }

  async version(statementId: string, number: number): Promise<TextVersionEntity> {
    const version = await this.manager.findOneBy(TextVersionEntity, { statementId, number });
    if (!version) throw notFound(`version of statement ${statementId}`, number);
    return version;
  }
}
