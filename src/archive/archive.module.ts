import { Module } from '@nestjs/common';
import { EngineModule } from '../engine/engine.module';
import { PositionsModule } from '../positions/positions.module';
import { ReferenceModule } from '../reference/reference.module';
import { ArchiveController } from './archive.controller';
import { ArchiveRepository } from './archive.repository';
import { ArchiveService } from './archive.service';

/**
 * The archive of a framework (GET /archive, `npm run export`). Its offline check
 * (archive-check.ts, `npm run verify -- --archive`) needs no module and no database.
 */
@Module({
  imports: [EngineModule, ReferenceModule, PositionsModule],
  controllers: [ArchiveController],
  providers: [ArchiveRepository, ArchiveService],
  exports: [ArchiveService],
})
export class ArchiveModule {}
