import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { OutboxMessageEntity } from './engine.entities';

/** Notifications are rows written with the transition; delivery reads them after commit. */
@Injectable()
export class OutboxRepository {
  async add(
    manager: EntityManager,
    message: {
      statementId: string | null;
      kind: string;
      payload: Record<string, unknown>;
      createdAt: Date;
    },
  ): Promise<void> {
    await manager.save(manager.create(OutboxMessageEntity, { ...message, expandedAt: null }));
  }
}
