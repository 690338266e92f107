import { Module } from '@nestjs/common';
import { AuditRepository } from './audit.repository';
import { CommandRunner } from './command-runner';
import { DocumentsRepository } from './documents.repository';
import { OutboxRepository } from './outbox.repository';
import { PositionsRepository } from './positions.repository';
import { SigningService } from './signing.service';
import { StatementRowRepository } from './statement-row.repository';
import { StatementMigrationsRepository } from './statement-migrations.repository';
import { StatementMigrationsService } from './statement-migrations.service';
import { TimersRepository } from './timers.repository';
import { WorkflowRuntime } from './workflow.runtime';

/**
 * The engine: the runtime and everything one transition writes (statement row, rounds and
 * positions, timers, audit, outbox, idempotency). Features import it; it imports none of them.
 */
@Module({
  providers: [
    AuditRepository,
    CommandRunner,
    DocumentsRepository,
    OutboxRepository,
    PositionsRepository,
    SigningService,
    StatementMigrationsRepository,
    StatementMigrationsService,
    StatementRowRepository,
    TimersRepository,
    WorkflowRuntime,
  ],
  exports: [
    OutboxRepository,
    AuditRepository,
    CommandRunner,
    DocumentsRepository,
    PositionsRepository,
    SigningService,
    StatementMigrationsService,
    TimersRepository,
    WorkflowRuntime,
  ],
})
export class EngineModule {}
