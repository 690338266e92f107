import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../common/auth.decorators';
import { Clock } from '../common/clock';
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
import { ReferenceService } from './reference.service';
import { dayOf } from './reference-day.util';

@ApiTags('reference')
@ApiSignedIn()
@Controller()
export class ReferenceController {
  constructor(
    private readonly reference: ReferenceService,
    private readonly chairTermsService: ChairTermsService,
    private readonly meetingsService: MeetingsService,
    private readonly clock: Clock,
  ) {}

  /** Frameworks with their chair, electorate and observers on `date` (today by default). */
  @Get('frameworks')
  @ApiOp('listFrameworks', 'Frameworks with their chair, electorate and observers on a day')
  @ApiOkResponse({ type: [FrameworkDto] })
  @ApiErrors(400)
  async frameworks(@Query() query: DateQueryDto) {
    const date = query.date ?? dayOf(this.clock.now());
    const frameworks = await this.reference.frameworks();
    return Promise.all(
      frameworks.map(async (framework) => {
        const chair = await this.chairTermsService.chairOn(framework.code, date);
        return {
          code: framework.code,
          nameEn: framework.nameEn,
          nameTh: framework.nameTh,
          /** The framework whose chair also chairs this one, or null. */
          chairFollows: framework.chairFollows,
          date,
          chair: chair
            ? {
                member: chair.chairCode,
                ordinal: chair.ordinal,
                validFrom: chair.validFrom,
                validTo: chair.validTo,
                theme: chair.theme,
                secretariat: chair.secretariat,
              }
            : null,
          members: await this.reference.electorateOn(framework.code, date),
          observers: await this.reference.observersOn(framework.code, date),
        };
      }),
    );
  }

  @Get('members')
  @ApiOp('listMembers', 'Members and their standing in each framework on a day')
  @ApiOkResponse({ type: [MemberDto] })
  @ApiErrors(400)
  async members(@Query() query: DateQueryDto) {
    const date = query.date ?? dayOf(this.clock.now());
    const members = await this.reference.members();
    const frameworks = await this.reference.frameworks();
    const standing = new Map<string, { framework: string; status: string }[]>();
    for (const framework of frameworks) {
      for (const code of await this.reference.electorateOn(framework.code, date)) {
        standing.set(code, [
          ...(standing.get(code) ?? []),
          { framework: framework.code, status: 'member' },
        ]);
      }
      for (const code of await this.reference.observersOn(framework.code, date)) {
        standing.set(code, [
          ...(standing.get(code) ?? []),
          { framework: framework.code, status: 'observer' },
        ]);
      }
    }
    return members.map((member) => ({
      code: member.code,
      nameEn: member.nameEn,
      nameTh: member.nameTh,
      date,
      frameworks: standing.get(member.code) ?? [],
    }));
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
