import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AdrefError, AdrefErrorCode, notFound } from '../common/adref.errors';
import { PrincipalEntity, Role } from '../common/principal.entity';
import type { UserFields } from './user-fields.util';

export interface UserFilter {
  role?: Role;
  member?: string;
  active?: boolean;
  page: number;
  pageSize: number;
}

// Shaped like a validation refusal, so that forms mark the email field.
const emailTaken = (email: string) => {
  const message = `another account already uses ${email}`;
  return new AdrefError(AdrefErrorCode.EMAIL_TAKEN, message, {
    fields: [{ field: 'email', problems: [message] }],
  });
};

// Two requests can both find an email free; the unique constraint decides, and says so as 409.
function isEmailConflict(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driver = error.driverError as { code?: string; constraint?: string; detail?: string };
  return driver?.code === '23505' && /email/.test(`${driver.constraint} ${driver.detail}`);
}

/** The principals table: people and systems that sign in. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async list(filter: UserFilter): Promise<{ items: PrincipalEntity[]; total: number }> {
    const query = this.dataSource.manager.createQueryBuilder(PrincipalEntity, 'p');
    if (filter.role) query.andWhere('p.role = :role', { role: filter.role });
    if (filter.member) query.andWhere('p.member_code = :member', { member: filter.member });
    if (filter.active !== undefined)
      query.andWhere('p.active = :active', { active: filter.active });
    const [items, total] = await query
      .orderBy('p.name', 'ASC')
      .addOrderBy('p.email', 'ASC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount();
    return { items, total };
  }

  async find(id: string, manager = this.dataSource.manager): Promise<PrincipalEntity> {
    const principal = await manager.findOneBy(PrincipalEntity, { id });
    if (!principal) throw notFound('user', id);
    return principal;
  }

  /** Locks the principal for the rest of the transaction: changes to one account run in turn. */
  async lock(manager: EntityManager, id: string): Promise<PrincipalEntity> {
    const principal = await manager.findOne(PrincipalEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!principal) throw notFound('user', id);
    return principal;
  }

  async lockByEmail(manager: EntityManager, email: string): Promise<PrincipalEntity> {
    const principal = await manager.findOne(PrincipalEntity, {
      where: { email },
      lock: { mode: 'pessimistic_write' },
    });
    if (!principal) throw notFound('user', email);
    return principal;
  }

  findByEmail(manager: EntityManager, email: string): Promise<PrincipalEntity | null> {
    return manager.findOneBy(PrincipalEntity, { email });
  }

  /** Refuses with 409 email_taken when another principal has this (lower-case) email. */
  async assertEmailFree(manager: EntityManager, email: string, exceptId?: string): Promise<void> {
    const holder = await this.findByEmail(manager, email);
    if (holder && holder.id !== exceptId) throw emailTaken(email);
  }

  /** Inserts a principal unless its email is taken (then inserts nothing and returns null). */
  async insertIfEmailFree(
    manager: EntityManager,
    fields: UserFields,
    at: Date,
  ): Promise<PrincipalEntity | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(PrincipalEntity)
      .values({ ...fields, createdAt: at, updatedAt: null })
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (result.raw as { id: string }[])[0]?.id;
    return id ? this.find(id, manager) : null;
  }

  async insert(manager: EntityManager, fields: UserFields, at: Date): Promise<PrincipalEntity> {
    await this.assertEmailFree(manager, fields.email);
    try {
      return await manager.save(
        manager.create(PrincipalEntity, { ...fields, createdAt: at, updatedAt: null }),
      );
    } catch (error) {
      if (isEmailConflict(error)) throw emailTaken(fields.email);
      throw error;
    }
  }

  async update(
    manager: EntityManager,
    id: string,
    changes: Partial<UserFields>,
    at: Date,
  ): Promise<void> {
    if (changes.email !== undefined) await this.assertEmailFree(manager, changes.email, id);
    try {
      await manager.update(PrincipalEntity, { id }, { ...changes, updatedAt: at });
    } catch (error) {
      if (isEmailConflict(error)) throw emailTaken(changes.email ?? '');
      throw error;
    }
  }
}
