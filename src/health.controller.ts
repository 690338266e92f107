import { Controller, Get, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiProperty,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, Roles } from './common/auth.decorators';
import { RETRY_AFTER_SECONDS } from './common/adref-exception.filter';
import { ApiOp, ApiSignedIn } from './common/openapi.decorators';
import { HealthService } from './health.service';

class HealthDto {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
}

class HealthDetailsDto {
  @ApiProperty({ enum: ['up'] }) status: string;
  @ApiProperty({ enum: ['postgres', 'pglite'] }) database: string;
  @ApiProperty({ example: '17.5' }) databaseVersion: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly service: HealthService) {}

  /** Up or down, and nothing more, for anyone (a load balancer, a monitor): 503 when down. */
  @Public()
  @Get()
  @ApiOp('health', 'Up or down', { public: true })
  @ApiOkResponse({ type: HealthDto })
  @ApiServiceUnavailableResponse({ type: HealthDto, description: 'The database is down' })
  async health(@Res({ passthrough: true }) response: Response): Promise<{ status: 'up' | 'down' }> {
    if (await this.service.up()) return { status: 'up' };
    response.status(503).setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    return { status: 'down' };
  }

  /** What an administrator may see: which database, and its version. */
  @ApiSignedIn()
  @Roles('admin')
  @Get('details')
  @ApiOp('healthDetails', 'Which database adref runs on, and its version (admin)')
  @ApiOkResponse({ type: HealthDetailsDto })
  details() {
    return this.service.details();
  }
}
