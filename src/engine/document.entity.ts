import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PositionEntity } from './position.entity';
import { StatementEntity } from './statement.entity';

export const DOCUMENT_KINDS = ['note_verbale', 'annex', 'draft', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/**
 * A document attached to a statement: the bytes as received, their sha256 and the type judged
 * from the content. Rows are append-only (a trigger refuses UPDATE and DELETE): a corrected
 * note verbale is a new document.
 */
@Entity('documents')
@Index(['statementId'])
export class DocumentEntity {
  /** Chosen by adref before the insert, so the audit event that attaches it can name it. */
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'statement_id', type: 'uuid' })
  statementId: string;

  @ManyToOne(() => StatementEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'statement_id' })
  statement?: StatementEntity;

  @Column({ type: 'varchar', length: 16 })
  kind: DocumentKind;

  /** The name the uploader gave, cleaned of folders and control characters. */
  @Column({ type: 'text' })
  filename: string;

  /** The type file-type found in the content, never the one the uploader declared. */
  @Column({ name: 'content_type', type: 'varchar', length: 128 })
  contentType: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  /** The position it goes with (a note verbale), if any. */
  @Column({ name: 'position_id', type: 'uuid', nullable: true })
  positionId: string | null;

  @ManyToOne(() => PositionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'position_id' })
  position?: PositionEntity;

  /** The text proposal it goes with, if any. */
  @Column({ name: 'proposal_id', type: 'uuid', nullable: true })
  proposalId: string | null;

  // By the entity's name: proposals are a feature above the engine, never imported here.
  @ManyToOne('ProposalEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'proposal_id' })
  proposal?: { id: string };

  /** The member it speaks for: the position's member, or the uploader's. */
  @Column({ name: 'member_code', type: 'varchar', length: 8, nullable: true })
  memberCode: string | null;

  @Column({ name: 'uploaded_by', type: 'uuid' })
  uploadedBy: string;

  @Column({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt: Date;
}
