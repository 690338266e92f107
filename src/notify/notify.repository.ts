import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PrincipalEntity } from '../auth/principal.entity';
import { MemberEntity } from '../reference/reference.entities';
import { OutboxMessageEntity } from '../workflow/workflow.entities';
import {
  DeliveryAttemptEntity,
  DeliveryEntity,
  DeliveryStatus,
  WebhookSubscriptionEntity,
} from './notify.entities';

@Injectable()
export class NotifyRepository {
  /** Notifications not yet expanded into deliveries, locked for this transaction. */
  claimUnexpanded(manager: EntityManager, limit: number): Promise<OutboxMessageEntity[]> {
    return manager
      .createQueryBuilder(OutboxMessageEntity, 'm')
      .where('m.expandedAt IS NULL')
      .orderBy('m.createdAt', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  async markExpanded(manager: EntityManager, id: string, at: Date): Promise<void> {
    await manager.update(OutboxMessageEntity, { id }, { expandedAt: at });
  }

  /** Active accounts only: a deactivated officer hears nothing more. */
  focalPoints(manager: EntityManager, members: string[]): Promise<PrincipalEntity[]> {
    if (members.length === 0) return Promise.resolve([]);
    return manager.find(PrincipalEntity, {
      where: { role: 'focal_point', memberCode: In(members), active: true },
    });
  }

  secretariats(manager: EntityManager, members: string[]): Promise<PrincipalEntity[]> {
    if (members.length === 0) return Promise.resolve([]);
    return manager.find(PrincipalEntity, {
      where: { role: 'chair_secretariat', memberCode: In(members), active: true },
    });
  }

  subscriptions(
    manager: EntityManager,
    members: string[],
    principalIds: string[],
  ): Promise<WebhookSubscriptionEntity[]> {
    const where = [
      ...(members.length ? [{ active: true, memberCode: In(members) }] : []),
      ...(principalIds.length ? [{ active: true, principalId: In(principalIds) }] : []),
    ];
    return where.length ? manager.find(WebhookSubscriptionEntity, { where }) : Promise.resolve([]);
  }

  async timeZones(manager: EntityManager): Promise<Map<string, string>> {
    const members = await manager.find(MemberEntity);
    return new Map(members.map((m) => [m.code, m.timeZone]));
  }

  async addDeliveries(
    manager: EntityManager,
    deliveries: Partial<DeliveryEntity>[],
  ): Promise<void> {
    if (deliveries.length) {
      await manager.insert(DeliveryEntity, deliveries as QueryDeepPartialEntity<DeliveryEntity>[]);
    }
  }

  /**
   * Leases up to `limit` deliveries due now, so that no other worker sends them while this one
   * does; a worker that dies leaves the lease to expire and another takes over.
   */
  async lease(
    manager: EntityManager,
    now: Date,
    leaseUntil: Date,
    limit: number,
    channels: string[],
  ): Promise<DeliveryEntity[]> {
    // TypeORM answers an UPDATE with [rows, affected count].
    const [rows]: [{ id: string }[], number] = await manager.query(
      `UPDATE deliveries SET locked_until = $2
        WHERE id IN (SELECT id FROM deliveries
                      WHERE status = 'pending' AND next_attempt_at <= $1
                        AND (locked_until IS NULL OR locked_until <= $1)
                        AND channel = ANY($4)
                      ORDER BY next_attempt_at LIMIT $3
                      FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [now, leaseUntil, limit, channels],
    );
    return rows.length
      ? manager.find(DeliveryEntity, { where: { id: In(rows.map((r) => r.id)) } })
      : [];
  }

  async recordAttempt(
    manager: EntityManager,
    delivery: DeliveryEntity,
    attempt: Omit<DeliveryAttemptEntity, 'id' | 'deliveryId' | 'delivery'>,
    change: Partial<DeliveryEntity>,
  ): Promise<void> {
    await manager.insert(DeliveryAttemptEntity, { deliveryId: delivery.id, ...attempt });
    await manager.update(DeliveryEntity, { id: delivery.id }, {
      ...change,
      lockedUntil: null,
    } as QueryDeepPartialEntity<DeliveryEntity>);
  }

  subscription(manager: EntityManager, id: string): Promise<WebhookSubscriptionEntity | null> {
    return manager.findOneBy(WebhookSubscriptionEntity, { id });
  }

  listDeliveries(
    manager: EntityManager,
    filter: { status?: DeliveryStatus; failing?: boolean; statementId?: string },
    limit: number,
  ): Promise<DeliveryEntity[]> {
    const query = manager
      .createQueryBuilder(DeliveryEntity, 'd')
      .leftJoinAndSelect('d.message', 'm')
      .orderBy('d.createdAt', 'DESC')
      .limit(limit);
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.failing) query.andWhere(`d.status = 'pending' AND d.attempts > 0`);
    if (filter.statementId)
      query.andWhere('m.statementId = :statementId', { statementId: filter.statementId });
    return query.getMany();
  }

  attempts(manager: EntityManager, deliveryId: string): Promise<DeliveryAttemptEntity[]> {
    return manager.find(DeliveryAttemptEntity, {
      where: { deliveryId },
      order: { attemptedAt: 'ASC' },
    });
  }
}
