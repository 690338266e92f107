import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { WorkflowModule } from '../workflow/workflow.module';
import { PositionsController } from './positions.controller';
import { PositionsModule } from './positions.module';
import { PositionsService } from './positions.service';

/**
 * What people read about positions: the history of every round and the record of adoption,
 * which carries the signed head of the statement's history. It reads the engine's rows, so it
 * imports the engine (WorkflowModule), which itself only needs the position rows.
 */
@Module({
  imports: [ReferenceModule, PositionsModule, WorkflowModule],
  controllers: [PositionsController],
  providers: [PositionsService],
})
export class RecordsModule {}
