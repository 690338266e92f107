import type { EntityManager } from 'typeorm';
import { mapParagraphs, splitParagraphs } from '../statements/paragraphs.util';
import type { Round } from '../../workflows/statement/statement.types';
import type { Principal } from '../common/auth.decorators';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';
import { REFUSAL_ERROR_CODES } from '../engine/refusal-codes';
import { ChairTermsService } from '../reference/chair-terms.service';
import { ReferenceService } from '../reference/reference.service';
import { StatementEntity } from '../engine/statement.entity';
import { Act, restoreSnapshot, stateLabel, WorkflowRuntime } from '../engine/workflow.runtime';
import type { ImportEvent } from './dto/import-file.dto';
import type { ParsedImport } from './import-file.parser';
import { ImportEventTranslator, ImportReference } from './import-event.translator';
import { ImportEventRef, importRefused, ImportRule } from './imports.errors';
import { ImportsRepository } from './imports.repository';

/** Who imports: the principal adref records as having entered the history, and its label. */
export interface Importer {
  principal: Principal;
  label: string;
}

interface Deps {
  runtime: WorkflowRuntime;
  reference: ReferenceService;
  chairTerms: ChairTermsService;
  repository: ImportsRepository;
}

/** Where an import may end: an open round would need timers and notices an import never writes. */
const RESTING_STATES = new Set([
  'drafting',
  'som_review',
  'approved_in_principle',
  'adopted',
  'withdrawn',
  'not_adopted',
]);

// Refusals of the procedure are the file's fault: they become 422s naming the event.
const PROCEDURAL: ReadonlySet<AdrefErrorCode> = REFUSAL_ERROR_CODES;

/**
 * One import, inside the caller's transaction: CREATED, then every event of the file through
 * the runtime, marked imported (rounds and positions are written; no notice, no timer).
 */
export class ImportRun {
  private statement: StatementEntity;
  private readonly translator: ImportEventTranslator;

  constructor(
    private readonly deps: Deps,
    private readonly manager: EntityManager,
    private readonly parsed: ParsedImport,
    private readonly importer: Importer,
    reference: ImportReference,
    private readonly now: Date,
  ) {
    this.translator = new ImportEventTranslator(
      deps.reference,
      deps.chairTerms,
      manager,
      parsed,
      reference,
      importer.principal.id,
    );
  }

  private get file() {
    return this.parsed.file;
  }

  async run(): Promise<StatementEntity> {
    await this.create();
    for (let index = 1; index < this.file.events.length; index++) await this.apply(index);
    this.assertResting();
    return this.statement;
  }

  private async create(): Promise<void> {
    const event = this.file.events[0];
    const at = new Date(event.at);
    const chair = await this.translator.chair(event, this.ref(0));
    this.statement = await this.deps.runtime.start(
      this.manager,
      this.manager.create(StatementEntity, {
        frameworkCode: this.file.framework,
        title: this.file.title,
        titleTh: this.file.titleTh ?? null,
        currentVersion: 1,
        currentHash: this.parsed.hashes[0],
        createdBy: this.importer.principal.id,
        importKey: this.file.importKey,
        importedAt: this.now,
      }),
      {
        ...this.act(event.actor ?? chair.label),
        at,
        auditDetails: {
          ...this.details(event, chair.code),
          import: {
            key: this.file.importKey,
            format: this.file.format,
            source: this.file.source ?? null,
            illustrative: this.file.illustrative ?? [],
          },
        },
      },
      { imported: true },
    );
    await this.addVersion(1, at);
  }

  private async apply(index: number): Promise<void> {
    const event = this.file.events[index];
    const ref = this.ref(index);
    const { machineEvent, actor, by } = await this.translator.translate(
      event,
      ref,
      this.openRound(),
    );
    if ('version' in machineEvent && machineEvent.version) {
      await this.addVersion(machineEvent.version.number, new Date(event.at));
    }
    try {
      await this.deps.runtime.apply(
        this.manager,
        this.statement,
        machineEvent,
        { ...this.act(actor), auditDetails: this.details(event, by) },
        { imported: true },
      );
    } catch (error) {
      if (error instanceof AdrefError && PROCEDURAL.has(error.code)) {
        throw importRefused(ref, ImportRule.EVENT_NOT_ALLOWED, error.message, {
          state: stateLabel(restoreSnapshot(this.statement)),
        });
      }
      throw error;
    }
  }

  private assertResting(): void {
    const snapshot = restoreSnapshot(this.statement);
    const label = stateLabel(snapshot);
    if (RESTING_STATES.has(label)) return;
    throw importRefused(
      this.ref(this.file.events.length - 1),
      ImportRule.ENDS_IN_OPEN_ROUND,
      `the history ends with round ${snapshot.context.round?.number} open (${label}). An open round lives on deadline timers and notices to the members, which an import never writes; import the history up to approved_in_principle and open the round in adref, or import it through the round's close`,
      { state: label },
    );
  }

  /** A text version, dated when the event that introduced it took effect. */
  private addVersion(number: number, at: Date): Promise<void> {
    const version = this.file.versions[number - 1];
    return this.deps.repository.addVersion(this.manager, {
      statementId: this.statement.id,
      number,
      body: version.body,
      hash: this.parsed.hashes[number - 1],
      note: version.note ?? (number === 1 ? 'First draft' : null),
      createdBy: this.importer.principal.id,
      createdAt: at,
      paragraphMap:
        number === 1
          ? null
          : mapParagraphs(
              splitParagraphs(this.file.versions[number - 2].body),
              splitParagraphs(version.body),
            ),
    });
  }

  private openRound(): Round | null {
    const round = restoreSnapshot(this.statement).context.round;
    return round && !round.closedAt ? round : null;
  }

  private act(actor: string): Act {
    return {
      actor: this.importer.principal,
      actorLabel: `${actor}; imported by ${this.importer.label}`,
      recordedAt: this.now,
    };
  }

  /** What the history keeps beside the machine event; no key here is a machine event field. */
  private details(event: ImportEvent, by: string | null): Record<string, unknown> {
    // As in the live API, a new version's note is the note of its event.
    const introduced =
      (event.type === 'EDIT_TEXT' || event.type === 'REVISE') && event.version !== undefined
        ? this.file.versions[event.version - 1].note
        : undefined;
    const note = event.note ?? introduced;
    return {
      ...(by ? { by } : {}),
      ...(event.actor ? { actor: event.actor } : {}),
      ...(note ? { note } : {}),
      ...(event.source ? { source: event.source } : {}),
      ...(event.illustrative?.length ? { illustrative: event.illustrative } : {}),
    };
  }

  private ref(index: number): ImportEventRef {
    const event = this.file.events[index];
    return { index, type: event.type, at: event.at };
  }
}
