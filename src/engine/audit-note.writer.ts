import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditRepository } from './audit.repository';
import type { StatementEntity } from './statement.entity';
import { StatementRowRepository } from './statement-row.repository';
import { restoreSnapshot, stateLabel } from './workflow.runtime';

/** A text proposal made, and one withdrawn by its proposer: recorded, never a transition. */
export const PROPOSAL_MADE = 'PROPOSAL_MADE';
export const PROPOSAL_WITHDRAWN = 'PROPOSAL_WITHDRAWN';

/**
 * Audit events that record an act beside the procedure: the machine does not see them, so the
 * state before and after is the same, and verify's replay passes over them.
 */
export const AUDIT_NOTE_TYPES: ReadonlySet<string> = new Set([PROPOSAL_MADE, PROPOSAL_WITHDRAWN]);

export interface AuditNote {
  type: string;
  actorId: string | null;
  actorLabel: string;
  at: Date;
  recordedAt: Date;
  payload: Record<string, unknown>;
}

/** Appends a note to a statement's signed chain; call with the row locked, in the write's transaction. */
@Injectable()
export class AuditNoteWriter {
  constructor(
    private readonly audit: AuditRepository,
    private readonly rows: StatementRowRepository,
  ) {}

  async note(manager: EntityManager, statement: StatementEntity, note: AuditNote): Promise<void> {
    const state = stateLabel(restoreSnapshot(statement));
    const event = await this.audit.append(manager, {
      statementId: statement.id,
      ...note,
      textHash: statement.currentHash,
      stateFrom: state,
      stateTo: state,
    });
    statement.auditSeq = event.seq;
    statement.auditHash = event.hash;
    statement.lockVersion += 1;
    await this.rows.writeNoteHead(manager, statement);
  }
}
