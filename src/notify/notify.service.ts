import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Clock } from '../common/clock';
import { Poller } from '../common/poller';
import { workersConfig } from '../config/app.config';
import { ChairHandoverService } from './chair-handover.service';
import { NotifyDeliveryService } from './notify-delivery.service';
import { NotifyDigestService } from './notify-digest.service';
import { NotifyExpansionService } from './notify-expansion.service';

const HANDOVER_CHECK_MS = 60_000;

/**
 * The notification worker: announces chair handovers, expands notifications (outbox rows
 * written with their transitions) into deliveries, and sends them. Runs in every instance.
 */
@Injectable()
export class NotifyService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly poller: Poller;
  private lastHandoverCheck = 0;

  constructor(
    private readonly handover: ChairHandoverService,
    private readonly expansion: NotifyExpansionService,
    private readonly delivery: NotifyDeliveryService,
    private readonly clock: Clock,
    private readonly digest: NotifyDigestService,
    @Inject(workersConfig.KEY) private readonly config: ConfigType<typeof workersConfig>,
  ) {
    this.poller = new Poller(NotifyService.name, config.deliveryIntervalMs, async () => {
      if (this.clock.now().getTime() - this.lastHandoverCheck >= HANDOVER_CHECK_MS) {
        this.lastHandoverCheck = this.clock.now().getTime();
        await this.announceHandovers();
      }
      const expanded = await this.expandPending();
      const digests = await this.sendDigests();
      return expanded + digests + (await this.deliverDue());
    });
  }

  onApplicationBootstrap(): void {
    if (this.config.enabled) this.poller.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.poller.stop();
  }

  /** See ChairHandoverService.announce; returns how many notifications it wrote. */
  announceHandovers(): Promise<number> {
    return this.handover.announce();
  }

  /** Expands waiting notifications into deliveries; returns how many it expanded. */
  expandPending(limit?: number): Promise<number> {
    return this.expansion.expandPending(limit);
  }

  /** Writes the daily digests due now (held emails, one digest per reader); returns how many. */
  sendDigests(limit?: number): Promise<number> {
    return this.digest.sendDue(limit);
  }

  /** Sends what is due now; returns how many deliveries it attempted. */
  deliverDue(limit?: number): Promise<number> {
    return this.delivery.deliverDue(limit);
  }
}
