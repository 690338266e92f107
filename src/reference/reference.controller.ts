import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators';
import { ApiErrors, ApiOp, ApiSignedIn, WRITE_ERRORS } from '../common/openapi.decorators';
import {
  ChairTermDto,
  FrameworkDto,
  MeetingDto,
  MemberDto,
  MembershipDto,
} from './dto/reference-view.dto';
import {
  CreateChairTermDto,
  CreateMeetingDto,
  CreateMembershipDto,
  DateQueryDto,
  FrameworkQueryDto,
  UpdateChairTermDto,
  UpdateMeetingDto,
  UpdateMembershipDto,
} from './dto/reference.dto';
import { withLabels } from './meeting-label.util';
import { ChairTermsService } from './chair-terms.service';
import { MeetingsService } from './meetings.service';
import { ReferenceOverviewService } from './reference-overview.service';
import { ReferenceService } from './reference.service';

@ApiTags('reference')
@ApiSignedIn()
@Controller()
export class ReferenceController {
  constructor(
    private readonly reference: ReferenceService,
    private readonly chairTermsService: ChairTermsService,
    private readonly meetingsService: MeetingsService,
    private readonly overview: ReferenceOverviewService,
  ) {}

  /** Frameworks with their chair, electorate and observers on `date` (today by default). */
  @Get('frameworks')
  @ApiOp('listFrameworks', 'Frameworks with their chair, electorate and observers on a day')
  @ApiOkResponse({ type: [FrameworkDto] })
  @ApiErrors(400)
  frameworks(@Query() query: DateQueryDto) {
    return this.overview.frameworksOn(query.date);
  }

  @Get('members')
  @ApiOp('listMembers', 'Members and their standing in each framework on a day')
  @ApiOkResponse({ type: [MemberDto] })
  @ApiErrors(400)
  members(@Query() query: DateQueryDto) {
    return this.overview.membersOn(query.date);
  }

  @Get('reference/memberships')
  @ApiOp('listMemberships', 'Membership rows (member or observer, over a period)')
  @ApiOkResponse({ type: [MembershipDto] })
  @ApiErrors(400)
  memberships(@Query() query: FrameworkQueryDto) {
    return this.reference.memberships(query.framework);
  }

  @Post('reference/memberships')
  @Roles('admin')
  @ApiOp('createMembership', 'Adds a membership row (admin)')
  @ApiCreatedResponse({ type: MembershipDto })
  @ApiErrors(...WRITE_ERRORS, 404, 409, 422)
  createMembership(@Body() body: CreateMembershipDto) {
    return this.reference.createMembership(body);
  }

  @Patch('reference/memberships/:id')
  @Roles('admin')
  @ApiOp('updateMembership', 'Changes a membership row (admin)')
  @ApiOkResponse({ type: MembershipDto })
  @ApiErrors(...WRITE_ERRORS, 404, 409, 422)
  updateMembership(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateMembershipDto) {
    return this.reference.updateMembership(id, body);
  }

  @Get('reference/chair-terms')
  @ApiOp('listChairTerms', 'Chair terms of the frameworks')
  @ApiOkResponse({ type: [ChairTermDto] })
  @ApiErrors(400)
  chairTerms(@Query() query: FrameworkQueryDto) {
    return this.chairTermsService.chairTerms(query.framework);
  }

  @Post('reference/chair-terms')
  @Roles('admin')
  @ApiOp('createChairTerm', 'Adds a chair term, e.g. a handover (admin)')
  @ApiCreatedResponse({ type: ChairTermDto })
  @ApiErrors(...WRITE_ERRORS, 404, 409, 422)
  createChairTerm(@Body() body: CreateChairTermDto) {
    return this.chairTermsService.createChairTerm(body);
  }

  @Patch('reference/chair-terms/:id')
  @Roles('admin')
  @ApiOp('updateChairTerm', 'Changes a chair term (admin)')
  @ApiOkResponse({ type: ChairTermDto })
  @ApiErrors(...WRITE_ERRORS, 404, 409, 422)
  updateChairTerm(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateChairTermDto) {
    return this.chairTermsService.updateChairTerm(id, body);
  }

  @Get('reference/meetings')
  @ApiOp('listMeetings', 'Meetings of the frameworks (PREP, SOM, HCS)')
  @ApiOkResponse({ type: [MeetingDto] })
  @ApiErrors(400)
  async meetings(@Query() query: FrameworkQueryDto) {
    return (await this.meetingsService.meetings(query.framework)).map(withLabels);
  }

  @Post('reference/meetings')
  @Roles('admin')
  @ApiOp('createMeeting', 'Adds a meeting (admin)')
  @ApiCreatedResponse({ type: MeetingDto })
  @ApiErrors(...WRITE_ERRORS, 404, 409, 422)
  async createMeeting(@Body() body: CreateMeetingDto) {
    return withLabels(await this.meetingsService.createMeeting(body));
  }

  @Patch('reference/meetings/:id')
  @Roles('admin')
  @ApiOp('updateMeeting', 'Changes a meeting (admin)')
  @ApiOkResponse({ type: MeetingDto })
  @ApiErrors(...WRITE_ERRORS, 404, 409, 422)
  async updateMeeting(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateMeetingDto) {
    return withLabels(await this.meetingsService.updateMeeting(id, body));
  }
}
