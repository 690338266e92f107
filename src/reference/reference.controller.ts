import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
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
import { dayOf, ReferenceService } from './reference.service';

@ApiTags('reference')
@ApiBearerAuth()
@Controller()
export class ReferenceController {
  constructor(
    private readonly reference: ReferenceService,
    private readonly clock: Clock,
  ) {}

  /** Frameworks with their chair, electorate and observers on `date` (today by default). */
  @Get('frameworks')
  async frameworks(@Query() query: DateQueryDto) {
    const date = query.date ?? dayOf(this.clock.now());
    const frameworks = await this.reference.frameworks();
    return Promise.all(
      frameworks.map(async (framework) => {
        const chair = await this.reference.chairOn(framework.code, date);
        return {
          code: framework.code,
          nameEn: framework.nameEn,
          nameTh: framework.nameTh,
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
  memberships(@Query() query: FrameworkQueryDto) {
    return this.reference.memberships(query.framework);
  }

  @Post('reference/memberships')
  @Roles('admin')
  createMembership(@Body() body: CreateMembershipDto) {
    return this.reference.createMembership(body);
  }

  @Patch('reference/memberships/:id')
  @Roles('admin')
  updateMembership(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateMembershipDto) {
    return this.reference.updateMembership(id, body);
  }

  @Get('reference/chair-terms')
  chairTerms(@Query() query: FrameworkQueryDto) {
    return this.reference.chairTerms(query.framework);
  }

  @Post('reference/chair-terms')
  @Roles('admin')
  createChairTerm(@Body() body: CreateChairTermDto) {
    return this.reference.createChairTerm(body);
  }

  @Patch('reference/chair-terms/:id')
  @Roles('admin')
  updateChairTerm(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateChairTermDto) {
    return this.reference.updateChairTerm(id, body);
  }

  @Get('reference/meetings')
  meetings(@Query() query: FrameworkQueryDto) {
    return this.reference.meetings(query.framework);
  }

  @Post('reference/meetings')
  @Roles('admin')
  createMeeting(@Body() body: CreateMeetingDto) {
    return this.reference.createMeeting(body);
  }

  @Patch('reference/meetings/:id')
  @Roles('admin')
  updateMeeting(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateMeetingDto) {
    return this.reference.updateMeeting(id, body);
  }
}
