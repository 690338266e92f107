import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DocumentEntity } from './document.entity';
import { PositionEntity } from './position.entity';

/** A document's row without its bytes: what lists and records show. */
export type DocumentMeta = Omit<DocumentEntity, 'content' | 'statement' | 'position'>;

const META_COLUMNS =
  'id, statement_id, kind, filename, content_type, size, sha256, position_id, proposal_id, ' +
  'member_code, uploaded_by, uploaded_at';

interface DocumentRow {
  id: string;
  statement_id: string;
  kind: DocumentEntity['kind'];
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  position_id: string | null;
  proposal_id: string | null;
  member_code: string | null;
  uploaded_by: string;
  uploaded_at: Date | string;
}

const metaOf = (row: DocumentRow): DocumentMeta => ({
  id: row.id,
  statementId: row.statement_id,
  kind: row.kind,
  filename: row.filename,
  contentType: row.content_type,
  size: Number(row.size),
  sha256: row.sha256.trim(),
  positionId: row.position_id,
  proposalId: row.proposal_id,
  memberCode: row.member_code,
  uploadedBy: row.uploaded_by,
  uploadedAt: new Date(row.uploaded_at),
});

const INSERT = `
  INSERT INTO documents (id, statement_id, kind, filename, content_type, size, sha256, content,
                         position_id, proposal_id, member_code, uploaded_by, uploaded_at)
  VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::int, $7, $8::bytea, $9::uuid, $10::uuid, $11,
          $12::uuid, $13::timestamptz)`;

/** Documents: appended with the audit note that records them (WorkflowRuntime.note), never changed. */
@Injectable()
export class DocumentsRepository {
  /** Stores a document; the caller appends its DOCUMENT_ATTACHED note in the same transaction. */
  async insert(
    manager: EntityManager,
    document: DocumentMeta & { content: Buffer },
  ): Promise<void> {
    await manager.query(INSERT, [
      document.id,
      document.statementId,
      document.kind,
      document.filename,
      document.contentType,
      document.size,
      document.sha256,
      document.content,
      document.positionId,
      document.proposalId,
      document.memberCode,
      document.uploadedBy,
      document.uploadedAt,
    ]);
  }

  async list(manager: EntityManager, statementId: string): Promise<DocumentMeta[]> {
    const rows = (await manager.query(
      `SELECT ${META_COLUMNS} FROM documents WHERE statement_id = $1 ORDER BY uploaded_at, id`,
      [statementId],
    )) as DocumentRow[];
    return rows.map(metaOf);
  }

  /** The document with its bytes, and the framework of its statement (for who may read it). */
  async withContent(
    manager: EntityManager,
    id: string,
  ): Promise<(DocumentMeta & { content: Buffer; frameworkCode: string }) | null> {
    const [row] = (await manager.query(
      `SELECT ${META_COLUMNS.split(', ')
        .map((c) => `d.${c}`)
        .join(', ')}, d.content, s.framework_code
         FROM documents d JOIN statements s ON s.id = d.statement_id
        WHERE d.id = $1`,
      [id],
    )) as (DocumentRow & { content: Uint8Array; framework_code: string })[];
    if (!row) return null;
    const content = Buffer.isBuffer(row.content)
      ? row.content
      : Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength);
    return { ...metaOf(row), content, frameworkCode: row.framework_code };
  }

  /** A position of this statement, or null. */
  position(
    manager: EntityManager,
    statementId: string,
    positionId: string,
  ): Promise<PositionEntity | null> {
    return manager.findOneBy(PositionEntity, { id: positionId, statementId });
  }

  /** A text proposal of this statement (its id and member), or null. */
  async proposal(
    manager: EntityManager,
    statementId: string,
    proposalId: string,
  ): Promise<{ id: string; memberCode: string } | null> {
    const [row] = (await manager.query(
      `SELECT id, member_code FROM text_proposals WHERE id = $1 AND statement_id = $2`,
      [proposalId, statementId],
    )) as { id: string; member_code: string }[];
    return row ? { id: row.id, memberCode: row.member_code } : null;
  }

  /** The member's position that stands (nothing supersedes it) in the latest round. */
  async standingPosition(
    manager: EntityManager,
    statementId: string,
    memberCode: string,
  ): Promise<{ id: string; memberCode: string } | null> {
    const [row] = (await manager.query(
      `SELECT p.id FROM positions p JOIN rounds r ON r.id = p.round_id
        WHERE p.statement_id = $1 AND p.member_code = $2
          AND NOT EXISTS (SELECT 1 FROM positions q WHERE q.supersedes_id = p.id)
        ORDER BY r.number DESC LIMIT 1`,
      [statementId, memberCode],
    )) as { id: string }[];
    return row ? { id: row.id, memberCode } : null;
  }
}
