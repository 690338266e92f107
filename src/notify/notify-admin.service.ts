import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AdrefError, AdrefErrorCode, invalidInput, notFound } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { ReferenceService } from '../reference/reference.service';
import { CreateWebhookDto, ListDeliveriesQueryDto } from './dto/notify.dto';
import { NotifyRepository } from './notify.repository';

/** What an admin does with deliveries and webhook subscriptions. */
@Injectable()
export class NotifyAdminService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotifyRepository,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
  ) {}

  /** Newest first, 500 at most; "failed" means still pending after a failed attempt. */
  async deliveries(query: ListDeliveriesQueryDto) {
    const deliveries = await this.repository.listDeliveries(
      this.dataSource.manager,
      {
        status: query.status === 'failed' ? undefined : query.status,
        failing: query.status === 'failed',
        statementId: query.statement,
      },
      500,
    );
    return deliveries.map(({ message, body: _body, ...delivery }) => ({
      ...delivery,
      kind: message?.kind,
      statementId: message?.statementId,
    }));
  }

  async delivery(id: string) {
    const manager = this.dataSource.manager;
    const delivery = await this.repository.delivery(manager, id);
    if (!delivery) throw notFound('delivery', id);
    return { ...delivery, attempts: await this.repository.attempts(manager, id) };
  }

  /** Sends a dead-lettered (or failing) delivery again, with a fresh budget of attempts. */
  redrive(id: string) {
    return this.dataSource.transaction(async (manager) => {
      const delivery = await this.repository.lockDelivery(manager, id);
      if (!delivery) throw notFound('delivery', id);
      if (delivery.status === 'sent') {
        throw new AdrefError(AdrefErrorCode.CONFLICTING_DATA, 'this delivery was already sent');
      }
      if (delivery.status === 'digested' || delivery.status === 'held') {
        throw new AdrefError(
          AdrefErrorCode.CONFLICTING_DATA,
          'this email belongs to its reader’s daily digest; it is not sent on its own',
        );
      }
      return this.repository.resetDelivery(manager, id, this.clock.now());
    });
  }

  /** Secrets are never shown again. */
  async webhooks() {
    const subscriptions = await this.repository.webhooks(this.dataSource.manager);
    return subscriptions.map(({ secret: _secret, ...subscription }) => subscription);
  }

  /** Subscribes a URL to a member's or a user's notifications; the secret is shown once. */
  async subscribe(body: CreateWebhookDto) {
    if (!body.member === !body.user) throw invalidInput('give either member or user, not both');
    const manager = this.dataSource.manager;
    if (body.member) await this.reference.requireMember(body.member);
    if (body.user && !(await this.repository.principalExists(manager, body.user))) {
      throw invalidInput(`user ${body.user} is not known`, { field: 'user' });
    }
    const secret = body.secret ?? randomBytes(32).toString('base64url');
    const saved = await this.repository.addWebhook(manager, {
      memberCode: body.member ?? null,
      principalId: body.user ?? null,
      url: body.url,
      secret,
      createdAt: this.clock.now(),
    });
    return { ...saved, secret };
  }

  async unsubscribe(id: string) {
    if (!(await this.repository.deactivateWebhook(this.dataSource.manager, id))) {
      throw notFound('webhook subscription', id);
    }
    return { id, active: false };
  }
}
