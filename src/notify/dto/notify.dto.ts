import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

export class ListDeliveriesQueryDto {
  @ApiPropertyOptional({
    enum: ['pending', 'failed', 'dead', 'sent', 'held', 'digested'],
    description: 'failed: still pending after at least one failed attempt',
  })
  @IsOptional()
  @IsIn(['pending', 'failed', 'dead', 'sent', 'held', 'digested'])
  status?: 'pending' | 'failed' | 'dead' | 'sent' | 'held' | 'digested';

  @ApiPropertyOptional()
  @IsOptional()
  @IsUUID()
  statement?: string;
}

export class CreateWebhookDto {
  @ApiPropertyOptional({ example: 'THA', description: 'Notifications addressed to this member' })
  @IsOptional()
  @Matches(/^[A-Z]{3}$/, { message: 'member must be a three-letter member code such as THA' })
  member?: string;

  @ApiPropertyOptional({ description: 'Notifications addressed to this user' })
  @IsOptional()
  @IsUUID()
  user?: string;

  @ApiProperty({ example: 'https://ocsc.example.go.th/adref-hook' })
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  @MaxLength(2000)
  url: string;

  @ApiPropertyOptional({ description: 'HMAC-SHA256 key; generated when omitted and shown once' })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(200)
  secret?: string;
}
