import type { AccountEventDto, TokenInfoDto, UserDto } from './dto/users.dto';
import type { PrincipalEntity } from '../common/principal.entity';
import type { AccountEventEntity, ApiTokenEntity } from './account.entities';

/** An account as the API shows it: no token, no hash. */
export const userView = (entity: PrincipalEntity): UserDto => ({
  id: entity.id,
  name: entity.name,
  email: entity.email,
  role: entity.role,
  member: entity.memberCode,
  language: entity.language,
  digest: entity.digest ?? 'none',
  active: entity.active,
  createdAt: entity.createdAt.toISOString(),
  updatedAt: entity.updatedAt ? entity.updatedAt.toISOString() : null,
});

export const tokenView = (token: ApiTokenEntity): TokenInfoDto => ({
  id: token.id,
  purpose: token.purpose,
  createdAt: token.createdAt.toISOString(),
  expiresAt: token.expiresAt ? token.expiresAt.toISOString() : null,
});

export const accountEventView = (event: AccountEventEntity): AccountEventDto => ({
  id: event.id,
  type: event.type,
  actor: { id: event.actorId, label: event.actorLabel },
  details: event.details,
  at: event.at.toISOString(),
});
