import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { StatementEntity } from '../engine/statement.entity';

export const PROPOSAL_STATES = ['open', 'accepted', 'rejected', 'withdrawn'] as const;
export type ProposalState = (typeof PROPOSAL_STATES)[number];

/**
 * A member's proposed text for one paragraph of one version. It never moves the procedure; its
 * fate (accepted or rejected, with the version that decided it) is written with that version.
 */
@Entity('text_proposals')
@Index(['statementId', 'createdAt'])
export class ProposalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'statement_id', type: 'uuid' })
  statementId: string;

  @ManyToOne(() => StatementEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'statement_id' })
  statement?: StatementEntity;

  @Column({ name: 'member_code', type: 'varchar', length: 8 })
  memberCode: string;

  /** The paragraph's number in the version it was made on. */
  @Column({ type: 'int' })
  paragraph: number;

  @Column({ name: 'version_number', type: 'int' })
  versionNumber: number;

  @Column({ name: 'version_hash', type: 'char', length: 64 })
  versionHash: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', nullable: true })
  rationale: string | null;

  /** The user who made it: the member's focal point, or the secretariat on its behalf. */
  @Column({ name: 'proposed_by', type: 'uuid' })
  proposedBy: string;

  @Column({ name: 'on_behalf', type: 'boolean' })
  onBehalf: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'open' })
  state: ProposalState;

  /** The version whose making accepted or rejected it. */
  @Column({ name: 'decided_in_version', type: 'int', nullable: true })
  decidedInVersion: number | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  /** Why the chair rejected it. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;
}
