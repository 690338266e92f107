import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { workersConfig } from '../config/app.config';
import { EmailChannel, WebhookChannel } from './channels';
import { DeliveryEntity } from './notify.entities';
import { NotifyRepository } from './notify.repository';
import { retryDelayMs } from './retry-delay.util';

const LEASE_MS = 60_000;

/**
 * Sends deliveries with retries; what keeps failing is dead-lettered for an admin to re-drive.
 * Leases keep two instances from sending one delivery twice.
 */
@Injectable()
export class NotifyDeliveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotifyRepository,
    private readonly email: EmailChannel,
    private readonly webhook: WebhookChannel,
    private readonly clock: Clock,
    @Inject(workersConfig.KEY) private readonly config: ConfigType<typeof workersConfig>,
  ) {}

  /** Sends what is due now; returns how many deliveries it attempted. */
  async deliverDue(limit = 20): Promise<number> {
    const now = this.clock.now();
    const channels = this.email.configured ? ['email', 'webhook'] : ['webhook'];
    const leased = await this.dataSource.transaction((manager) =>
      this.repository.lease(manager, now, new Date(now.getTime() + LEASE_MS), limit, channels),
    );
    // Sent outside any transaction: a slow server must not hold database locks.
    for (const delivery of leased) await this.attempt(delivery);
    return leased.length;
  }

  private async attempt(delivery: DeliveryEntity): Promise<void> {
    const manager = this.dataSource.manager;
    let result;
    if (delivery.channel === 'email') {
      result = await this.email.send(
        delivery.target,
        delivery.subject,
        delivery.body,
        delivery.html ?? undefined,
      );
    } else {
      const subscription = delivery.subscriptionId
        ? await this.repository.subscription(manager, delivery.subscriptionId)
        : null;
      result = subscription?.active
        ? await this.webhook.send(delivery.target, delivery.body, subscription.secret, {
            'X-Adref-Delivery': delivery.id,
            'X-Adref-Event': delivery.subject,
          })
        : { ok: false, error: 'the webhook subscription was removed' };
    }
    const at = this.clock.now();
    const attempts = delivery.attempts + 1;
    const dead = !result.ok && attempts >= this.config.maxAttempts;
    await this.dataSource.transaction((tx) =>
      this.repository.recordAttempt(
        tx,
        delivery,
        {
          attemptedAt: at,
          ok: result.ok,
          responseStatus: result.responseStatus ?? null,
          error: result.error ?? null,
        },
        result.ok
          ? { status: 'sent', attempts, sentAt: at, lastError: null }
          : {
              status: dead ? 'dead' : 'pending',
              attempts,
              lastError: result.error ?? 'failed',
              deadAt: dead ? at : null,
              nextAttemptAt: new Date(
                at.getTime() + retryDelayMs(attempts, this.config.retryBaseMs),
              ),
            },
      ),
    );
  }
}
