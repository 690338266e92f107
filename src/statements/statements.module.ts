import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { StatementPolicy } from './statement.policy';
import { StatementsController } from './statements.controller';
import { StatementsRepository } from './statements.repository';
import { StatementsService } from './statements.service';

@Module({
  imports: [ReferenceModule, WorkflowModule],
  controllers: [StatementsController],
  providers: [StatementsRepository, StatementsService, StatementPolicy],
  exports: [StatementsService],
})
export class StatementsModule {}
