import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditEventEntity } from '../engine/engine.entities';
import { PositionEntity } from '../engine/position.entity';
import { RoundEntity } from '../engine/round.entity';
import { StatementEntity } from '../engine/statement.entity';
import { TextVersionEntity } from '../engine/text-version.entity';
import { CommentEntity } from '../statements/comment.entity';
import { ProposalEntity } from '../statements/proposal.entity';
import type { StoredPosition } from '../verify/verify.types';
import type { DocumentRow } from './archive-files.util';

/** A statement as the archive lists it, before its folder is read. */
export interface ArchivedStatementRef {
  id: string;
  title: string;
  state: string;
}

/** What the archive reads of one statement, inside that statement's snapshot (one transaction). */
export class ArchiveRows {
  constructor(private readonly manager: EntityManager) {}

  statement(id: string): Promise<StatementEntity | null> {
    return this.manager.findOneBy(StatementEntity, { id });
  }

  versions(statementId: string): Promise<TextVersionEntity[]> {
    return this.manager.find(TextVersionEntity, {
      where: { statementId },
      order: { number: 'ASC' },
    });
  }

  rounds(statementId: string): Promise<RoundEntity[]> {
    return this.manager.find(RoundEntity, { where: { statementId }, order: { number: 'ASC' } });
  }

  /** Every position row, superseded ones included, with its round's number. */
  async positions(statementId: string): Promise<StoredPosition[]> {
    const rounds = await this.rounds(statementId);
    const rows = await this.manager.find(PositionEntity, {
      where: { statementId },
      order: { recordedAt: 'ASC', id: 'ASC' },
    });
    const numbers = new Map(rounds.map((round) => [round.id, round.number]));
    return rows.map((row) => ({ ...row, roundNumber: numbers.get(row.roundId) ?? -1 }));
  }

  auditEvents(statementId: string): Promise<AuditEventEntity[]> {
    return this.manager.find(AuditEventEntity, { where: { statementId }, order: { seq: 'ASC' } });
  }

  /** Every comment, in the order written. */
  comments(statementId: string): Promise<CommentEntity[]> {
    return this.manager.find(CommentEntity, { where: { statementId }, order: { seq: 'ASC' } });
  }

  /** Every text proposal, whatever its state, oldest first. */
  proposals(statementId: string): Promise<ProposalEntity[]> {
    return this.manager.find(ProposalEntity, {
      where: { statementId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Every document with its bytes, in the order attached. */
  async documents(statementId: string): Promise<DocumentRow[]> {
    const rows = (await this.manager.query(
      `SELECT id, kind, filename, content_type, size, sha256, content, position_id, proposal_id,
              member_code, uploaded_by, uploaded_at
         FROM documents WHERE statement_id = $1 ORDER BY uploaded_at, id`,
      [statementId],
    )) as Record<string, unknown>[];
    return rows.map((row) => {
      const content = row.content as Uint8Array;
      return {
        id: row.id as string,
        kind: row.kind as string,
        filename: row.filename as string,
        contentType: row.content_type as string,
        size: Number(row.size),
        sha256: (row.sha256 as string).trim(),
        content: Buffer.isBuffer(content)
          ? content
          : Buffer.from(content.buffer, content.byteOffset, content.byteLength),
        positionId: row.position_id as string | null,
        proposalId: row.proposal_id as string | null,
        memberCode: row.member_code as string | null,
        uploadedBy: row.uploaded_by as string,
        uploadedAt: new Date(row.uploaded_at as string | Date),
      };
    });
  }
}

/** Reads what the archive holds; it never writes. */
@Injectable()
export class ArchiveRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The framework's statements, oldest first. */
  async statementsOf(frameworkCode: string): Promise<ArchivedStatementRef[]> {
    return this.dataSource.manager.find(StatementEntity, {
      select: { id: true, title: true, state: true },
      where: { frameworkCode },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * One statement's reads in one REPEATABLE READ transaction: a write committed meanwhile
   * cannot make the files of its folder disagree with one another.
   */
  inSnapshot<T>(work: (rows: ArchiveRows) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', (manager) =>
      work(new ArchiveRows(manager)),
    );
  }
}
