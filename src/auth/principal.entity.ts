import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type Role = 'admin' | 'chair_secretariat' | 'focal_point' | 'observer';
export const ROLES: readonly Role[] = ['admin', 'chair_secretariat', 'focal_point', 'observer'];

export type Language = 'en' | 'th';
export const LANGUAGES: readonly Language[] = ['en', 'th'];

/** A person or system that signs in with a bearer token; only the token's sha256 is kept. */
@Entity('principals')
export class PrincipalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'varchar', length: 32 })
  role: Role;

  /** The member a secretariat or focal point acts for. */
  @Column({ name: 'member_code', type: 'varchar', length: 8, nullable: true })
  memberCode: string | null;

  /** The language messages and pages are given in. */
  @Column({ type: 'varchar', length: 8, default: 'en' })
  language: Language;

  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
