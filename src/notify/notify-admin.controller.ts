import { randomBytes } from 'node:crypto';
import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Roles } from '../common/auth.decorators';
import { PrincipalEntity } from '../common/principal.entity';
import { AdrefError, AdrefErrorCode, invalidInput, notFound } from '../common/adref.errors';
import { Clock } from '../common/clock';
import { ApiErrors, ApiOp, ApiSignedIn, WRITE_ERRORS } from '../common/openapi.decorators';
import { ReferenceService } from '../reference/reference.service';
import { CreateWebhookDto, ListDeliveriesQueryDto } from './dto/notify.dto';
import {
  CreatedWebhookDto,
  DeliveryDetailDto,
  DeliveryDto,
  DeliveryRowDto,
  WebhookRemovedDto,
  WebhookSubscriptionDto,
} from './dto/outbox-view.dto';
import { DeliveryEntity, WebhookSubscriptionEntity } from './notify.entities';
import { NotifyRepository } from './notify.repository';

@ApiTags('admin')
@ApiSignedIn()
@Roles('admin')
@Controller('admin')
export class NotifyAdminController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: NotifyRepository,
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
  ) {}

  /** Deliveries: pending, failing (retrying), dead-lettered or sent, newest first. */
  @Get('outbox')
  @ApiOp(
    'listDeliveries',
    'Deliveries: pending, failing, dead-lettered or sent, newest first (500 at most)',
  )
  @ApiOkResponse({ type: [DeliveryDto] })
  @ApiErrors(400)
  async outbox(@Query() query: ListDeliveriesQueryDto) {
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

  @Get('outbox/:id')
  @ApiOp('getDelivery', 'One delivery with its body and every attempt')
  @ApiOkResponse({ type: DeliveryDetailDto })
  @ApiErrors(400, 404)
  async delivery(@Param('id', ParseUUIDPipe) id: string) {
    const delivery = await this.dataSource.manager.findOneBy(DeliveryEntity, { id });
    if (!delivery) throw notFound('delivery', id);
    return { ...delivery, attempts: await this.repository.attempts(this.dataSource.manager, id) };
  }

  /** Sends a dead-lettered (or failing) delivery again, with a fresh budget of attempts. */
  @Post('outbox/:id/redrive')
  @ApiOp('redriveDelivery', 'Sends a dead-lettered or failing delivery again, with fresh attempts')
  @ApiCreatedResponse({ type: DeliveryRowDto })
  @ApiErrors(400, 404, [409, 'conflicting_data: the delivery was already sent'], 429)
  async redrive(@Param('id', ParseUUIDPipe) id: string) {
    return this.dataSource.transaction(async (manager) => {
      const delivery = await manager.findOne(DeliveryEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!delivery) throw notFound('delivery', id);
      if (delivery.status === 'sent') {
        throw new AdrefError(AdrefErrorCode.CONFLICTING_DATA, 'this delivery was already sent');
      }
      await manager.update(
        DeliveryEntity,
        { id },
        {
          status: 'pending',
          attempts: 0,
          deadAt: null,
          nextAttemptAt: this.clock.now(),
          lockedUntil: null,
        },
      );
      return manager.findOneByOrFail(DeliveryEntity, { id });
    });
  }

  @Get('webhooks')
  @ApiOp('listWebhooks', 'Webhook subscriptions, oldest first (secrets are never shown again)')
  @ApiOkResponse({ type: [WebhookSubscriptionDto] })
  async webhooks() {
    const subscriptions = await this.dataSource.manager.find(WebhookSubscriptionEntity, {
      order: { createdAt: 'ASC' },
    });
    return subscriptions.map(({ secret: _secret, ...subscription }) => subscription);
  }

  /** Subscribes a URL to a member's or a user's notifications; the secret is shown once. */
  @Post('webhooks')
  @ApiOp('subscribeWebhook', 'Subscribes a URL to a member’s or a user’s notifications')
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiErrors(...WRITE_ERRORS, 404)
  async subscribe(@Body() body: CreateWebhookDto) {
    if (!body.member === !body.user) throw invalidInput('give either member or user, not both');
    if (body.member) await this.reference.requireMember(body.member);
    if (
      body.user &&
      !(await this.dataSource.manager.findOneBy(PrincipalEntity, { id: body.user }))
    ) {
      throw invalidInput(`user ${body.user} is not known`, { field: 'user' });
    }
    const secret = body.secret ?? randomBytes(32).toString('base64url');
    const saved = await this.dataSource.manager.save(
      this.dataSource.manager.create(WebhookSubscriptionEntity, {
        memberCode: body.member ?? null,
        principalId: body.user ?? null,
        url: body.url,
        secret,
        active: true,
        createdAt: this.clock.now(),
      }),
    );
    return { ...saved, secret };
  }

  @Delete('webhooks/:id')
  @ApiOp('unsubscribeWebhook', 'Stops a webhook subscription')
  @ApiOkResponse({ type: WebhookRemovedDto })
  @ApiErrors(400, 404)
  async unsubscribe(@Param('id', ParseUUIDPipe) id: string) {
    const result = await this.dataSource.manager.update(
      WebhookSubscriptionEntity,
      { id },
      { active: false },
    );
    if (!result.affected) throw notFound('webhook subscription', id);
    return { id, active: false };
  }
}
