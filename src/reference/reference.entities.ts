import {
  Column,
  JoinColumn,
  ManyToOne,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';

@Entity('members')
export class MemberEntity {
  /** ISO 3166 alpha-3 code, e.g. THA. */
  @PrimaryColumn({ type: 'varchar', length: 8 })
  code: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'name_th', type: 'text' })
  nameTh: string;

  /** IANA time zone of the member's capital: deadlines are shown to its people in it. */
  @Column({ name: 'time_zone', type: 'varchar', length: 64, default: 'Asia/Jakarta' })
  timeZone: string;
}

@Entity('frameworks')
export class FrameworkEntity {
  @PrimaryColumn({ type: 'varchar', length: 16 })
  code: string;

  @Column({ name: 'name_en', type: 'text' })
  nameEn: string;

  @Column({ name: 'name_th', type: 'text' })
  nameTh: string;

  /**
   * The framework whose chair also chairs this one (ACCSM+3 follows ACCSM): its chair on any
   * day is that framework's, and it has no chair terms of its own.
   */
  @Column({ name: 'chair_follows', type: 'varchar', length: 16, nullable: true })
  chairFollows: string | null;

  @ManyToOne(() => FrameworkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chair_follows' })
  leading?: FrameworkEntity;
}

export type MembershipStatus = 'member' | 'observer';

/** A member's standing in a framework over a period; only `member` rows form an electorate. */
@Entity('memberships')
@Index(['frameworkCode', 'memberCode'])
export class MembershipEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'framework_code', type: 'varchar', length: 16 })
  frameworkCode: string;

  @ManyToOne(() => FrameworkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'framework_code' })
  framework?: FrameworkEntity;

  @Column({ name: 'member_code', type: 'varchar', length: 8 })
  memberCode: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'member_code' })
  member?: MemberEntity;

  @Column({ type: 'varchar', length: 16 })
  status: MembershipStatus;

  /** First day of the standing; null when it is older than any record. */
  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom: string | null;

  /** Last day of the standing; null while it lasts. */
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;

  @Column({ type: 'text', nullable: true })
  source: string | null;
}

@Entity('chair_terms')
@Index(['frameworkCode', 'validFrom'])
export class ChairTermEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'framework_code', type: 'varchar', length: 16 })
  frameworkCode: string;

  @ManyToOne(() => FrameworkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'framework_code' })
  framework?: FrameworkEntity;

  /** The cycle number, e.g. 23 for the 23rd ACCSM. */
  @Column({ type: 'int', nullable: true })
  ordinal: number | null;

  @Column({ name: 'chair_code', type: 'varchar', length: 8 })
  chairCode: string;

  @ManyToOne(() => MemberEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'chair_code' })
  chair?: MemberEntity;

  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  /** Inclusive; on a handover day both the outgoing and the incoming chair may act. */
  @Column({ name: 'valid_to', type: 'date', nullable: true })
  validTo: string | null;

  @Column({ type: 'text', nullable: true })
  theme: string | null;

  @Column({ type: 'text', nullable: true })
  secretariat: string | null;

  @Column({ type: 'text', nullable: true })
  source: string | null;
}

export type MeetingKind = 'PREP' | 'SOM' | 'HCS';

@Entity('meetings')
@Index(['frameworkCode', 'dateFrom'])
export class MeetingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'framework_code', type: 'varchar', length: 16 })
  frameworkCode: string;

  @ManyToOne(() => FrameworkEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'framework_code' })
  framework?: FrameworkEntity;

  @Column({ type: 'varchar', length: 8 })
  kind: MeetingKind;

  @Column({ type: 'int', nullable: true })
  ordinal: number | null;

  @Column({ name: 'date_from', type: 'date' })
  dateFrom: string;

  @Column({ name: 'date_to', type: 'date' })
  dateTo: string;

  @Column({ type: 'text', nullable: true })
  place: string | null;

  @Column({ type: 'text', nullable: true })
  source: string | null;
}
