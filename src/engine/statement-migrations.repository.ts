import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { StatementEntity } from './statement.entity';

/** The statement rows a procedure migration reads and moves. */
@Injectable()
export class StatementMigrationsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Ids of the statements on a version older than `version`, oldest first. */
  async idsBelow(version: number): Promise<string[]> {
    const rows = await this.dataSource.getRepository(StatementEntity).find({
      where: { machineVersion: LessThan(version) },
      select: { id: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => row.id);
  }

  find(id: string): Promise<StatementEntity | null> {
    return this.dataSource.getRepository(StatementEntity).findOneBy({ id });
  }

  /** The row, locked until the transaction ends: migrations queue behind writes, and after. */
  lock(manager: EntityManager, id: string): Promise<StatementEntity | null> {
    return manager.findOne(StatementEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
