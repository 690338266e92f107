import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AccountEventEntity } from './account.entities';

/** What happened to an account; `type` names it (see AccountEventType). */
export type AccountEventType =
  | 'USER_CREATED'
  | 'USER_UPDATED'
  | 'USER_DEACTIVATED'
  | 'USER_REACTIVATED'
  | 'TOKEN_ISSUED'
  | 'TOKEN_ROTATED'
  | 'SIGNED_OUT_EVERYWHERE'
  | 'ADMIN_TOKEN_REPLACED'
  | 'ADMIN_TOKEN_RETIRED';

/** Who made a change: a principal, or adref itself (actorId null) at start. */
export interface Actor {
  id: string | null;
  label: string;
}

export interface NewAccountEvent {
  principalId: string;
  actor: Actor;
  type: AccountEventType;
  details: Record<string, unknown>;
  at: Date;
}

/** The account history: append-only (a trigger refuses UPDATE and DELETE). */
@Injectable()
export class AccountEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async append(manager: EntityManager, event: NewAccountEvent): Promise<void> {
    await manager.save(
      manager.create(AccountEventEntity, {
        principalId: event.principalId,
        actorId: event.actor.id,
        actorLabel: event.actor.label,
        type: event.type,
        details: event.details,
        at: event.at,
      }),
    );
  }

  /** One account's history, oldest first. */
  list(principalId: string): Promise<AccountEventEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(AccountEventEntity, 'e')
      .where('e.principal_id = :principalId', { principalId })
      .orderBy('e.at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .getMany();
  }
}
