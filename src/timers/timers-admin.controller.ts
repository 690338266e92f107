import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators';
import { ApiErrors, ApiOp, ApiSignedIn } from '../common/openapi.decorators';
import { ListTimersQueryDto } from './dto/list-timers.dto';
import { TimerDto } from './dto/timer-view.dto';
import { TimersService } from './timers.service';

@ApiTags('admin')
@ApiSignedIn()
@Controller('admin/timers')
export class TimersAdminController {
  constructor(private readonly timers: TimersService) {}

  /** Deadlines and reminders: pending ones by due time, and what became of the others. */
  @Get()
  @Roles('admin')
  @ApiOp('listTimers', 'Deadlines and reminders, pending ones by due time (admin; at most 500)')
  @ApiOkResponse({ type: [TimerDto] })
  @ApiErrors(400)
  list(@Query() query: ListTimersQueryDto) {
    return this.timers.list({ status: query.status, statementId: query.statement }, 500);
  }
}
