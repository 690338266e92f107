import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OutboxMessageEntity } from '../engine/engine.entities';

export type Channel = 'email' | 'webhook';
/**
 * `held`: an email kept for its reader's daily digest (due at next_attempt_at); `digested`: sent
 * inside the digest that digest_message_id names.
 */
export type DeliveryStatus = 'pending' | 'sent' | 'dead' | 'held' | 'digested';

/** A webhook for a member's or a user's notifications; the body is signed with the secret. */
@Entity('webhook_subscriptions')
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'member_code', type: 'varchar', length: 8, nullable: true })
  memberCode: string | null;

  @Column({ name: 'principal_id', type: 'uuid', nullable: true })
  principalId: string | null;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text' })
  secret: string;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One message to one recipient on one channel, retried until sent or dead-lettered. */
@Entity('deliveries')
@Index(['status', 'nextAttemptAt'])
@Index(['messageId'])
@Index(['target', 'status'])
export class DeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'message_id', type: 'uuid' })
  messageId: string;

  @ManyToOne(() => OutboxMessageEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'message_id' })
  message?: OutboxMessageEntity;

  @Column({ type: 'varchar', length: 16 })
  channel: Channel;

  /** An email address or a webhook URL. */
  @Column({ type: 'text' })
  target: string;

  @Column({ name: 'principal_id', type: 'uuid', nullable: true })
  principalId: string | null;

  @Column({ name: 'subscription_id', type: 'uuid', nullable: true })
  subscriptionId: string | null;

  @Column({ name: 'member_code', type: 'varchar', length: 8, nullable: true })
  memberCode: string | null;

  @Column({ type: 'varchar', length: 8 })
  language: string;

  @Column({ type: 'text' })
  subject: string;

  /** An email's plain text, or a webhook's JSON body. */
  @Column({ type: 'text' })
  body: string;

  /** An email's HTML part, sent with `body` as its plain-text alternative; null for webhooks. */
  @Column({ type: 'text', nullable: true })
  html: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz' })
  nextAttemptAt: Date;

  /** A worker holds it until then while sending; after a crash another takes it over. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ name: 'dead_at', type: 'timestamptz', nullable: true })
  deadAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The digest (an outbox message of kind `digest`) a held email went out in. */
  @Column({ name: 'digest_message_id', type: 'uuid', nullable: true })
  digestMessageId: string | null;
}

/** Every attempt to send a delivery, as it went. */
@Entity('delivery_attempts')
@Index(['deliveryId'])
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'delivery_id', type: 'uuid' })
  deliveryId: string;

  @ManyToOne(() => DeliveryEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: DeliveryEntity;

  @Column({ name: 'attempted_at', type: 'timestamptz' })
  attemptedAt: Date;

  @Column({ type: 'boolean' })
  ok: boolean;

  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;
}

/**
 * The secret in a member's calendar-feed URL: it reads that member's feed and nothing else.
 * Replacing the link revokes the old secret; only its sha256 is kept.
 */
@Entity('calendar_feeds')
@Index(['memberCode'])
export class CalendarFeedEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'member_code', type: 'varchar', length: 8 })
  memberCode: string;

  @Column({ name: 'secret_hash', type: 'char', length: 64, unique: true })
  secretHash: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
