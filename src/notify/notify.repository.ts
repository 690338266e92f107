import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { PrincipalEntity } from '../common/principal.entity';
import { MemberEntity } from '../reference/reference.entities';
import { OutboxMessageEntity } from '../engine/engine.entities';
import { TextVersionEntity } from '../engine/text-version.entity';
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
      .orderBy('m.seq', 'ASC')
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

  /** People named by id (e.g. the users who made the proposals a new version decided). */
  activePrincipals(manager: EntityManager, ids: string[]): Promise<PrincipalEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.find(PrincipalEntity, { where: { id: In(ids), active: true } });
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
    // A recipient hears of events in the order they happened: nothing goes to an address while
    // an earlier message to it is still pending (waiting, retrying or being sent). What is dead
    // no longer holds the others back.
    const rows: { id: string }[] = await manager.query(
      `WITH due AS (
         SELECT d.id, m.seq FROM deliveries d JOIN outbox_messages m ON m.id = d.message_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= $1
            AND (d.locked_until IS NULL OR d.locked_until <= $1)
            AND d.channel = ANY($4)
            AND NOT EXISTS (
                SELECT 1 FROM deliveries e JOIN outbox_messages n ON n.id = e.message_id
                 WHERE e.target = d.target AND e.status = 'pending' AND e.channel = d.channel
                   AND (n.seq < m.seq OR (n.seq = m.seq AND e.id < d.id)))
          ORDER BY m.seq, d.id LIMIT $3
          FOR UPDATE OF d SKIP LOCKED),
       leased AS (
         UPDATE deliveries SET locked_until = $2 FROM due WHERE deliveries.id = due.id
         RETURNING deliveries.id, due.seq)
       SELECT id FROM leased ORDER BY seq, id`,
      [now, leaseUntil, limit, channels],
    );
    if (!rows.length) return [];
    const found = await manager.find(DeliveryEntity, { where: { id: In(rows.map((r) => r.id)) } });
    const byId = new Map(found.map((delivery) => [delivery.id, delivery]));
    return rows.map((row) => byId.get(row.id)!).filter(Boolean);
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

  /**
   * The held emails due now of up to `limit` readers, locked for this transaction (another
   * worker skips them), each reader's together, in the order they were written.
   */
  async claimDueHeld(manager: EntityManager, now: Date, limit: number): Promise<DeliveryEntity[]> {
    const rows: { id: string }[] = await manager.query(
      `SELECT d.id FROM deliveries d JOIN outbox_messages m ON m.id = d.message_id
        WHERE d.status = 'held' AND d.channel = 'email' AND d.next_attempt_at <= $1
          AND d.principal_id IN (
              SELECT DISTINCT h.principal_id FROM deliveries h
               WHERE h.status = 'held' AND h.channel = 'email' AND h.next_attempt_at <= $1
               ORDER BY h.principal_id LIMIT $2)
        ORDER BY d.principal_id, m.seq, d.id
        FOR UPDATE OF d SKIP LOCKED`,
      [now, limit],
    );
    if (!rows.length) return [];
    const found = await manager.find(DeliveryEntity, { where: { id: In(rows.map((r) => r.id)) } });
    const byId = new Map(found.map((delivery) => [delivery.id, delivery]));
    return rows.map((row) => byId.get(row.id)!).filter(Boolean);
  }

  principal(manager: EntityManager, id: string): Promise<PrincipalEntity | null> {
    return manager.findOneBy(PrincipalEntity, { id });
  }

  /** A digest: its own notification (expanded already) and its one email, due now. */
  async addDigest(
    manager: EntityManager,
    digest: { payload: Record<string, unknown>; at: Date; email: Partial<DeliveryEntity> },
  ): Promise<string> {
    const message = await manager.save(
      manager.create(OutboxMessageEntity, {
        statementId: null,
        kind: 'digest',
        payload: digest.payload,
        createdAt: digest.at,
        expandedAt: digest.at,
      }),
    );
    await this.addDeliveries(manager, [{ ...digest.email, messageId: message.id }]);
    return message.id;
  }

  async markDigested(
    manager: EntityManager,
    ids: string[],
    digestMessageId: string,
  ): Promise<void> {
    await manager.update(
      DeliveryEntity,
      { id: In(ids) },
      { status: 'digested', digestMessageId, lockedUntil: null },
    );
  }

  /** The body of a text version of a statement, or null. */
  async textBody(
    manager: EntityManager,
    statementId: string,
    number: number,
  ): Promise<string | null> {
    const version = await manager.findOneBy(TextVersionEntity, { statementId, number });
    return version?.body ?? null;
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

  delivery(manager: EntityManager, id: string): Promise<DeliveryEntity | null> {
    return manager.findOneBy(DeliveryEntity, { id });
  }

  /** The delivery, locked for this transaction (a redrive and a worker must not both act). */
  lockDelivery(manager: EntityManager, id: string): Promise<DeliveryEntity | null> {
    return manager.findOne(DeliveryEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Due again now, with a fresh budget of attempts. */
  async resetDelivery(manager: EntityManager, id: string, now: Date): Promise<DeliveryEntity> {
    await manager.update(
      DeliveryEntity,
      { id },
      { status: 'pending', attempts: 0, deadAt: null, nextAttemptAt: now, lockedUntil: null },
    );
    return manager.findOneByOrFail(DeliveryEntity, { id });
  }

  webhooks(manager: EntityManager): Promise<WebhookSubscriptionEntity[]> {
    return manager.find(WebhookSubscriptionEntity, { order: { createdAt: 'ASC' } });
  }

  async principalExists(manager: EntityManager, id: string): Promise<boolean> {
    return (await manager.countBy(PrincipalEntity, { id })) > 0;
  }

  addWebhook(
    manager: EntityManager,
    subscription: Pick<
      WebhookSubscriptionEntity,
      'memberCode' | 'principalId' | 'url' | 'secret' | 'createdAt'
    >,
  ): Promise<WebhookSubscriptionEntity> {
    return manager.save(
      manager.create(WebhookSubscriptionEntity, { ...subscription, active: true }),
    );
  }

  /** False when there is no such subscription. */
  async deactivateWebhook(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager.update(WebhookSubscriptionEntity, { id }, { active: false });
    return Boolean(result.affected);
  }
}
