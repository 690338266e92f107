import { Logger } from '@nestjs/common';

/**
 * Runs a unit of background work again and again: straight away while it finds something to
 * do, then every `intervalMs`. Errors are logged and retried at the next tick, and `stop()`
 * waits for the unit in progress, so that shutdown never cuts a transaction in half.
 */
export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private readonly logger: Logger;

  constructor(
    name: string,
    private readonly intervalMs: number,
    /** Does some work and says how many items it handled (0: nothing to do now). */
    private readonly work: () => Promise<number>,
  ) {
    this.logger = new Logger(name);
  }

  /** Starts the work after `firstDelayMs` (at once by default). */
  start(firstDelayMs = 0): void {
    this.stopped = false;
    this.schedule(firstDelayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => (this.running = null));
    }, delay);
  }

  private async tick(): Promise<void> {
    let handled = 0;
    try {
      handled = await this.work();
    } catch (error) {
      this.logger.error(error instanceof Error ? error.stack : error);
    }
    this.schedule(handled > 0 ? 0 : this.intervalMs);
  }
}
