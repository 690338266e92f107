import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type Role = 'admin' | 'chair_secretariat' | 'focal_point' | 'observer';
export const ROLES: readonly Role[] = ['admin', 'chair_secretariat', 'focal_point', 'observer'];

export type Language = 'en' | 'th';

/** `daily`: notifications by mail wait for one digest a day, at 08:00 in the member's capital. */
export type Digest = 'none' | 'daily';
export const DIGESTS: readonly Digest[] = ['none', 'daily'];
export const LANGUAGES: readonly Language[] = ['en', 'th'];

/**
 * A person or system that signs in: with API tokens (ApiTokenEntity), a sign-in link by email
 * or the government's identity provider (SessionEntity). A deactivated one signs in nowhere.
 */
@Entity('principals')
export class PrincipalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  /** Stored lower-case; unique. */
  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ type: 'varchar', length: 32 })
  role: Role;

  /** The member a secretariat or focal point acts for. */
  @Column({ name: 'member_code', type: 'varchar', length: 8, nullable: true })
  memberCode: string | null;

  /** The language messages and pages are given in. */
  @Column({ type: 'varchar', length: 8, default: 'en' })
  language: Language;

  /** Mail per notification (`none`) or one digest a day (`daily`). */
  @Column({ type: 'varchar', length: 8, default: 'none' })
  digest: Digest;

  /** False stops every credential of this principal at once. */
  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', nullable: true })
  updatedAt: Date | null;
}
