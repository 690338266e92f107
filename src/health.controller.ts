import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from './auth/auth.decorators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Liveness, and whether the database answers. */
  @Public()
  @Get()
  async health() {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      throw new ServiceUnavailableException('the database does not answer');
    }
    const driver =
      this.dataSource.options.type === 'postgres' &&
      'url' in this.dataSource.options &&
      this.dataSource.options.url
        ? 'postgres'
        : 'pglite';
    return { status: 'ok', database: driver };
  }
}
