import { Injectable } from '@nestjs/common';
import { AdrefError, AdrefErrorCode } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { canLoadMachineVersion, CURRENT_STATEMENT_MACHINE_VERSION } from './machine-registry';
import { StatementMigrationsRepository } from './statement-migrations.repository';
import { planMigration, WorkflowRuntime } from './workflow.runtime';

/** What a migration did, or in a dry run would do, to one statement. */
export interface StatementMigrationLine {
  statementId: string;
  title: string;
  /** e.g. ad_referendum.collecting */
  state: string;
  from: number;
  to: number;
  outcome: 'migrated' | 'would_migrate' | 'final' | 'unmappable';
  changes: string[];
  /** Why a statement stays where it is. */
  reason?: string;
}

/** Who the audit trail names for a migration: an admin at the command line. */
export const MIGRATION_ACTOR = 'adref admin (statements:migrate)';

/**
 * Moves statements to a newer version of the procedure, only when an admin asks. Each
 * statement moves in a transaction of its own; one that cannot be mapped stays as it was.
 */
@Injectable()
export class StatementMigrationsService {
  constructor(
    private readonly repository: StatementMigrationsRepository,
    private readonly runtime: WorkflowRuntime,
    private readonly clock: Clock,
  ) {}

  async migrateAll(to: number, options: { dryRun: boolean }): Promise<StatementMigrationLine[]> {
    if (!canLoadMachineVersion(to)) {
      throw new AdrefError(
        AdrefErrorCode.MACHINE_VERSION_UNAVAILABLE,
        `this build cannot load version ${to} of the procedure (the newest is ${CURRENT_STATEMENT_MACHINE_VERSION})`,
        { machineVersion: to },
      );
    }
    const lines: StatementMigrationLine[] = [];
    for (const id of await this.repository.idsBelow(to)) {
      lines.push(options.dryRun ? await this.plan(id, to) : await this.migrate(id, to));
    }
    return lines;
  }

  private async plan(id: string, to: number): Promise<StatementMigrationLine> {
    const statement = await this.repository.find(id);
    if (!statement) throw new Error(`statement ${id} vanished during the dry run`);
    const outcome = planMigration(statement, to);
    return {
      ...this.lineOf(statement, to),
      outcome: outcome?.kind === 'migrated' ? 'would_migrate' : (outcome?.kind ?? 'unmappable'),
      changes: outcome?.kind === 'migrated' ? outcome.changes : [],
      ...(outcome?.kind === 'migrated'
        ? {}
        : {
            reason:
              outcome?.reason ?? `no migration leads from version ${statement.machineVersion}`,
          }),
    };
  }

  private migrate(id: string, to: number): Promise<StatementMigrationLine> {
    return this.repository.transaction(async (manager) => {
      const statement = await this.repository.lock(manager, id);
      if (!statement) throw new Error(`statement ${id} vanished during the migration`);
      const line = this.lineOf(statement, to);
      const outcome = planMigration(statement, to);
      if (outcome?.kind !== 'migrated') {
        return {
          ...line,
          outcome: outcome?.kind ?? 'unmappable',
          changes: [],
          reason: outcome?.reason ?? `no migration leads from version ${statement.machineVersion}`,
        };
      }
      const now = this.clock.now();
      const { changes } = await this.runtime.migrate(manager, statement, to, {
        actor: null,
        actorLabel: MIGRATION_ACTOR,
        at: now,
        recordedAt: now,
      });
      return { ...line, outcome: 'migrated', changes };
    });
  }

  private lineOf(
    statement: {
      id: string;
      title: string;
      state: string;
      roundState: string | null;
      machineVersion: number;
    },
    to: number,
  ): Omit<StatementMigrationLine, 'outcome' | 'changes'> {
    return {
      statementId: statement.id,
      title: statement.title,
      state: statement.roundState ? `${statement.state}.${statement.roundState}` : statement.state,
      from: statement.machineVersion,
      to,
    };
  }
}
