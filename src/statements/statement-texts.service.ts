import { Injectable } from '@nestjs/common';
import { createTwoFilesPatch, diffLines } from 'diff';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../common/auth.decorators';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';
import { Clock } from '../common/clock';
import type { StatementEntity } from '../engine/statement.entity';
import type { TextVersionEntity } from '../engine/text-version.entity';
import { mapParagraphs, splitParagraphs } from './paragraphs.util';
import type { ParagraphMap } from './paragraphs.util';
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
    return (await this.statements.versions(id)).map(
      ({ body: _body, paragraphMap: _map, ...meta }) => meta,
    );
  }

  async version(id: string, number: number) {
    await this.statements.find(id);
    const version = await this.statements.version(id, number);
    if (version.paragraphMap || number === 1) return version;
    // Stored before paragraph maps were kept: computed from the two texts, as a new version is.
    const previous = await this.statements.version(id, number - 1);
    return {
      ...version,
      paragraphMap: mapParagraphs(splitParagraphs(previous.body), splitParagraphs(version.body)),
    };
  }

  /** Every version with its paragraph map (computed for versions stored without one), oldest first. */
  async versionsWithMaps(
    id: string,
    manager?: EntityManager,
  ): Promise<(TextVersionEntity & { paragraphMap: ParagraphMap | null })[]> {
    const versions = await this.statements.versions(id, manager);
    return versions.map((version, index) =>
      version.paragraphMap || index === 0
        ? version
        : {
            ...version,
            paragraphMap: mapParagraphs(
              splitParagraphs(versions[index - 1].body),
              splitParagraphs(version.body),
            ),
          },
    );
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
      paragraphMap: null,
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
    const previous = await this.statements.version(statement.id, statement.currentVersion, manager);
    await this.statements.addVersion(manager, {
      statementId: statement.id,
      number: statement.currentVersion + 1,
      body,
      hash,
      note: note ?? null,
      createdBy: principal.id,
      createdAt: this.clock.now(),
      // How the previous version's paragraph numbers carry over (stable numbering).
      paragraphMap: mapParagraphs(splitParagraphs(previous.body), splitParagraphs(body)),
    });
  }
}
