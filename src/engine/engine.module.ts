import { Module } from '@nestjs/common';
import { PositionsModule } from '../positions/positions.module';
import { TimerStoreModule } from '../timers/timer-store.module';
import { AuditRepository } from './audit.repository';
import { CommandRunner } from './command-runner';
import { OutboxRepository } from './outbox.repository';
import { KeysController } from './keys.controller';
import { SigningService } from './signing.service';
import { WorkflowController } from './workflow.controller';
import { WorkflowRuntime } from './workflow.runtime';

@Module({
  imports: [PositionsModule, TimerStoreModule],
  controllers: [WorkflowController, KeysController],
  providers: [AuditRepository, CommandRunner, OutboxRepository, SigningService, WorkflowRuntime],
  exports: [AuditRepository, CommandRunner, SigningService, WorkflowRuntime],
})
export class WorkflowModule {}
