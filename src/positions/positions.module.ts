import { Module } from '@nestjs/common';
import { PositionsRepository } from './positions.repository';

/** The round and position rows, for the engine that writes them (see RecordsModule for reads). */
@Module({
  providers: [PositionsRepository],
  exports: [PositionsRepository],
})
export class PositionsModule {}
