import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { EntityManager } from 'typeorm';
import { durationMs } from '../../workflows/duration.util';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { sha256 } from '../common/hash.util';
import { AccountEventsRepository, Actor } from './account-events.repository';
import type { Principal } from '../common/auth.decorators';
import { PrincipalEntity } from '../common/principal.entity';
import { TokensRepository } from './tokens.repository';
import { UsersRepository } from './users.repository';

// ADREF_TOKEN_TTL's default; the environment check refuses anything else that is not a duration.
const DEFAULT_TOKEN_TTL = 'P90D';

/** The principal ADREF_ADMIN_TOKEN signs in as. */
export const ENV_ADMIN_EMAIL = 'admin@localhost';

/** adref itself, as the actor of what it does at start. */
export const SYSTEM_ACTOR: Actor = { id: null, label: 'adref (ADREF_ADMIN_TOKEN at start)' };

export const toPrincipal = (entity: PrincipalEntity): Principal => ({
  id: entity.id,
  name: entity.name,
  email: entity.email,
  role: entity.role,
  memberCode: entity.memberCode,
  language: entity.language,
});

/** What a freshly issued token looks like to the one it is shown to, once. */
export interface IssuedToken {
  id: string;
  token: string;
  expiresAt: Date;
}

/** Who holds which credential: API tokens in, credentials revoked, ADREF_ADMIN_TOKEN kept. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  private readonly tokenTtlMs: number;

  constructor(
    private readonly tokens: TokensRepository,
    private readonly users: UsersRepository,
    private readonly events: AccountEventsRepository,
    private readonly clock: Clock,
    config: ConfigService,
  ) {
    const ttl = config.get<string>('accounts.tokenTtl') ?? DEFAULT_TOKEN_TTL;
    this.tokenTtlMs = durationMs(ttl) ?? (durationMs(DEFAULT_TOKEN_TTL) as number);
  }

  /**
   * The active principal a live API token belongs to, or null. Read from the database on every
   * request: a revocation holds on the next request, on every instance. An expired token is
   * refused with a message that says so.
   */
  async authenticate(token: string): Promise<Principal | null> {
    const holder = await this.tokens.holderOf(sha256(token));
    if (!holder) return null;
    if (holder.expiresAt && holder.expiresAt.getTime() <= this.clock.now().getTime()) {
      throw new AdrefError(
        AdrefErrorCode.UNAUTHENTICATED,
        `The bearer token expired at ${holder.expiresAt.toISOString()}: ask an administrator for a new one`,
        { expiredAt: holder.expiresAt.toISOString() },
      );
    }
    return toPrincipal(holder.principal);
  }

  /** A new API token for the principal, valid ADREF_TOKEN_TTL; only its hash is kept. */
  async issueToken(manager: EntityManager, principalId: string, at: Date): Promise<IssuedToken> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(at.getTime() + this.tokenTtlMs);
    const saved = await this.tokens.insert(manager, {
      principalId,
      tokenHash: sha256(token),
      purpose: 'api',
      createdAt: at,
      expiresAt,
    });
    return { id: saved.id, token, expiresAt };
  }

  /** Stops every credential of the principal: API tokens, sessions, unused sign-in links. */
  async revokeEverything(
    manager: EntityManager,
    principalId: string,
    at: Date,
  ): Promise<{ revokedTokens: number; revokedSessions: number }> {
    const revokedTokens = await this.tokens.revokeTokens(manager, principalId, at);
    const revokedSessions = await this.tokens.revokeSessions(manager, principalId, at);
    await this.tokens.expireSignInLinks(manager, principalId, at);
    return { revokedTokens, revokedSessions };
  }

  /**
   * Makes ADREF_ADMIN_TOKEN sign in as an admin and revokes any earlier one. A value seen before
   * changes nothing: a token revoked since (rotated, signed out everywhere, replaced) stays
   * revoked, and only a new value brings the administrator back.
   */
  async ensureAdmin(token: string): Promise<void> {
    const hash = sha256(token);
    const at = this.clock.now();
    await this.users.transaction(async (manager) => {
      if (await this.knownAdminToken(manager, hash)) return;
      const created = await this.users.insertIfEmailFree(
        manager,
        {
          name: 'Administrator',
          email: ENV_ADMIN_EMAIL,
          role: 'admin',
          memberCode: null,
          language: 'en',
          active: true,
        },
        at,
      );
      // Instances starting together take turns here; the second finds the token known.
      const admin = await this.users.lockByEmail(manager, ENV_ADMIN_EMAIL);
      if (!created && (await this.knownAdminToken(manager, hash))) return;
      if (created) {
        await this.events.append(manager, {
          principalId: admin.id,
          actor: SYSTEM_ACTOR,
          type: 'USER_CREATED',
          details: { name: admin.name, email: admin.email, role: 'admin', member: null },
          at,
        });
      }
      // A new value is the operator's deliberate act: it restores a working administrator.
      const restored = admin.role !== 'admin' || !admin.active;
      if (restored) await this.users.update(manager, admin.id, { role: 'admin', active: true }, at);
      const holders = await this.tokens.revokeAdminEnvTokens(manager, at, hash);
      await this.tokens.insert(manager, {
        principalId: admin.id,
        tokenHash: hash,
        purpose: 'admin_env',
        createdAt: at,
        expiresAt: null,
      });
      const affected = new Set(holders);
      if (!created) affected.add(admin.id);
      for (const principalId of affected) {
        await this.events.append(manager, {
          principalId,
          actor: SYSTEM_ACTOR,
          type: principalId === admin.id ? 'ADMIN_TOKEN_REPLACED' : 'ADMIN_TOKEN_RETIRED',
          details: {
            previousRevoked: holders.filter((holder) => holder === principalId).length,
            ...(principalId === admin.id && restored
              ? { restored: { role: admin.role, active: admin.active } }
              : {}),
          },
          at,
        });
      }
    });
  }

  /** Without ADREF_ADMIN_TOKEN, no earlier value signs in any more. */
  async retireAdminTokens(): Promise<void> {
    const at = this.clock.now();
    await this.users.transaction(async (manager) => {
      const holders = await this.tokens.revokeAdminEnvTokens(manager, at);
      for (const principalId of new Set(holders)) {
        await this.events.append(manager, {
          principalId,
          actor: { id: null, label: 'adref (ADREF_ADMIN_TOKEN unset at start)' },
          type: 'ADMIN_TOKEN_RETIRED',
          details: { previousRevoked: holders.filter((holder) => holder === principalId).length },
          at,
        });
      }
    });
  }

  private async knownAdminToken(manager: EntityManager, hash: string): Promise<boolean> {
    const known = await this.tokens.findByHash(manager, hash);
    if (known?.revokedAt) {
      this.logger.warn(
        'ADREF_ADMIN_TOKEN was revoked (rotated, signed out everywhere or replaced): set a new value to sign in with it',
      );
    }
    return known !== null;
  }
}
