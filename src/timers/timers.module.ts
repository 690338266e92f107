import { Module } from '@nestjs/common';
import { WorkflowModule } from '../workflow/workflow.module';
import { TimerStoreModule } from './timer-store.module';
import { TimersAdminController } from './timers-admin.controller';
import { TimersService } from './timers.service';

@Module({
  imports: [WorkflowModule, TimerStoreModule],
  controllers: [TimersAdminController],
  providers: [TimersService],
  exports: [TimersService],
})
export class TimersModule {}
