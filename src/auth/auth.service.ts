import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { invalidInput } from '../common/adref.errors';
import { sha256 } from '../common/hash.util';
import { ReferenceService } from '../reference/reference.service';
import type { Principal } from './auth.decorators';
import { Language, PrincipalEntity, Role } from './principal.entity';

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

  async authenticate(token: string): Promise<Principal | null> {
    const entity = await this.dataSource.manager.findOneBy(PrincipalEntity, {
      tokenHash: sha256(token),
    });
    return entity ? toPrincipal(entity) : null;
  }

  /** Creates a principal; the token is returned once and only its hash is kept. */
  async createUser(user: NewUser): Promise<{ id: string; token: string; principal: Principal }> {
    if (ROLES_WITH_MEMBER.has(user.role) && !user.member) {
      throw invalidInput(`a ${user.role} acts for a member: give member`, { field: 'member' });
    }
    if (user.member) await this.reference.requireMember(user.member);
    const token = randomBytes(32).toString('base64url');
    const entity = await this.dataSource.manager.save(
      this.dataSource.manager.create(PrincipalEntity, {
        name: user.name,
        email: user.email,
        role: user.role,
        memberCode: user.member ?? null,
        language: user.language ?? 'en',
        tokenHash: sha256(token),
      }),
    );
    return { id: entity.id, token, principal: toPrincipal(entity) };
  }

  /** Makes sure an admin signs in with this token (ADREF_ADMIN_TOKEN). */
  async ensureAdmin(token: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO principals (name, email, role, token_hash) VALUES ('Administrator', 'admin@localhost', 'admin', $1)
       ON CONFLICT (token_hash) DO UPDATE SET role = 'admin'`,
      [sha256(token)],
    );
  }
}
