import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PrincipalEntity } from '../common/principal.entity';

// An account's credentials and history; the principal itself is in src/common.
/** A bearer token for automation and API clients; only its sha256 is kept. */
@Entity('api_tokens')
@Index(['principalId'])
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'principal_id', type: 'uuid' })
  principalId: string;

  @ManyToOne(() => PrincipalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'principal_id' })
  principal?: PrincipalEntity;

  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash: string;

  /** 'api', or 'admin_env' for the one ADREF_ADMIN_TOKEN guarantees. */
  @Column({ type: 'varchar', length: 16, default: 'api' })
  purpose: 'api' | 'admin_env';

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** ADREF_TOKEN_TTL after issue; null only for ADREF_ADMIN_TOKEN, which lives with the setting. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

/** A browser session: an HttpOnly cookie holds the secret, whose sha256 is kept here. */
@Entity('sessions')
@Index(['principalId'])
export class SessionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'principal_id', type: 'uuid' })
  principalId: string;

  @ManyToOne(() => PrincipalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'principal_id' })
  principal?: PrincipalEntity;

  @Column({ name: 'secret_hash', type: 'char', length: 64, unique: true })
  secretHash: string;

  /** sha256 of the session's CSRF token, which writes must echo in a header. */
  @Column({ name: 'csrf_hash', type: 'char', length: 64 })
  csrfHash: string;

  /** How the session was opened: 'email_link' or 'oidc'. */
  @Column({ type: 'varchar', length: 16 })
  via: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

/** A one-time sign-in link sent by email: valid 15 minutes, used once. */
@Entity('sign_in_links')
@Index(['principalId'])
export class SignInLinkEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'principal_id', type: 'uuid' })
  principalId: string;

  @ManyToOne(() => PrincipalEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'principal_id' })
  principal?: PrincipalEntity;

  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}

/** Every change to an account, with who made it: append-only, like the statements' audit. */
@Entity('account_events')
@Index(['principalId', 'at'])
export class AccountEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'principal_id', type: 'uuid' })
  principalId: string;

  /** Null when adref itself acted (e.g. ADREF_ADMIN_TOKEN changed at start). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_label', type: 'text' })
  actorLabel: string;

  /** e.g. USER_CREATED, USER_UPDATED, USER_DEACTIVATED, TOKEN_ISSUED, SIGNED_OUT_EVERYWHERE. */
  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  @Column({ type: 'timestamptz' })
  at: Date;
}
