import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { Round, StatementContext } from '../../workflows/statement/statement.types';
import { MemberEntity } from '../reference/reference.entities';
import { StatementEntity } from '../engine/statement.entity';
import { CalendarFeedEntity } from './notify.entities';

/** A statement in ad referendum with its open round, as a member's feed shows it. */
export interface OpenRound {
  statementId: string;
  title: string;
  frameworkCode: string;
  round: Round;
}

/** The reads and writes of calendar feeds: their secrets (as sha256) and what they show. */
@Injectable()
export class CalendarRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  member(code: string, manager?: EntityManager): Promise<MemberEntity | null> {
    return this.manager(manager).findOneBy(MemberEntity, { code });
  }

  /** Holds the member's row for the transaction, so that link changes of one member run in turn. */
  async lockMember(manager: EntityManager, code: string): Promise<void> {
    await manager.findOne(MemberEntity, { where: { code }, lock: { mode: 'pessimistic_write' } });
  }

  async insertFeed(
    manager: EntityManager,
    memberCode: string,
    secretHash: string,
    at: Date,
  ): Promise<void> {
    await manager.insert(CalendarFeedEntity, { memberCode, secretHash, createdAt: at });
  }

  /** Revokes every live secret of the member; returns how many. */
  async revokeLive(manager: EntityManager, memberCode: string, at: Date): Promise<number> {
    const result = await manager.update(
      CalendarFeedEntity,
      { memberCode, revokedAt: IsNull() },
      { revokedAt: at },
    );
    return result.affected ?? 0;
  }

  /** The live feed of this member with this secret hash, if any. */
  liveFeed(memberCode: string, secretHash: string): Promise<CalendarFeedEntity | null> {
    return this.manager().findOneBy(CalendarFeedEntity, {
      memberCode,
      secretHash,
      revokedAt: IsNull(),
    });
  }

  /** Statements in ad referendum whose open round has this member in its electorate. */
  async openRoundsFor(memberCode: string): Promise<OpenRound[]> {
    const statements = await this.manager()
      .createQueryBuilder(StatementEntity, 's')
      .select(['s.id', 's.title', 's.frameworkCode', 's.snapshot', 's.openDeadline'])
      .where(`s.state = 'ad_referendum'`)
      .andWhere(
        `(s.snapshot #> '{context,round,electorate}') @> jsonb_build_array(CAST(:code AS text))`,
        { code: memberCode },
      )
      .orderBy('s.openDeadline', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .getMany();
    return statements.map((s) => ({
      statementId: s.id,
      title: s.title,
      frameworkCode: s.frameworkCode,
      round: (s.snapshot as { context: StatementContext }).context.round!,
    }));
  }
}
