import { randomUUID, createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { Principal } from '../common/auth.decorators';
import { AdrefError, AdrefErrorCode, invalidInput, notFound } from '../common/adref.errors';
import { API_PREFIX } from '../common/api-prefix';
import { Clock } from '../common/clock';
import {
  ACCEPTED_TYPES,
  cleanFilename,
  detectType,
  isAcceptedType,
  MAX_DOCUMENT_BYTES,
} from '../common/document-type.util';
import { documentTooLarge } from '../common/document-upload.interceptor';
import type { UploadedDocument } from '../common/document-upload.interceptor';
import { CommandRequest, CommandResult, CommandRunner } from '../engine/command-runner';
import type { DocumentKind } from '../engine/document.entity';
import { DocumentsRepository } from '../engine/documents.repository';
import type { DocumentMeta } from '../engine/documents.repository';
import type { PositionEntity } from '../engine/position.entity';
import type { StatementEntity } from '../engine/statement.entity';
import { actorLabel, DOCUMENT_ATTACHED, WorkflowRuntime } from '../engine/workflow.runtime';
import { DocumentPolicy } from './document.policy';
import type { DocumentDto, UploadDocumentDto } from './dto/document.dto';
import { StatementsRepository } from './statements.repository';

/** A file that passed the checks: its bytes, hash and the type found in them. */
export interface CheckedDocument {
  content: Buffer;
  sha256: string;
  size: number;
  contentType: string;
  filename: string;
}

export interface DocumentLink {
  kind: DocumentKind;
  /** The position it goes with: its id and member. */
  position: Pick<PositionEntity, 'id' | 'memberCode'> | null;
  /** The text proposal it goes with (of this statement), if any. */
  proposal: { id: string; memberCode: string } | null;
}

export const documentView = (d: DocumentMeta): DocumentDto => ({
  id: d.id,
  statementId: d.statementId,
  kind: d.kind,
  filename: d.filename,
  contentType: d.contentType,
  size: d.size,
  sha256: d.sha256,
  positionId: d.positionId,
  proposalId: d.proposalId,
  member: d.memberCode,
  uploadedBy: d.uploadedBy,
  uploadedAt: d.uploadedAt.toISOString(),
  href: `/${API_PREFIX}/documents/${d.id}`,
});

/**
 * Documents of a statement: checked (size, type from the content) before any transaction,
 * stored with the DOCUMENT_ATTACHED audit note that carries their sha256, never changed. A note
 * moves nothing and leaves lockVersion alone: a document never makes a chair's If-Match stale.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: CommandRunner,
    private readonly statements: StatementsRepository,
    private readonly documents: DocumentsRepository,
    private readonly runtime: WorkflowRuntime,
    private readonly policy: DocumentPolicy,
    private readonly clock: Clock,
  ) {}

  async upload(
    statementId: string,
    dto: UploadDocumentDto,
    file: UploadedDocument | undefined,
    options: CommandRequest & { status: number },
  ): Promise<CommandResult<DocumentDto>> {
    const checked = await this.check(file);
    if (dto.positionId && dto.proposalId) {
      throw invalidInput('give positionId or proposalId, not both', { field: 'proposalId' });
    }
    const { principal } = options;
    return this.runner.run(withFile(options, checked), async (manager) => {
      const statement = await this.statements.lock(manager, statementId);
      const position = dto.positionId
        ? this.policy.assertLinked(
            await this.documents.position(manager, statement.id, dto.positionId),
            'position',
            dto.positionId,
          )
        : null;
      const proposal = dto.proposalId
        ? this.policy.assertLinked(
            await this.documents.proposal(manager, statement.id, dto.proposalId),
            'proposal',
            dto.proposalId,
          )
        : null;
      const linkedMember = position?.memberCode ?? proposal?.memberCode ?? null;
      await this.policy.assertMayAttach(manager, principal, statement, linkedMember);
      const link = { kind: dto.kind, position, proposal };
      const stored = await this.attach(manager, statement, principal, checked, link);
      return { status: options.status, body: documentView(stored) };
    });
  }

  /** Refuses a missing, too large or unaccepted file; nothing has been written yet. */
  async check(file: UploadedDocument | undefined): Promise<CheckedDocument> {
    if (!file) {
      throw new AdrefError(
        AdrefErrorCode.DOCUMENT_MISSING,
        'Send the document as the form part named file (multipart/form-data)',
        { field: 'file' },
      );
    }
    if (file.size > MAX_DOCUMENT_BYTES) throw documentTooLarge();
    const type = await detectType(file.buffer);
    if (!type || !isAcceptedType(type)) {
      throw new AdrefError(
        AdrefErrorCode.DOCUMENT_TYPE_REFUSED,
        `adref keeps PDF, images and office documents; the content of this file is ${type ? `${type.ext} (${type.mime})` : 'of no type adref recognises'}`,
        { detected: type?.mime ?? null, accepted: ACCEPTED_TYPES },
      );
    }
    return {
      content: file.buffer,
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
      size: file.size,
      contentType: type.mime,
      filename: cleanFilename(file.originalname),
    };
  }

  /**
   * Stores a checked document on a statement whose row the caller has locked, with the
   * audit event that records it; `at` is when it took effect (a note verbale's position).
   */
  async attach(
    manager: EntityManager,
    statement: StatementEntity,
    principal: Principal,
    checked: CheckedDocument,
    link: DocumentLink,
    at?: Date,
  ): Promise<DocumentMeta> {
    const now = this.clock.now();
    const document: DocumentMeta & { content: Buffer } = {
      id: randomUUID(),
      statementId: statement.id,
      kind: link.kind,
      filename: checked.filename,
      contentType: checked.contentType,
      size: checked.size,
      sha256: checked.sha256,
      content: checked.content,
      positionId: link.position?.id ?? null,
      proposalId: link.proposal?.id ?? null,
      memberCode:
        link.position?.memberCode ??
        link.proposal?.memberCode ??
        (principal.role === 'focal_point' ? principal.memberCode : null),
      uploadedBy: principal.id,
      uploadedAt: now,
    };
    // Two round trips (the bytes, then the note): documents are rare, the INSERT stays simple.
    await this.documents.insert(manager, document);
    await this.runtime.note(manager, statement, {
      type: DOCUMENT_ATTACHED,
      act: {
        actor: principal,
        actorLabel: actorLabel(principal),
        at: at ?? now,
        recordedAt: now,
      },
      payload: {
        documentId: document.id,
        kind: document.kind,
        filename: document.filename,
        contentType: document.contentType,
        size: document.size,
        sha256: document.sha256,
        positionId: document.positionId,
        proposalId: document.proposalId,
        member: document.memberCode,
      },
    });
    return document;
  }

  async list(statementId: string, principal: Principal): Promise<DocumentDto[]> {
    const manager = this.dataSource.manager;
    const statement = await this.statements.find(statementId, manager);
    await this.policy.assertMayRead(principal, statement.frameworkCode, manager);
    return (await this.documents.list(manager, statementId)).map(documentView);
  }

  async content(id: string, principal: Principal): Promise<CheckedDocument> {
    const manager = this.dataSource.manager;
    const document = await this.documents.withContent(manager, id);
    if (!document) throw notFound('document', id);
    await this.policy.assertMayRead(principal, document.frameworkCode, manager);
    return document;
  }
}

/** The request an Idempotency-Key stands for includes the file, by its hash. */
export function withFile<T extends CommandRequest>(options: T, checked: CheckedDocument): T {
  const body = { ...(options.request.body as object), file: fileKey(checked) };
  return { ...options, request: { ...options.request, body } };
}

const fileKey = (checked: CheckedDocument) => ({
  sha256: checked.sha256,
  size: checked.size,
  filename: checked.filename,
});
