import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PositionEntity } from '../engine/position.entity';
import { RoundEntity } from '../engine/round.entity';
import { StatementEntity } from '../engine/statement.entity';
import { TextVersionEntity } from '../engine/text-version.entity';
import { AuditEventEntity, SigningKeyEntity } from '../engine/engine.entities';
import type { StoredStatement, VerificationKey } from './verify.types';

/** Reads what verification compares; it never writes. */
@Injectable()
export class VerifyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every statement, oldest first. */
  async statementIds(): Promise<string[]> {
    const rows = await this.dataSource.manager.find(StatementEntity, {
      select: { id: true },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map((row) => row.id);
  }

  /**
   * A statement with its chain, rounds, positions and texts, read in one REPEATABLE READ
   * transaction: a write that commits meanwhile cannot make the rows disagree with the chain.
   */
  read(statementId: string): Promise<StoredStatement | null> {
    return this.dataSource.transaction('REPEATABLE READ', (manager) =>
      this.readIn(manager, statementId),
    );
  }

  /** The public keys adref says it has signed with (the signing_keys table, as GET /keys). */
  async publishedKeys(): Promise<VerificationKey[]> {
    const keys = await this.dataSource.manager.find(SigningKeyEntity, {
      order: { createdAt: 'ASC' },
    });
    return keys.map(({ keyId, publicKeyPem }) => ({ keyId, publicKeyPem }));
  }

  private async readIn(manager: EntityManager, id: string): Promise<StoredStatement | null> {
    const statement = await manager.findOneBy(StatementEntity, { id });
    if (!statement) return null;
    const where = { statementId: id };
    // One after another: a transaction's queries share its one connection.
    const events = await manager.find(AuditEventEntity, { where, order: { seq: 'ASC' } });
    const rounds = await manager.find(RoundEntity, { where, order: { number: 'ASC' } });
    const positions = await manager.find(PositionEntity, { where, order: { recordedAt: 'ASC' } });
    const versions = await manager.find(TextVersionEntity, { where, order: { number: 'ASC' } });
    const roundNumber = new Map(rounds.map((round) => [round.id, round.number]));
    return {
      id: statement.id,
      title: statement.title,
      machineVersion: statement.machineVersion,
      snapshot: statement.snapshot,
      state: statement.state,
      roundState: statement.roundState,
      currentVersion: statement.currentVersion,
      currentHash: statement.currentHash,
      openDeadline: statement.openDeadline,
      lockVersion: statement.lockVersion,
      events,
      rounds,
      // A position filed under another statement's round has no number here: it matches nothing.
      positions: positions.map((row) => ({
        ...row,
        roundNumber: roundNumber.get(row.roundId) ?? -1,
      })),
      versions,
    };
  }
}
