import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { MemberEntity } from '../reference/reference.entities';
import type { Principal } from '../common/auth.decorators';
import { PrincipalEntity } from '../common/principal.entity';
import { SessionEntity, SignInLinkEntity } from './account.entities';

export type SessionVia = 'email_link' | 'oidc';

export interface NewSession {
  principalId: string;
  secretHash: string;
  csrfHash: string;
  via: SessionVia;
  createdAt: Date;
  expiresAt: Date;
}

/** A live session with whom it signs in. */
export interface LiveSession {
  sessionId: string;
  csrfHash: string;
  principal: Principal;
}

/** Why a link cannot be used: what the row says about it (null: there is no such link). */
export interface LinkState {
  usedAt: Date | null;
  expiresAt: Date;
  active: boolean;
}

interface SessionRow {
  session_id: string;
  csrf_hash: string;
  id: string;
  name: string;
  email: string;
  role: Principal['role'];
  member_code: string | null;
  language: Principal['language'];
}

/** Sign-in links and browser sessions; every read goes to the database, nothing is cached. */
@Injectable()
export class SessionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** The IANA time zone of a member's capital, or null for an unknown member. */
  async memberTimeZone(code: string): Promise<string | null> {
    const member = await this.dataSource.manager.findOne(MemberEntity, { where: { code } });
    return member?.timeZone ?? null;
  }

  /** The principal with this address (stored lower-case), active or not. */
  principalByEmail(email: string): Promise<PrincipalEntity | null> {
    return this.dataSource.manager.findOne(PrincipalEntity, {
      where: { email: email.trim().toLowerCase() },
    });
  }

  /** Links issued to a principal since an instant, used or not: caps how many one can ask for. */
  linksIssuedSince(principalId: string, since: Date): Promise<number> {
    return this.dataSource.manager
      .createQueryBuilder(SignInLinkEntity, 'l')
      .where('l.principal_id = :principalId', { principalId })
      .andWhere('l.created_at > :since', { since })
      .getCount();
  }

  async insertLink(link: Omit<SignInLinkEntity, 'id' | 'principal' | 'usedAt'>): Promise<void> {
    await this.dataSource.manager.insert(SignInLinkEntity, { ...link, usedAt: null });
  }

  /**
   * Marks an unused, unexpired link of an active principal used, in one statement so that two
   * clicks cannot both succeed; the principal's id, or null when the link cannot be used.
   */
  async consumeLink(manager: EntityManager, tokenHash: string, now: Date): Promise<string | null> {
    const [rows]: [{ principal_id: string }[], number] = await manager.query(
      `UPDATE sign_in_links l SET used_at = $2
         FROM principals p
        WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2
          AND p.id = l.principal_id AND p.active
        RETURNING l.principal_id`,
      [tokenHash, now],
    );
    return rows[0]?.principal_id ?? null;
  }

  async linkState(tokenHash: string): Promise<LinkState | null> {
    const rows: { used_at: Date | null; expires_at: Date; active: boolean }[] =
      await this.dataSource.manager.query(
        `SELECT l.used_at, l.expires_at, p.active
           FROM sign_in_links l JOIN principals p ON p.id = l.principal_id
          WHERE l.token_hash = $1`,
        [tokenHash],
      );
    const row = rows[0];
    return row ? { usedAt: row.used_at, expiresAt: row.expires_at, active: row.active } : null;
  }

  async insertSession(manager: EntityManager, session: NewSession): Promise<void> {
    await manager.insert(SessionEntity, { ...session, revokedAt: null });
  }

  /** Ends one session (this browser's), if it is still live. */
  async revokeSession(manager: EntityManager, secretHash: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE sessions SET revoked_at = $2 WHERE secret_hash = $1 AND revoked_at IS NULL`,
      [secretHash, now],
    );
  }

  /** The session this secret opens: unrevoked, unexpired, and of an active principal. */
  async liveSession(secretHash: string, now: Date): Promise<LiveSession | null> {
    const rows: SessionRow[] = await this.dataSource.manager.query(
      `SELECT s.id AS session_id, s.csrf_hash, p.id, p.name, p.email, p.role, p.member_code,
              p.language
         FROM sessions s JOIN principals p ON p.id = s.principal_id
        WHERE s.secret_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > $2 AND p.active`,
      [secretHash, now],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      sessionId: row.session_id,
      csrfHash: row.csrf_hash,
      principal: {
        id: row.id,
        name: row.name,
        email: row.email,
        role: row.role,
        memberCode: row.member_code,
        language: row.language,
      },
    };
  }
}
