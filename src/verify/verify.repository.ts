import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PositionEntity } from '../engine/position.entity';
import { RoundEntity } from '../engine/round.entity';
import { StatementEntity } from '../engine/statement.entity';
import { TextVersionEntity } from '../engine/text-version.entity';
import { AuditEventEntity, SigningKeyEntity } from '../engine/engine.entities';
import type { StoredDocument, StoredStatement, VerificationKey } from './verify.types';

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
    const documents = await this.documents(manager, id);
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
      documents,
    };
  }

  /** The bytes are hashed where they are, so verification never loads a document's content. */
  private async documents(manager: EntityManager, statementId: string): Promise<StoredDocument[]> {
    const rows = (await manager.query(
      `SELECT id, sha256, size, encode(sha256(content), 'hex') AS content_sha256,
              octet_length(content) AS content_length
         FROM documents WHERE statement_id = $1 ORDER BY uploaded_at, id`,
      [statementId],
    )) as {
      id: string;
      sha256: string;
      size: number;
      content_sha256: string;
      content_length: number;
    }[];
    return rows.map((row) => ({
      id: row.id,
      sha256: row.sha256.trim(),
      size: Number(row.size),
      contentSha256: row.content_sha256,
      contentLength: Number(row.content_length),
    }));
  }
}
