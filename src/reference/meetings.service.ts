import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AdrefError, AdrefErrorCode, notFound } from '../common/adref.errors';
import type { CreateMeetingDto, UpdateMeetingDto } from './dto/reference.dto';
import { MeetingEntity } from './reference.entities';
import { MeetingView, meetingView } from './meeting-label.util';
import { assertPeriod } from './reference-period.util';
import { ReferenceRepository } from './reference.repository';
import { ReferenceService } from './reference.service';

/** The meetings of the frameworks (PREP, SOM, HCS) that acts name by id. */
@Injectable()
export class MeetingsService {
  constructor(
    private readonly repository: ReferenceRepository,
    private readonly reference: ReferenceService,
  ) {}

  meetings(framework?: string): Promise<MeetingEntity[]> {
    return this.repository.meetings(framework);
  }

  /** A meeting of the reference data, or null. */
  findMeeting(id: string, manager?: EntityManager): Promise<MeetingEntity | null> {
    return this.repository.findMeeting(id, manager);
  }

  /** The meeting `id` names, refused with 422 unless it is a meeting of `frameworkCode`. */
  async requireMeetingOf(
    frameworkCode: string,
    id: string,
    manager?: EntityManager,
  ): Promise<MeetingEntity> {
    const meeting = await this.repository.findMeeting(id, manager);
    if (!meeting) {
      throw new AdrefError(
        AdrefErrorCode.UNKNOWN_MEETING,
        `meeting ${id} is not in the reference data; see GET /api/v1/reference/meetings, or give the meeting as text`,
        { field: 'meetingId' },
      );
    }
    if (meeting.frameworkCode !== frameworkCode) {
      throw new AdrefError(
        AdrefErrorCode.MEETING_OF_OTHER_FRAMEWORK,
        `meeting ${id} is a meeting of ${meeting.frameworkCode}, not of ${frameworkCode}`,
        { field: 'meetingId', framework: meeting.frameworkCode },
      );
    }
    return meeting;
  }

  /** Meetings by id, as every view shows them (ids that name none are left out). */
  async meetingViews(ids: Iterable<string>, manager?: EntityManager): Promise<MeetingView[]> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0) return [];
    const meetings = await this.repository.meetingsByIds(wanted, manager);
    return meetings.map(meetingView);
  }

  async createMeeting(dto: CreateMeetingDto): Promise<MeetingEntity> {
    return this.saveMeeting(new MeetingEntity(), dto);
  }

  async updateMeeting(id: string, dto: UpdateMeetingDto): Promise<MeetingEntity> {
    const existing = await this.repository.findMeeting(id);
    if (!existing) throw notFound('meeting', id);
    return this.saveMeeting(existing, dto);
  }

  private async saveMeeting(entity: MeetingEntity, dto: UpdateMeetingDto): Promise<MeetingEntity> {
    if (dto.framework !== undefined)
      entity.frameworkCode = (await this.reference.requireFramework(dto.framework)).code;
    if (dto.kind !== undefined) entity.kind = dto.kind;
    if (dto.ordinal !== undefined) entity.ordinal = dto.ordinal;
    if (dto.dateFrom !== undefined) entity.dateFrom = dto.dateFrom;
    if (dto.dateTo !== undefined) entity.dateTo = dto.dateTo;
    if (dto.place !== undefined) entity.place = dto.place;
    if (dto.source !== undefined) entity.source = dto.source;
    entity.ordinal ??= null;
    entity.place ??= null;
    entity.source ??= null;
    assertPeriod(entity.dateFrom, entity.dateTo);
    return this.repository.save(entity);
  }
}
