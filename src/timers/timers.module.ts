import { Module } from '@nestjs/common';
import { EngineModule } from '../engine/engine.module';
import { StatementsModule } from '../statements/statements.module';
import { TimersAdminController } from './timers-admin.controller';
import { TimersService } from './timers.service';

@Module({
  imports: [EngineModule, StatementsModule],
  controllers: [TimersAdminController],
  providers: [TimersService],
  exports: [TimersService],
})
export class TimersModule {}
