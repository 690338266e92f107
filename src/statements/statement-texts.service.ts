import { Injectable } from '@nestjs/common';
import { createTwoFilesPatch, diffLines } from 'diff';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth.decorators';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';
import { Clock } from '../common/clock';
import type { StatementEntity } from '../engine/statement.entity';
import { StatementsRepository } from './statements.repository';

/** The versions of a statement's text: listed, read, compared and added. */
@Injectable()
export class StatementTextsService {
  constructor(
    private readonly statements: StatementsRepository,
    private readonly clock: Clock,
  ) {}

  async versions(id: string) {
    await this.statements.find(id);
    return (await this.statements.versions(id)).map(({ body: _body, ...meta }) => meta);
  }

  async version(id: string, number: number) {
    await this.statements.find(id);
    return this.statements.version(id, number);
  }

  async diff(id: string, from: number, to: number) {
    await this.statements.find(id);
    const [a, b] = await Promise.all([
      this.statements.version(id, from),
      this.statements.version(id, to),
    ]);
    return {
      from: { number: a.number, hash: a.hash },
      to: { number: b.number, hash: b.hash },
      patch: createTwoFilesPatch(`version ${a.number}`, `version ${b.number}`, a.body, b.body),
      changes: diffLines(a.body, b.body).map((change) => ({
        type: change.added ? 'added' : change.removed ? 'removed' : 'unchanged',
        value: change.value,
      })),
    };
  }

  /** Version 1 of a statement just started: its first draft. */
  async addFirstDraft(
    manager: EntityManager,
    statement: StatementEntity,
    draft: { body: string; hash: string },
    principal: Principal,
    at: Date,
  ): Promise<void> {
    await this.statements.addVersion(manager, {
      statementId: statement.id,
      number: 1,
      body: draft.body,
      hash: draft.hash,
      note: 'First draft',
      createdBy: principal.id,
      createdAt: at,
    });
  }

  /** The next version of the text; refused with text_unchanged when it is the current one. */
  async addVersion(
    manager: EntityManager,
    statement: StatementEntity,
    body: string,
    note: string | undefined,
    principal: Principal,
    hash: string,
  ): Promise<void> {
    if (hash === statement.currentHash) {
      throw new AdrefError(
        AdrefErrorCode.TEXT_UNCHANGED,
        'the new text is identical to the current version',
      );
    }
    await this.statements.addVersion(manager, {
      statementId: statement.id,
      number: statement.currentVersion + 1,
      body,
      hash,
      note: note ?? null,
      createdBy: principal.id,
      createdAt: this.clock.now(),
    });
  }
}
