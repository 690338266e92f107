import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { RoundEntity } from './round.entity';

/** A recorded position; a later one for the same member and round supersedes it, never overwrites. */
@Entity('positions')
@Index(['roundId', 'memberCode'], { unique: true, where: 'superseded_at IS NULL' })
@Index(['statementId'])
export class PositionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'statement_id', type: 'uuid' })
  statementId: string;

  @Column({ name: 'round_id', type: 'uuid' })
  roundId: string;

  @ManyToOne(() => RoundEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'round_id' })
  round?: RoundEntity;

  @Column({ name: 'member_code', type: 'varchar', length: 8 })
  memberCode: string;

  @Column({ type: 'varchar', length: 32 })
  position: string;

  @Column({ name: 'version_hash', type: 'char', length: 64 })
  versionHash: string;

  /** Reservation, interpretative statement or reasons for an objection. */
  @Column({ type: 'text', nullable: true })
  text: string | null;

  /** Note verbale or other reference when the secretariat recorded it on the member's behalf. */
  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @Column({ name: 'on_behalf', type: 'boolean' })
  onBehalf: boolean;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  /** When the government's position took effect. */
  @Column({ name: 'taken_at', type: 'timestamptz' })
  takenAt: Date;

  /** When it was entered into adref. */
  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt: Date | null;
}
