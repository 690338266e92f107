import type { Digest, Language, PrincipalEntity, Role } from '../common/principal.entity';

/** The fields of an account that an admin may change. */
export interface UserFields {
  name: string;
  email: string;
  role: Role;
  memberCode: string | null;
  language: Language;
  active: boolean;
  /** Left out: `none` for a new account, unchanged for an existing one. */
  digest?: Digest;
}

const EDITABLE = ['name', 'email', 'role', 'memberCode', 'language', 'active', 'digest'] as const;
type Editable = (typeof EDITABLE)[number];

// The API's names for the fields, in events as in requests.
const API_NAME: Record<Editable, string> = {
  name: 'name',
  email: 'email',
  role: 'role',
  memberCode: 'member',
  language: 'language',
  active: 'active',
  digest: 'digest',
};

export const fieldsOf = (user: PrincipalEntity | UserFields): UserFields => ({
  name: user.name,
  email: user.email,
  role: user.role,
  memberCode: user.memberCode,
  language: user.language,
  active: user.active,
  ...(user.digest ? { digest: user.digest } : {}),
});

/** An account's fields under the API's names, as USER_CREATED records them. */
export const describeUser = (user: UserFields): Record<string, unknown> =>
  Object.fromEntries(EDITABLE.map((field) => [API_NAME[field], user[field]]));

/** Whether the request names any field at all (undefined = left out; null clears `member`). */
export const namesAnyField = (wanted: Partial<UserFields>): boolean =>
  EDITABLE.some((field) => wanted[field] !== undefined);

export interface FieldChanges {
  /** The account as it would be after the change. */
  next: UserFields;
  /** Only the fields that differ, for the UPDATE. */
  changes: Partial<UserFields>;
  /** Each changed field under its API name, with `from` and `to`, for the account event. */
  described: Record<string, { from: unknown; to: unknown }>;
}

/** What `wanted` changes in `current`: fields left out or equal to the current value do not. */
export function changesOf(current: UserFields, wanted: Partial<UserFields>): FieldChanges {
  const next = { ...current };
  const changed = EDITABLE.filter(
    (field) => wanted[field] !== undefined && wanted[field] !== current[field],
  );
  for (const field of changed) Object.assign(next, { [field]: wanted[field] });
  return {
    next,
    changes: Object.fromEntries(changed.map((field) => [field, next[field]])),
    described: Object.fromEntries(
      changed.map((field) => [API_NAME[field], { from: current[field], to: next[field] }]),
    ),
  };
}
