import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import ical from 'ical-generator';
import { DataSource } from 'typeorm';
import type { StatementContext } from '../../workflows/statement/statement.types';
import { AllowTokenInQuery } from '../auth/auth.decorators';
import { invalidInput } from '../common/adref.errors';
import { ReferenceService } from '../reference/reference.service';
import { StatementEntity } from '../statements/statement.entity';
import { CalendarQueryDto } from './dto/notify.dto';
import { formatDeadline } from './messages';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('members')
export class CalendarController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reference: ReferenceService,
  ) {}

  /** The member's open ad-referendum deadlines as an iCalendar feed (subscribe with ?token=). */
  @Get(':code/deadlines.ics')
  @AllowTokenInQuery()
  @ApiProduces('text/calendar')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  async deadlines(@Param('code') code: string, @Query() _query: CalendarQueryDto): Promise<string> {
    if (!/^[A-Z]{3}$/.test(code))
      throw invalidInput('the member code must be three capital letters, e.g. THA');
    const member = await this.reference.requireMember(code, 'code');
    const open = await this.dataSource.manager
      .createQueryBuilder(StatementEntity, 's')
      .where(`s.state = 'ad_referendum'`)
      .andWhere(
        `(s.snapshot #> '{context,round,electorate}') @> jsonb_build_array(CAST(:code AS text))`,
        { code },
      )
      .orderBy('s.openDeadline', 'ASC')
      .getMany();
    const calendar = ical({ name: `adref: ${member.nameEn} deadlines`, timezone: 'UTC' });
    for (const statement of open) {
      const round = (statement.snapshot as { context: StatementContext }).context.round!;
      const answer = round.positions[code]?.position ?? 'no position yet';
      const deadline = new Date(round.deadline);
      calendar.createEvent({
        id: `${statement.id}-round-${round.number}@adref`,
        start: deadline,
        end: deadline,
        summary: `Ad-referendum deadline: ${statement.title}`,
        description:
          `${statement.frameworkCode}, round ${round.number}. Deadline ${formatDeadline(round.deadline, member.timeZone, 'en')}.\n` +
          `${member.nameEn}: ${answer}.`,
      });
    }
    return calendar.toString();
  }
}
