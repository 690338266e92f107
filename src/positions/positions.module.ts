import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { PositionsController } from './positions.controller';
import { PositionsRepository } from './positions.repository';
import { PositionsService } from './positions.service';

@Module({
  imports: [ReferenceModule],
  controllers: [PositionsController],
  providers: [PositionsRepository, PositionsService],
  exports: [PositionsRepository],
})
export class PositionsModule {}
