import { Module } from '@nestjs/common';
import { TimersRepository } from './timers.repository';

/** The timer rows, for the runtime that writes them and the scheduler that fires them. */
@Module({
  providers: [TimersRepository],
  exports: [TimersRepository],
})
export class TimerStoreModule {}
