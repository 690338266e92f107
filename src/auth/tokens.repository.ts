import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { PrincipalEntity } from '../common/principal.entity';
import { ApiTokenEntity, SessionEntity, SignInLinkEntity } from './account.entities';

export interface NewApiToken {
  principalId: string;
  tokenHash: string;
  purpose: 'api' | 'admin_env';
  createdAt: Date;
  expiresAt: Date | null;
}

/** The holder of an unrevoked token, whether or not the token has expired. */
export interface TokenHolder {
  principal: PrincipalEntity;
  expiresAt: Date | null;
}

/** Every credential a principal signs in with: API tokens, browser sessions, sign-in links. */
const HOLDER_OF = `
  SELECT p.id, p.name, p.email, p.role, p.member_code, p.language, p.digest, p.active, p.created_at,
         p.updated_at, t.expires_at AS token_expires_at
    FROM api_tokens t JOIN principals p ON p.id = t.principal_id
   WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND p.active`;

interface HolderRow {
  id: string;
  name: string;
  email: string;
  role: PrincipalEntity['role'];
  member_code: string | null;
  language: PrincipalEntity['language'];
  digest: PrincipalEntity['digest'];
  active: boolean;
  created_at: Date | string;
  updated_at: Date | string | null;
  token_expires_at: Date | string | null;
}

@Injectable()
export class TokensRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The active principal an unrevoked token belongs to, read from the database every time.
   * Every request with a bearer token asks this: one fixed statement, mapped by hand.
   */
  async holderOf(tokenHash: string): Promise<TokenHolder | null> {
    const rows = (await this.dataSource.query(HOLDER_OF, [tokenHash])) as HolderRow[];
    const row = rows[0];
    if (!row) return null;
    const principal = Object.assign(new PrincipalEntity(), {
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      memberCode: row.member_code,
      language: row.language,
      digest: row.digest,
      active: row.active,
      createdAt: new Date(row.created_at),
      updatedAt: row.updated_at === null ? null : new Date(row.updated_at),
    });
    return {
      principal,
      expiresAt: row.token_expires_at === null ? null : new Date(row.token_expires_at),
    };
  }

  async insert(manager: EntityManager, token: NewApiToken): Promise<ApiTokenEntity> {
    return manager.save(manager.create(ApiTokenEntity, { ...token, revokedAt: null }));
  }

  findByHash(manager: EntityManager, tokenHash: string): Promise<ApiTokenEntity | null> {
    return manager.findOneBy(ApiTokenEntity, { tokenHash });
  }

  /** Revokes every live API token of the principal; returns how many. */
  async revokeTokens(manager: EntityManager, principalId: string, at: Date): Promise<number> {
    const result = await manager.update(
      ApiTokenEntity,
      { principalId, revokedAt: IsNull() },
      { revokedAt: at },
    );
    return result.affected ?? 0;
  }

  /** Revokes every ADREF_ADMIN_TOKEN except the one with `keepHash`; returns their holders. */
  async revokeAdminEnvTokens(
    manager: EntityManager,
    at: Date,
    keepHash?: string,
  ): Promise<string[]> {
    const query = manager
      .createQueryBuilder()
      .update(ApiTokenEntity)
      .set({ revokedAt: at })
      .where(`purpose = 'admin_env'`)
      .andWhere('revoked_at IS NULL');
    if (keepHash) query.andWhere('token_hash <> :keepHash', { keepHash });
    const result = await query.returning('principal_id').execute();
    return ((result.raw ?? []) as { principal_id: string }[]).map((row) => row.principal_id);
  }

  /** Revokes every open browser session of the principal; returns how many. */
  async revokeSessions(manager: EntityManager, principalId: string, at: Date): Promise<number> {
    const result = await manager.update(
      SessionEntity,
      { principalId, revokedAt: IsNull() },
      { revokedAt: at },
    );
    return result.affected ?? 0;
  }

  /** Ends the unused sign-in links of the principal (sent by email, not yet followed). */
  async expireSignInLinks(manager: EntityManager, principalId: string, at: Date): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(SignInLinkEntity)
      .set({ expiresAt: at })
      .where('principal_id = :principalId', { principalId })
      .andWhere('used_at IS NULL')
      .andWhere('expires_at > :at', { at })
      .execute();
    return result.affected ?? 0;
  }

  /** The principal's tokens that still work at `at`, newest first. */
  liveTokens(principalId: string, at: Date): Promise<ApiTokenEntity[]> {
    return this.dataSource.manager
      .createQueryBuilder(ApiTokenEntity, 't')
      .where('t.principal_id = :principalId', { principalId })
      .andWhere('t.revoked_at IS NULL')
      .andWhere('(t.expires_at IS NULL OR t.expires_at > :at)', { at })
      .orderBy('t.created_at', 'DESC')
      .getMany();
  }

  /** Open (unrevoked, unexpired) browser sessions of the principal. */
  openSessions(principalId: string, at: Date): Promise<number> {
    return this.dataSource.manager
      .createQueryBuilder(SessionEntity, 's')
      .where('s.principal_id = :principalId', { principalId })
      .andWhere('s.revoked_at IS NULL')
      .andWhere('s.expires_at > :at', { at })
      .getCount();
  }
}
