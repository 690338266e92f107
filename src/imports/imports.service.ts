import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { invalidFields } from '../common/validation';
import { ChairTermsService } from '../reference/chair-terms.service';
import { MeetingsService } from '../reference/meetings.service';
import { ReferenceService } from '../reference/reference.service';
import { StatementViewsService } from '../statements/statement-views.service';
import type { StatementView } from '../statements/statement.view';
import { WorkflowRuntime } from '../engine/workflow.runtime';
import { assertTimeline, parseImportFile } from './import-file.parser';
import { Importer, ImportRun } from './import-run';
import { alreadyImported } from './imports.errors';
import { ImportsRepository } from './imports.repository';

export type ImportedStatementView = StatementView & { importKey: string; importedAt: string };

/**
 * Enters a statement adopted before adref was used, from an import file (format adref-import/1),
 * in one transaction: every event goes through the machine, and none reaches a timer or a
 * notification. A file the procedure would refuse is refused whole.
 */
@Injectable()
export class ImportsService {
  constructor(
    private readonly runtime: WorkflowRuntime,
    private readonly reference: ReferenceService,
    private readonly chairTerms: ChairTermsService,
    private readonly meetings: MeetingsService,
    private readonly repository: ImportsRepository,
    private readonly views: StatementViewsService,
    private readonly clock: Clock,
  ) {}

  async importFile(body: unknown, importer: Importer): Promise<ImportedStatementView> {
    const parsed = await parseImportFile(body);
    const { file } = parsed;
    const now = this.clock.now();
    assertTimeline(file.events, now);
    // Lists read now: inside the transaction only its own session may be used (PGlite).
    const [frameworks, meetings, members] = await Promise.all([
      this.reference.frameworks(),
      this.meetings.meetings(file.framework),
      this.reference.members(),
    ]);
    if (!frameworks.some((framework) => framework.code === file.framework)) {
      throw invalidFields([
        {
          field: 'framework',
          problems: [
            `framework ${file.framework} is not known (${frameworks.map((f) => f.code).join(', ')})`,
          ],
        },
      ]);
    }
    // One transaction and no Idempotency-Key: the import key is the file's own (409 on a repeat).
    const statementId = await this.repository.transaction(async (manager) => {
      await this.repository.lockImportKey(manager, file.importKey);
      const existing = await this.repository.findByImportKey(manager, file.importKey);
      if (existing) throw alreadyImported(file.importKey, existing.id, existing.importedAt);
      const run = new ImportRun(
        {
          runtime: this.runtime,
          reference: this.reference,
          chairTerms: this.chairTerms,
          repository: this.repository,
        },
        manager,
        parsed,
        importer,
        { meetings, memberNames: new Map(members.map((m) => [m.code, m.nameEn])) },
        now,
      );
      return (await run.run()).id;
    });
    const view = await this.views.get(statementId, importer.principal);
    return { ...view, importKey: file.importKey, importedAt: now.toISOString() };
  }

  /** The importer `npm run import` records: an admin principal of the command line. */
  async commandLineImporter(): Promise<Importer> {
    const principal = await this.repository.commandLinePrincipal();
    return { principal, label: `${principal.name} (npm run import)` };
  }
}
