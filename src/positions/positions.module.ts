import { Module } from '@nestjs/common';
import { PositionsRepository } from './positions.repository';

@Module({
  providers: [PositionsRepository],
  exports: [PositionsRepository],
})
export class PositionsModule {}
