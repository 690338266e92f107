import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { RoundEntity } from './round.entity';

/**
 * A recorded position. Rows are append-only: a later position for the same member and round
 * is a new row that names the one it supersedes, so each member's positions form one chain.
 */
@Entity('positions')
@Index(['roundId', 'memberCode'], { unique: true, where: 'supersedes_id IS NULL' })
@Index(['supersedesId'], { unique: true })
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

  /** The member's previous position in this round, which this one replaces. */
  @Column({ name: 'supersedes_id', type: 'uuid', nullable: true })
  supersedesId: string | null;

  /** Not stored: when the member's next position replaced this one (see positionHistory). */
  supersededAt?: Date | null;
}
