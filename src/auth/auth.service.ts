import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { invalidInput } from '../common/adref.errors';
import { sha256 } from '../common/hash.util';
import { ReferenceService } from '../reference/reference.service';
import type { Principal } from './auth.decorators';
import { ApiTokenEntity, Language, PrincipalEntity, Role } from './principal.entity';

// ADREF_TOKEN_TTL's default (P90D).
const DEFAULT_TOKEN_TTL_MS = 90 * 24 * 60 * 60 * 1000;

/** Roles that act for one member and so must name it. */
const ROLES_WITH_MEMBER: ReadonlySet<Role> = new Set(['chair_secretariat', 'focal_point']);

export interface NewUser {
  name: string;
  email: string;
  role: Role;
  member?: string;
  language?: Language;
}

const toPrincipal = (entity: PrincipalEntity): Principal => ({
  id: entity.id,
  name: entity.name,
  email: entity.email,
  role: entity.role,
  memberCode: entity.memberCode,
  language: entity.language,
});

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
  ) {}

  /** The active principal a live (unrevoked, unexpired) API token belongs to, or null. */
  async authenticate(token: string): Promise<Principal | null> {
    const entity = await this.dataSource.manager
      .createQueryBuilder(PrincipalEntity, 'p')
      .innerJoin(ApiTokenEntity, 't', 't.principal_id = p.id')
      .where('t.token_hash = :hash', { hash: sha256(token) })
      .andWhere('t.revoked_at IS NULL')
      .andWhere('(t.expires_at IS NULL OR t.expires_at > :now)', { now: new Date() })
      .andWhere('p.active')
      .getOne();
    return entity ? toPrincipal(entity) : null;
  }

  /** Creates a principal; the token is returned once and only its hash is kept. */
  async createUser(user: NewUser): Promise<{ id: string; token: string; principal: Principal }> {
    if (ROLES_WITH_MEMBER.has(user.role) && !user.member) {
      throw invalidInput(`a ${user.role} acts for a member: give member`, { field: 'member' });
    }
    if (user.member) await this.reference.requireMember(user.member);
    const token = randomBytes(32).toString('base64url');
    const entity = await this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(
        manager.create(PrincipalEntity, {
          name: user.name,
          email: user.email.toLowerCase(),
          role: user.role,
          memberCode: user.member ?? null,
          language: user.language ?? 'en',
        }),
      );
      const now = new Date();
      await manager.insert(ApiTokenEntity, {
        principalId: saved.id,
        tokenHash: sha256(token),
        purpose: 'api',
        createdAt: now,
        expiresAt: new Date(now.getTime() + DEFAULT_TOKEN_TTL_MS),
        revokedAt: null,
      });
      return saved;
    });
    return { id: entity.id, token, principal: toPrincipal(entity) };
  }

  /**
   * Makes sure an admin signs in with this token (ADREF_ADMIN_TOKEN), and that a previous
   * ADREF_ADMIN_TOKEN no longer does.
   */
  async ensureAdmin(token: string): Promise<void> {
    const hash = sha256(token);
    await this.dataSource.transaction(async (manager) => {
      const [admin] = (await manager.query(
        `INSERT INTO principals (name, email, role) VALUES ('Administrator', 'admin@localhost', 'admin')
         ON CONFLICT (email) DO UPDATE SET role = 'admin', active = true
         RETURNING id`,
      )) as { id: string }[];
      await manager.query(
        `UPDATE api_tokens SET revoked_at = now()
          WHERE purpose = 'admin_env' AND revoked_at IS NULL AND token_hash <> $1`,
        [hash],
      );
      await manager.query(
        `INSERT INTO api_tokens (principal_id, token_hash, purpose, created_at, expires_at)
         VALUES ($1, $2, 'admin_env', now(), NULL)
         ON CONFLICT (token_hash) DO UPDATE SET revoked_at = NULL, principal_id = $1, purpose = 'admin_env'`,
        [admin.id, hash],
      );
    });
  }
}
