import { Module } from '@nestjs/common';
import { EngineModule } from '../engine/engine.module';
import { ReferenceModule } from '../reference/reference.module';
import { OverviewController } from './overview.controller';
import { OverviewRepository } from './overview.repository';
import { OverviewService } from './overview.service';
import { StatementsModule } from '../statements/statements.module';
import { PositionsController } from './positions.controller';
import { PositionsService } from './positions.service';

/**
 * What people read about positions: the history of every round and the record of adoption,
 * which carries the signed head of the statement's history, from the engine's rows.
 */
@Module({
  imports: [ReferenceModule, EngineModule, StatementsModule],
  controllers: [PositionsController, OverviewController],
  providers: [PositionsService, OverviewService, OverviewRepository],
  exports: [PositionsService],
})
export class PositionsModule {}
