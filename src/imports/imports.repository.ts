import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../common/auth.decorators';
import { PrincipalEntity } from '../common/principal.entity';
import { StatementEntity } from '../engine/statement.entity';
import { TextVersionEntity } from '../engine/text-version.entity';

/** Who `npm run import` records as the importer: an admin principal no token signs in as. */
const COMMAND_LINE_EMAIL = 'import@localhost';

@Injectable()
export class ImportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Holds imports of one key to one at a time until the transaction ends. */
  async lockImportKey(manager: EntityManager, importKey: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `adref-import:${importKey}`,
    ]);
  }

  findByImportKey(manager: EntityManager, importKey: string): Promise<StatementEntity | null> {
    return manager.findOneBy(StatementEntity, { importKey });
  }

  async addVersion(manager: EntityManager, version: Omit<TextVersionEntity, 'statement'>) {
    await manager.save(manager.create(TextVersionEntity, version));
  }

  /** The command line's importer, created on first use; it has no token to sign in with. */
  async commandLinePrincipal(): Promise<Principal> {
    const manager = this.dataSource.manager;
    const existing = await manager.findOneBy(PrincipalEntity, {
      email: COMMAND_LINE_EMAIL,
      role: 'admin',
    });
    const entity =
      existing ??
      (await manager.save(
        manager.create(PrincipalEntity, {
          name: 'Command-line import',
          email: COMMAND_LINE_EMAIL,
          role: 'admin',
          memberCode: null,
          language: 'en',
        }),
      ));
    return {
      id: entity.id,
      name: entity.name,
      email: entity.email,
      role: entity.role,
      memberCode: entity.memberCode,
      language: entity.language,
    };
  }
}
