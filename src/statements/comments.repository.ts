import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { TextVersionEntity } from '../engine/text-version.entity';
import { CommentEntity } from './comment.entity';

@Injectable()
export class CommentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Oldest first. */
  list(statementId: string): Promise<CommentEntity[]> {
    return this.dataSource.manager.find(CommentEntity, {
      where: { statementId },
      order: { seq: 'ASC' },
    });
  }

  findOfStatement(
    manager: EntityManager,
    statementId: string,
    id: string,
  ): Promise<CommentEntity | null> {
    return manager.findOneBy(CommentEntity, { id, statementId });
  }

  insert(
    manager: EntityManager,
    comment: Omit<CommentEntity, 'id' | 'seq'>,
  ): Promise<CommentEntity> {
    return manager.save(manager.create(CommentEntity, comment));
  }

  /** A text version's body, read in the caller's transaction. */
  async versionBody(
    manager: EntityManager,
    statementId: string,
    number: number,
  ): Promise<string | null> {
    const version = await manager.findOneBy(TextVersionEntity, { statementId, number });
    return version?.body ?? null;
  }
}
