import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { PrincipalEntity } from '../common/principal.entity';
import { ProposalEntity } from './proposal.entity';

export type NewProposal = Omit<
  ProposalEntity,
  'id' | 'statement' | 'state' | 'decidedInVersion' | 'decidedAt' | 'decidedBy' | 'reason'
>;

/** Text proposals: made, read, and decided with the version that decides them. */
@Injectable()
export class ProposalsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  add(manager: EntityManager, proposal: NewProposal): Promise<ProposalEntity> {
    return manager.save(
      ProposalEntity,
      manager.create(ProposalEntity, {
        ...proposal,
        state: 'open',
        decidedInVersion: null,
        decidedAt: null,
        decidedBy: null,
        reason: null,
      }),
    );
  }

  /** Oldest first. */
  ofStatement(statementId: string, manager = this.dataSource.manager): Promise<ProposalEntity[]> {
    return manager.find(ProposalEntity, {
      where: { statementId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  byIds(manager: EntityManager, statementId: string, ids: string[]): Promise<ProposalEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.find(ProposalEntity, { where: { statementId, id: In(ids) } });
  }

  async setState(
    manager: EntityManager,
    id: string,
    fields: Pick<
      ProposalEntity,
      'state' | 'decidedInVersion' | 'decidedAt' | 'decidedBy' | 'reason'
    >,
  ): Promise<void> {
    await manager.update(ProposalEntity, { id }, fields);
  }

  people(ids: string[], manager = this.dataSource.manager): Promise<PrincipalEntity[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return Promise.resolve([]);
    return manager.find(PrincipalEntity, { where: { id: In(unique) } });
  }
}
