import {
  Column,
  Entity,
  Generated,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { StatementEntity } from '../engine/statement.entity';

/**
 * A comment on a statement's text: bound to the version it was written on (number and sha256),
 * optionally to one of that version's paragraphs and to the comment it answers. Append-only;
 * a comment is not a position and never moves the procedure.
 */
@Entity('statement_comments')
@Index(['statementId', 'createdAt'])
export class CommentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The order comments were written in (created_at can tie). */
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq: string;

  @Column({ name: 'statement_id', type: 'uuid' })
  statementId: string;

  @ManyToOne(() => StatementEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'statement_id' })
  statement?: StatementEntity;

  @Column({ name: 'version_number', type: 'int' })
  versionNumber: number;

  @Column({ name: 'version_hash', type: 'char', length: 64 })
  versionHash: string;

  /** 1-based paragraph of that version; null for the text as a whole. */
  @Column({ type: 'int', nullable: true })
  paragraph: number | null;

  @Column({ name: 'reply_to_id', type: 'uuid', nullable: true })
  replyToId: string | null;

  @ManyToOne(() => CommentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reply_to_id' })
  replyTo?: CommentEntity;

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ name: 'author_label', type: 'text' })
  authorLabel: string;

  /** The member the author acts for, if any. */
  @Column({ name: 'member_code', type: 'varchar', length: 8, nullable: true })
  memberCode: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
