import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AdrefError, AdrefErrorCode, invalidInput } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { ReferenceService } from '../reference/reference.service';
import { AccountEventsRepository, AccountEventType, Actor } from './account-events.repository';
import type { Principal } from '../common/auth.decorators';
import { AuthService } from './auth.service';
import type { CreateUserDto } from './dto/create-user.dto';
import type {
  AccountEventDto,
  IssuedTokenDto,
  ListUsersQueryDto,
  SignedOutDto,
  UpdateMeDto,
  UpdateUserDto,
  UserDetailDto,
  UserDto,
  UsersPageDto,
} from './dto/users.dto';
import { PrincipalEntity, Role } from '../common/principal.entity';
import { TokensRepository } from './tokens.repository';
import { accountEventView, tokenView, userView } from './user.view';
import { changesOf, describeUser, fieldsOf, namesAnyField, UserFields } from './user-fields.util';
import { UsersRepository } from './users.repository';

/** Roles that act for one member and so must name it. */
const ROLES_WITH_MEMBER: ReadonlySet<Role> = new Set(['chair_secretariat', 'focal_point']);

const actorOf = (principal: Principal): Actor => ({
  id: principal.id,
  label: `${principal.name} <${principal.email}>`,
});

/** The account lifecycle: create, list, change, deactivate, tokens, sign out everywhere. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly tokens: TokensRepository,
    private readonly history: AccountEventsRepository,
    private readonly auth: AuthService,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
  ) {}

  /** Creates an account and its first token, which is returned once. */
  async create(
    dto: CreateUserDto,
    by: Principal,
  ): Promise<{ user: UserDto; token: string; expiresAt: string }> {
    const fields: UserFields = {
      name: dto.name,
      email: dto.email.toLowerCase(),
      role: dto.role,
      memberCode: dto.member ?? null,
      language: dto.language ?? 'en',
      active: true,
    };
    const at = this.clock.now();
    return this.users.transaction(async (manager) => {
      await this.assertValid(manager, fields);
      const saved = await this.users.insert(manager, fields, at);
      const issued = await this.auth.issueToken(manager, saved.id, at);
      await this.append(manager, saved.id, by, 'USER_CREATED', at, {
        ...describeUser(fieldsOf(saved)),
        tokenId: issued.id,
        tokenExpiresAt: issued.expiresAt.toISOString(),
      });
      return {
        user: userView(saved),
        token: issued.token,
        expiresAt: issued.expiresAt.toISOString(),
      };
    });
  }

  async list(query: ListUsersQueryDto): Promise<UsersPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { items, total } = await this.users.list({
      role: query.role,
      member: query.member,
      active: query.active,
      page,
      pageSize,
    });
    return { items: items.map(userView), total, page, pageSize };
  }

  async get(id: string): Promise<UserDetailDto> {
    const user = await this.users.find(id);
    const now = this.clock.now();
    const [tokens, openSessions] = await Promise.all([
      this.tokens.liveTokens(id, now),
      this.tokens.openSessions(id, now),
    ]);
    return { ...userView(user), tokens: tokens.map(tokenView), openSessions };
  }

  /** Changes an account; `active: false` stops every credential in the same transaction. */
  async update(id: string, dto: UpdateUserDto, by: Principal): Promise<UserDto> {
    const wanted: Partial<UserFields> = {
      name: dto.name,
      email: dto.email?.toLowerCase(),
      role: dto.role,
      memberCode: dto.member,
      language: dto.language,
      active: dto.active,
    };
    return this.change(id, wanted, by, (user, next) => {
      if (user.id === by.id && (next.active === false || next.role !== 'admin')) {
        throw new AdrefError(
          AdrefErrorCode.OWN_ACCOUNT,
          'you cannot deactivate your own account or give up your own admin role: another admin must',
        );
      }
    });
  }

  /** The caller's own preferences: the language of messages and pages, the daily digest. */
  updateMe(principal: Principal, dto: UpdateMeDto): Promise<UserDto> {
    return this.change(principal.id, { language: dto.language, digest: dto.digest }, principal);
  }

  /** A new token for the user (admin); the user's earlier API tokens stop working. */
  issueToken(id: string, by: Principal): Promise<IssuedTokenDto> {
    return this.replaceToken(id, by, 'TOKEN_ISSUED');
  }

  /** The caller's own new token; the one they used (and any other) stops working. */
  rotateOwn(principal: Principal): Promise<IssuedTokenDto> {
    return this.replaceToken(principal.id, principal, 'TOKEN_ROTATED');
  }

  /** Revokes every token and browser session of the caller, the one in use included. */
  signOutEverywhere(principal: Principal): Promise<SignedOutDto> {
    const at = this.clock.now();
    return this.users.transaction(async (manager) => {
      await this.users.lock(manager, principal.id);
      const revoked = await this.auth.revokeEverything(manager, principal.id, at);
      await this.append(manager, principal.id, principal, 'SIGNED_OUT_EVERYWHERE', at, revoked);
      return revoked;
    });
  }

  async events(id: string): Promise<AccountEventDto[]> {
    await this.users.find(id);
    return (await this.history.list(id)).map(accountEventView);
  }

  private replaceToken(
    id: string,
    by: Principal,
    type: 'TOKEN_ISSUED' | 'TOKEN_ROTATED',
  ): Promise<IssuedTokenDto> {
    const at = this.clock.now();
    return this.users.transaction(async (manager) => {
      const user = await this.users.lock(manager, id);
      if (!user.active) {
        throw new AdrefError(
          AdrefErrorCode.ACCOUNT_INACTIVE,
          `user ${id} is deactivated: reactivate the account before issuing a token`,
        );
      }
      const revokedTokens = await this.tokens.revokeTokens(manager, id, at);
      const issued = await this.auth.issueToken(manager, id, at);
      const expiresAt = issued.expiresAt.toISOString();
      await this.append(manager, id, by, type, at, {
        tokenId: issued.id,
        expiresAt,
        revokedTokens,
      });
      return { token: issued.token, expiresAt, revokedTokens };
    });
  }

  /**
   * Applies the fields that differ, in one transaction with the row locked, and records one
   * event: USER_DEACTIVATED or USER_REACTIVATED when `active` flips, else USER_UPDATED.
   */
  private change(
    id: string,
    wanted: Partial<UserFields>,
    by: Principal,
    check?: (user: PrincipalEntity, next: UserFields) => void,
  ): Promise<UserDto> {
    if (!namesAnyField(wanted)) throw invalidInput('nothing to change: give at least one field');
    const at = this.clock.now();
    return this.users.transaction(async (manager) => {
      const user = await this.users.lock(manager, id);
      const { next, changes, described } = changesOf(fieldsOf(user), wanted);
      check?.(user, next);
      if (Object.keys(changes).length === 0) return userView(user);
      await this.assertValid(manager, next);
      await this.users.update(manager, id, changes, at);
      const details: Record<string, unknown> = { changes: described };
      let type: AccountEventType = 'USER_UPDATED';
      if (changes.active !== undefined) {
        type = next.active ? 'USER_REACTIVATED' : 'USER_DEACTIVATED';
        if (!next.active) Object.assign(details, await this.auth.revokeEverything(manager, id, at));
      } else if (changes.email !== undefined) {
        // A sign-in link sent to the old address must not open the account any more.
        await this.tokens.expireSignInLinks(manager, id, at);
      }
      await this.append(manager, id, by, type, at, details);
      return userView(await this.users.find(id, manager));
    });
  }

  private async assertValid(manager: EntityManager, fields: UserFields): Promise<void> {
    if (ROLES_WITH_MEMBER.has(fields.role) && !fields.memberCode) {
      throw invalidInput(`a ${fields.role} acts for a member: give member`, { field: 'member' });
    }
    if (fields.memberCode) await this.reference.requireMember(fields.memberCode, 'member', manager);
  }

  private append(
    manager: EntityManager,
    principalId: string,
    by: Principal,
    type: AccountEventType,
    at: Date,
    details: object,
  ): Promise<void> {
    return this.history.append(manager, {
      principalId,
      actor: actorOf(by),
      type,
      details: { ...details },
      at,
    });
  }
}
