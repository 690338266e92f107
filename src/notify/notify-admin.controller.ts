import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators';
import { ApiErrors, ApiOp, ApiSignedIn, WRITE_ERRORS } from '../common/openapi.decorators';
import { CreateWebhookDto, ListDeliveriesQueryDto } from './dto/notify.dto';
import {
  CreatedWebhookDto,
  DeliveryDetailDto,
  DeliveryDto,
  DeliveryRowDto,
  WebhookRemovedDto,
  WebhookSubscriptionDto,
} from './dto/outbox-view.dto';
import { NotifyAdminService } from './notify-admin.service';

@ApiTags('admin')
@ApiSignedIn()
@Roles('admin')
@Controller('admin')
export class NotifyAdminController {
  constructor(private readonly admin: NotifyAdminService) {}

  /** Deliveries: pending, failing (retrying), dead-lettered or sent, newest first. */
  @Get('outbox')
  @ApiOp(
    'listDeliveries',
    'Deliveries: pending, failing, dead-lettered or sent, newest first (500 at most)',
  )
  @ApiOkResponse({ type: [DeliveryDto] })
  @ApiErrors(400)
  outbox(@Query() query: ListDeliveriesQueryDto) {
    return this.admin.deliveries(query);
  }

  @Get('outbox/:id')
  @ApiOp('getDelivery', 'One delivery with its body and every attempt')
  @ApiOkResponse({ type: DeliveryDetailDto })
  @ApiErrors(400, 404)
  delivery(@Param('id', ParseUUIDPipe) id: string) {
    return this.admin.delivery(id);
  }

  /** Sends a dead-lettered (or failing) delivery again, with a fresh budget of attempts. */
  @Post('outbox/:id/redrive')
  @ApiOp('redriveDelivery', 'Sends a dead-lettered or failing delivery again, with fresh attempts')
  @ApiCreatedResponse({ type: DeliveryRowDto })
  @ApiErrors(400, 404, [409, 'conflicting_data: the delivery was already sent'], 429)
  redrive(@Param('id', ParseUUIDPipe) id: string) {
    return this.admin.redrive(id);
  }

  @Get('webhooks')
  @ApiOp('listWebhooks', 'Webhook subscriptions, oldest first (secrets are never shown again)')
  @ApiOkResponse({ type: [WebhookSubscriptionDto] })
  webhooks() {
    return this.admin.webhooks();
  }

  /** Subscribes a URL to a member's or a user's notifications; the secret is shown once. */
  @Post('webhooks')
  @ApiOp('subscribeWebhook', 'Subscribes a URL to a member’s or a user’s notifications')
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiErrors(...WRITE_ERRORS, 404)
  subscribe(@Body() body: CreateWebhookDto) {
    return this.admin.subscribe(body);
  }

  @Delete('webhooks/:id')
  @ApiOp('unsubscribeWebhook', 'Stops a webhook subscription')
  @ApiOkResponse({ type: WebhookRemovedDto })
  @ApiErrors(400, 404)
  unsubscribe(@Param('id', ParseUUIDPipe) id: string) {
    return this.admin.unsubscribe(id);
  }
}
