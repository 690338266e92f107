import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StatementEntity } from './statement.entity';

export type TimerKind = 'deadline' | 'reminder';
export type TimerStatus = 'pending' | 'fired' | 'skipped' | 'cancelled';

/** A durable deadline or reminder: due at an absolute time, fired once by any instance. */
@Entity('timers')
@Index(['status', 'dueAt'])
@Index(['statementId', 'roundNumber'])
export class TimerEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'statement_id', type: 'uuid' })
  statementId: string;

  @ManyToOne(() => StatementEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'statement_id' })
  statement?: StatementEntity;

  @Column({ name: 'round_number', type: 'int' })
  roundNumber: number;

  @Column({ type: 'varchar', length: 16 })
  kind: TimerKind;

  /** For a reminder, how long before the deadline (ISO 8601 duration). */
  @Column({ name: 'offset', type: 'varchar', length: 32, nullable: true })
  offset: string | null;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'varchar', length: 16 })
  status: TimerStatus;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** When it fired, was skipped or was cancelled. */
  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true })
  settledAt: Date | null;

  /** Until when an instance holds it to fire it (a lease, so that a crash only delays it). */
  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  /** Why it was skipped or cancelled. */
  @Column({ type: 'text', nullable: true })
  note: string | null;
}
