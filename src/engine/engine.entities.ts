import {
  Check,
  Column,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { StatementEntity } from './statement.entity';

/** One append-only audit event per transition, chained by hash to the previous one. */
@Entity('audit_events')
// Every new event arrives signed (the migration adds this NOT VALID: older rows are signed once
// at start), so an unsigned row slipped in by INSERT is refused instead of signed later.
@Check('CHK_audit_events_signed', '"key_id" IS NOT NULL AND "signature" IS NOT NULL')
@Index(['statementId', 'seq'], { unique: true })
export class AuditEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'statement_id', type: 'uuid' })
  statementId: string;

  @ManyToOne(() => StatementEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'statement_id' })
  statement?: StatementEntity;

  @Column({ type: 'int' })
  seq: number;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_label', type: 'text' })
  actorLabel: string;

  /** When the act took effect. */
  @Column({ type: 'timestamptz' })
  at: Date;

  /** When adref stored it. */
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'text_hash', type: 'char', length: 64 })
  textHash: string;

  @Column({ name: 'state_from', type: 'varchar', length: 64, nullable: true })
  stateFrom: string | null;

  @Column({ name: 'state_to', type: 'varchar', length: 64 })
  stateTo: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'prev_hash', type: 'char', length: 64, nullable: true })
  prevHash: string | null;

  @Column({ type: 'char', length: 64 })
  hash: string;

  /** Which of adref's Ed25519 keys signed `hash` (see GET /keys). */
  @Column({ name: 'key_id', type: 'varchar', length: 32, nullable: true })
  keyId: string | null;

  /** Base64 Ed25519 signature of `hash` (its hex string, as UTF-8 bytes). */
  @Column({ type: 'text', nullable: true })
  signature: string | null;
}

/** A public key adref has signed with; kept for ever so that old signatures still verify. */
@Entity('signing_keys')
export class SigningKeyEntity {
  @PrimaryColumn({ name: 'key_id', type: 'varchar', length: 32 })
  keyId: string;

  @Column({ type: 'varchar', length: 16 })
  algorithm: string;

  @Column({ name: 'public_key_pem', type: 'text' })
  publicKeyPem: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The first answer to a write sent with an Idempotency-Key, replayed on a repeat. */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'principal_id', type: 'uuid' })
  principalId: string;

  @PrimaryColumn({ type: 'varchar', length: 200 })
  key: string;

  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash: string;

  @Column({ name: 'status_code', type: 'int' })
  statusCode: number;

  @Column({ type: 'jsonb' })
  response: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/**
 * A notification, written in the transaction of the transition that caused it. The delivery
 * worker later expands it into one delivery per recipient and channel.
 */
@Entity('outbox_messages')
@Index(['expandedAt'])
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The order notifications were written in (created_at can tie); deliveries follow it. */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @Column({ name: 'statement_id', type: 'uuid', nullable: true })
  statementId: string | null;

  @Column({ type: 'varchar', length: 40 })
  kind: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When its deliveries were created; null while it waits for the worker. */
  @Column({ name: 'expanded_at', type: 'timestamptz', nullable: true })
  expandedAt: Date | null;
}
