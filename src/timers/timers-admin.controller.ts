import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/auth.decorators';
import { ListTimersQueryDto } from './dto/list-timers.dto';
import { TimersRepository } from './timers.repository';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/timers')
export class TimersAdminController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly timers: TimersRepository,
  ) {}

  /** Deadlines and reminders: pending ones by due time, and what became of the others. */
  @Get()
  @Roles('admin')
  list(@Query() query: ListTimersQueryDto) {
    return this.timers.list(
      this.dataSource.manager,
      { status: query.status, statementId: query.statement },
      500,
    );
  }
}
