import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StatementEntity } from './statement.entity';

/** An ad-referendum round; its electorate is fixed when it opens. */
@Entity('rounds')
@Index(['statementId', 'number'], { unique: true })
export class RoundEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'statement_id', type: 'uuid' })
  statementId: string;

  @ManyToOne(() => StatementEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'statement_id' })
  statement?: StatementEntity;

  @Column({ type: 'int' })
  number: number;

  @Column({ name: 'version_number', type: 'int' })
  versionNumber: number;

  @Column({ name: 'version_hash', type: 'char', length: 64 })
  versionHash: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ type: 'timestamptz' })
  deadline: Date;

  @Column({ name: 'silence_rule', type: 'varchar', length: 32 })
  silenceRule: string;

  @Column({ type: 'jsonb' })
  electorate: string[];

  /** Reminders before the deadline, as ISO 8601 durations (P7D, P2D, P1D by default). */
  @Column({ name: 'reminder_offsets', type: 'jsonb', default: () => "'[]'" })
  reminderOffsets: string[];

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  outcome: string | null;
}
