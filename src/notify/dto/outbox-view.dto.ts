import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApiInstant } from '../../common/openapi.decorators';

// What the admin outbox and webhook routes answer.

class DeliveryFields {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) messageId: string;
  @ApiProperty({ enum: ['email', 'webhook'] }) channel: string;
  @ApiProperty({ description: 'The address or URL' }) target: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) principalId: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) subscriptionId: string | null;
  @ApiProperty({ type: String, nullable: true }) memberCode: string | null;
  @ApiProperty({ example: 'en' }) language: string;
  @ApiProperty() subject: string;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'An email’s HTML part (beside its plain text); null for webhooks',
  })
  html?: string | null;
  @ApiProperty({ enum: ['pending', 'sent', 'dead', 'held', 'digested'] }) status: string;
  @ApiInstant() nextAttemptAt: string;
  @ApiInstant({ nullable: true }) lockedUntil: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError: string | null;
  @ApiInstant({ nullable: true }) sentAt: string | null;
  @ApiInstant({ nullable: true }) deadAt: string | null;
  @ApiInstant() createdAt: string;
}

/** A delivery in the outbox list (without its body). */
export class DeliveryDto extends DeliveryFields {
  @ApiProperty({ description: 'Attempts so far' }) attempts: number;
  @ApiPropertyOptional({ example: 'round_opened' }) kind?: string;
  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' })
  statementId?: string | null;
}

export class DeliveryAttemptDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) deliveryId: string;
  @ApiInstant() attemptedAt: string;
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: Number, nullable: true }) responseStatus: number | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

/** One delivery with its body and every attempt. */
export class DeliveryDetailDto extends DeliveryFields {
  @ApiProperty() body: string;
  @ApiProperty({ type: [DeliveryAttemptDto], description: 'Oldest first' })
  attempts: DeliveryAttemptDto[];
}

/** A delivery as stored, after a redrive. */
export class DeliveryRowDto extends DeliveryFields {
  @ApiProperty() body: string;
  @ApiProperty({ description: 'Attempts so far (0 after a redrive)' }) attempts: number;
}

export class WebhookSubscriptionDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) memberCode: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) principalId: string | null;
  @ApiProperty() url: string;
  @ApiProperty() active: boolean;
  @ApiInstant() createdAt: string;
}

export class CreatedWebhookDto extends WebhookSubscriptionDto {
  @ApiPropertyOptional({
    description:
      'HMAC-SHA256 key of the signatures; shown this once (absent when an Idempotency-Key repeat replays the answer)',
  })
  secret?: string;
}

export class WebhookRemovedDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: [false] }) active: boolean;
}
