import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';

/** A statement and the persisted snapshot of the machine it runs on. */
@Entity('statements')
@Index(['state'])
@Index(['frameworkCode'])
// Made by the migrations (a sort order and a partial index TypeORM cannot describe): the board's
// sort, and the overdue filter. `?pendingFor=` reads statement_outstanding, kept by triggers.
@Index('IDX_statements_board_order', { synchronize: false })
@Index('IDX_statements_open_deadline', { synchronize: false })
export class StatementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'framework_code', type: 'varchar', length: 16 })
  frameworkCode: string;

  // By the entity's name: the reference data is a feature above the engine, never imported here.
  @ManyToOne('FrameworkEntity', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'framework_code' })
  framework?: { code: string };

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'title_th', type: 'text', nullable: true })
  titleTh: string | null;

  /** Top-level machine state, kept beside the snapshot for filtering. */
  @Column({ type: 'varchar', length: 32 })
  state: string;

  /** The ad-referendum sub-state while a round is open. */
  @Column({ name: 'round_state', type: 'varchar', length: 32, nullable: true })
  roundState: string | null;

  @Column({ name: 'machine_version', type: 'int' })
  machineVersion: number;

  @Column({ type: 'jsonb' })
  snapshot: unknown;

  /** Optimistic version: +1 on every change, compared with If-Match. */
  @Column({ name: 'lock_version', type: 'int' })
  lockVersion: number;

  @Column({ name: 'current_version', type: 'int' })
  currentVersion: number;

  @Column({ name: 'current_hash', type: 'char', length: 64 })
  currentHash: string;

  /** Deadline of the open round, for the board's "overdue" filter. */
  @Column({ name: 'open_deadline', type: 'timestamptz', nullable: true })
  openDeadline: Date | null;

  /**
   * Electors of the open round who have not endorsed or objected (no answer, or pending
   * domestic clearance): the board's `pendingFor`, kept in the transaction that changes it.
   */
  @Column({ type: 'varchar', length: 8, array: true, default: () => "'{}'" })
  outstanding: string[];

  /** The audit chain's head, kept on the row so that appending an event reads nothing more. */
  @Column({ name: 'audit_seq', type: 'int', default: 0 })
  auditSeq: number;

  @Column({ name: 'audit_hash', type: 'char', length: 64, nullable: true })
  auditHash: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** The import file's key, for a statement imported from the records before adref. */
  @Index({ unique: true })
  @Column({ name: 'import_key', type: 'varchar', length: 200, nullable: true })
  importKey: string | null;

  @Column({ name: 'imported_at', type: 'timestamptz', nullable: true })
  importedAt: Date | null;
}
