import { Controller, Delete, Get, Header, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Public } from '../common/auth.decorators';
import type { Principal } from '../common/auth.decorators';
import { ApiErrors, ApiOp, ApiSignedIn } from '../common/openapi.decorators';
import { CalendarService } from './calendar.service';
import { CalendarFeedQueryDto, CalendarLinkDto } from './dto/calendar.dto';

const originOf = (request: Request): string => `${request.protocol}://${request.get('host')}`;

@ApiTags('notifications')
@Controller('members')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** A new URL of the member's deadline feed; URLs given before keep working until DELETE. */
  @Get(':code/calendar-link')
  @ApiOp('getCalendarLink', 'A new URL of the member’s deadline feed; earlier URLs keep working')
  @ApiSignedIn()
  @ApiErrors([400, 'Not a member code'], [404, 'Unknown member'])
  @ApiOkResponse({ type: CalendarLinkDto })
  @Header('Cache-Control', 'no-store')
  link(
    @CurrentPrincipal() principal: Principal,
    @Param('code') code: string,
    @Req() request: Request,
  ): Promise<CalendarLinkDto> {
    return this.calendar.issueLink(principal, code, originOf(request));
  }

  /** Replaces the link: every earlier URL of the member stops working; a new one is returned. */
  @Delete(':code/calendar-link')
  @ApiOp('replaceCalendarLink', 'Replaces the feed URL: every earlier URL of the member stops')
  @ApiSignedIn()
  @ApiErrors([400, 'Not a member code'], [404, 'Unknown member'])
  @ApiOkResponse({ type: CalendarLinkDto })
  @Header('Cache-Control', 'no-store')
  replaceLink(
    @CurrentPrincipal() principal: Principal,
    @Param('code') code: string,
    @Req() request: Request,
  ): Promise<CalendarLinkDto> {
    return this.calendar.replaceLink(principal, code, originOf(request));
  }

  /** The member's open ad-referendum deadlines as iCalendar; the `key` is the only credential. */
  @Get(':code/deadlines.ics')
  @Public()
  @ApiOp('getDeadlinesFeed', 'The member’s open ad-referendum deadlines as iCalendar', {
    public: true,
    description:
      'The member’s open ad-referendum deadlines as iCalendar; the `key` of the calendar link is the only credential.',
  })
  @ApiProduces('text/calendar')
  @ApiOkResponse({
    description: 'An iCalendar feed',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  @ApiErrors(
    [400, 'token_in_query: an API token in the URL'],
    [401, 'The key is missing, or not (or no longer) valid'],
    [404, 'Unknown member'],
    429,
  )
  async deadlines(
    @Param('code') code: string,
    @Query() query: CalendarFeedQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    const body = await this.calendar.feed(code, query);
    // Set only once the feed is built: an error goes out as JSON, never as a calendar.
    response.setHeader('Content-Type', 'text/calendar; charset=utf-8');
    response.setHeader('Cache-Control', 'private, no-store');
    return body;
  }
}
