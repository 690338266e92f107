import { Module } from '@nestjs/common';
import { PositionsModule } from '../positions/positions.module';
import { TimerStoreModule } from '../timers/timer-store.module';
import { AuditRepository } from './audit.repository';
import { CommandRunner } from './command-runner';
import { OutboxRepository } from './outbox.repository';
import { WorkflowController } from './workflow.controller';
import { WorkflowRuntime } from './workflow.runtime';

@Module({
  imports: [PositionsModule, TimerStoreModule],
  controllers: [WorkflowController],
  providers: [AuditRepository, CommandRunner, OutboxRepository, WorkflowRuntime],
  exports: [AuditRepository, CommandRunner, WorkflowRuntime],
})
export class WorkflowModule {}
