import { Module } from '@nestjs/common';
import { ReferenceModule } from '../reference/reference.module';
import { StatementsModule } from '../statements/statements.module';
import { EngineModule } from '../engine/engine.module';
import { ImportsController } from './imports.controller';
import { ImportsRepository } from './imports.repository';
import { ImportsService } from './imports.service';

@Module({
  imports: [ReferenceModule, EngineModule, StatementsModule],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportsService],
  exports: [ImportsService],
})
export class ImportsModule {}
