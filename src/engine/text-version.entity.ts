import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StatementEntity } from './statement.entity';

/** An immutable text version; its sha256 binds the positions given on it. */
@Entity('text_versions')
export class TextVersionEntity {
  @PrimaryColumn({ name: 'statement_id', type: 'uuid' })
  statementId: string;

  @ManyToOne(() => StatementEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'statement_id' })
  statement?: StatementEntity;

  @PrimaryColumn({ type: 'int' })
  number: number;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'char', length: 64 })
  hash: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** Paragraph number in the previous version → number here, or null (deleted); null for version 1. */
  @Column({ name: 'paragraph_map', type: 'jsonb', nullable: true })
  paragraphMap: Record<string, number | null> | null;
}
