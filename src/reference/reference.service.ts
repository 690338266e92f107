import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AdrefError, AdrefErrorCode, invalidInput, notFound } from '../common/adref.errors';
import type {
  CreateChairTermDto,
  CreateMeetingDto,
  CreateMembershipDto,
  UpdateChairTermDto,
  UpdateMeetingDto,
  UpdateMembershipDto,
} from './dto/reference.dto';
import {
  ChairTermEntity,
  FrameworkEntity,
  MeetingEntity,
  MemberEntity,
  MembershipEntity,
} from './reference.entities';
import { MeetingView, meetingView } from './meeting-label.util';
import { ReferenceRepository } from './reference.repository';

@Injectable()
export class ReferenceService {
  constructor(private readonly repository: ReferenceRepository) {}

  /** Members entitled to a position in a round of this framework opened on `date`. */
  async electorateOn(
    frameworkCode: string,
    date: string,
    manager?: EntityManager,
  ): Promise<string[]> {
    const memberships = await this.repository.membershipsOn(frameworkCode, date, manager);
    return [
      ...new Set(memberships.filter((m) => m.status === 'member').map((m) => m.memberCode)),
    ].sort();
  }

  async observersOn(
    frameworkCode: string,
    date: string,
    manager?: EntityManager,
  ): Promise<string[]> {
    const memberships = await this.repository.membershipsOn(frameworkCode, date, manager);
    const members = new Set(
      memberships.filter((m) => m.status === 'member').map((m) => m.memberCode),
    );
    return [
      ...new Set(
        memberships
          .filter((m) => m.status === 'observer' && !members.has(m.memberCode))
          .map((m) => m.memberCode),
      ),
    ].sort();
  }

  /**
   * The framework whose chair terms say who chairs `frameworkCode`: the one it follows
   * (ACCSM+3 → ACCSM), or itself.
   */
  async chairFramework(frameworkCode: string, manager?: EntityManager): Promise<string> {
    let code = frameworkCode;
    // A few steps at most; the guard only stops a mistaken cycle in the data.
    for (let step = 0; step < 4; step += 1) {
      const framework = await this.repository.framework(code, manager);
      if (!framework?.chairFollows) return code;
      code = framework.chairFollows;
    }
    return code;
  }

  /** The chair terms in force on `date` (both, on a handover day), newest first. */
  async chairTermsOn(
    frameworkCode: string,
    date: string,
    manager?: EntityManager,
  ): Promise<ChairTermEntity[]> {
    const leading = await this.chairFramework(frameworkCode, manager);
    return this.repository.chairTermsOn(leading, date, manager);
  }

  /** The chair on `date`: on a handover day, the incoming one. */
  async chairOn(
    frameworkCode: string,
    date: string,
    manager?: EntityManager,
  ): Promise<ChairTermEntity | null> {
    const [term] = await this.chairTermsOn(frameworkCode, date, manager);
    return term ?? null;
  }

  /** Frameworks whose chair follows `frameworkCode`'s (ACCSM → ACCSM+3). */
  async followersOf(frameworkCode: string, manager?: EntityManager): Promise<string[]> {
    const frameworks = await this.repository.frameworks(manager);
    return frameworks.filter((f) => f.chairFollows === frameworkCode).map((f) => f.code);
  }

  async requireFramework(code: string, manager?: EntityManager): Promise<FrameworkEntity> {
    const framework = await this.repository.framework(code, manager);
    if (!framework) throw invalidInput(`framework ${code} is not known`, { field: 'framework' });
    return framework;
  }

  async requireMember(
    code: string,
    field = 'member',
    manager?: EntityManager,
  ): Promise<MemberEntity> {
    const member = await this.repository.member(code, manager);
    if (!member) throw invalidInput(`member ${code} is not known`, { field });
    return member;
  }

  members(): Promise<MemberEntity[]> {
    return this.repository.members();
  }

  frameworks(): Promise<FrameworkEntity[]> {
    return this.repository.frameworks();
  }

  memberships(framework?: string): Promise<MembershipEntity[]> {
    return this.repository.memberships(framework);
  }

  chairTerms(framework?: string): Promise<ChairTermEntity[]> {
    return this.repository.chairTerms(framework);
  }

  meetings(framework?: string): Promise<MeetingEntity[]> {
    return this.repository.meetings(framework);
  }

  async createMembership(dto: CreateMembershipDto): Promise<MembershipEntity> {
    return this.saveMembership(new MembershipEntity(), dto);
  }

  async updateMembership(id: string, dto: UpdateMembershipDto): Promise<MembershipEntity> {
    const existing = await this.repository.findMembership(id);
    if (!existing) throw notFound('membership', id);
    return this.saveMembership(existing, dto);
  }

  private async saveMembership(
    entity: MembershipEntity,
    dto: UpdateMembershipDto,
  ): Promise<MembershipEntity> {
    if (dto.framework !== undefined)
      entity.frameworkCode = (await this.requireFramework(dto.framework)).code;
    if (dto.member !== undefined) entity.memberCode = (await this.requireMember(dto.member)).code;
    if (dto.status !== undefined) entity.status = dto.status;
    if (dto.validFrom !== undefined) entity.validFrom = dto.validFrom;
    if (dto.validTo !== undefined) entity.validTo = dto.validTo;
    if (dto.source !== undefined) entity.source = dto.source;
    entity.validFrom ??= null;
    entity.validTo ??= null;
    entity.source ??= null;
    assertPeriod(entity.validFrom, entity.validTo);
    return this.repository.save(entity);
  }

  async createChairTerm(dto: CreateChairTermDto): Promise<ChairTermEntity> {
    return this.saveChairTerm(new ChairTermEntity(), dto);
  }

  async updateChairTerm(id: string, dto: UpdateChairTermDto): Promise<ChairTermEntity> {
    const existing = await this.repository.findChairTerm(id);
    if (!existing) throw notFound('chair term', id);
    return this.saveChairTerm(existing, dto);
  }

  private async saveChairTerm(
    entity: ChairTermEntity,
    dto: UpdateChairTermDto,
  ): Promise<ChairTermEntity> {
    if (dto.framework !== undefined)
      entity.frameworkCode = (await this.requireFramework(dto.framework)).code;
    await this.assertOwnChair(entity.frameworkCode);
    if (dto.chair !== undefined)
      entity.chairCode = (await this.requireMember(dto.chair, 'chair')).code;
    if (dto.ordinal !== undefined) entity.ordinal = dto.ordinal;
    if (dto.validFrom !== undefined) entity.validFrom = dto.validFrom;
    if (dto.validTo !== undefined) entity.validTo = dto.validTo;
    if (dto.theme !== undefined) entity.theme = dto.theme;
    if (dto.secretariat !== undefined) entity.secretariat = dto.secretariat;
    if (dto.source !== undefined) entity.source = dto.source;
    entity.ordinal ??= null;
    entity.validTo ??= null;
    entity.theme ??= null;
    entity.secretariat ??= null;
    entity.source ??= null;
    assertPeriod(entity.validFrom, entity.validTo);
    // Terms may share their handover day, no more: two chairs at once would be ambiguous.
    const others = (await this.repository.chairTerms(entity.frameworkCode)).filter(
      (t) => t.id !== entity.id,
    );
    const clash = others.find((t) => overlapDays(t, entity) > 1);
    if (clash) {
      throw new AdrefError(
        AdrefErrorCode.CONFLICTING_DATA,
        `this term overlaps the ${clash.chairCode} term ${clash.validFrom}..${clash.validTo ?? 'open'} by more than a handover day; correct that term first`,
        { conflictingTerm: clash.id },
      );
    }
    return this.repository.save(entity);
  }

  /** A framework that follows another's chair keeps no terms: they would never be consulted. */
  private async assertOwnChair(frameworkCode: string): Promise<void> {
    const framework = await this.repository.framework(frameworkCode);
    if (!framework?.chairFollows) return;
    throw new AdrefError(
      AdrefErrorCode.CHAIR_FOLLOWS_FRAMEWORK,
      `the ${framework.code} chair follows the ${framework.chairFollows} chair; record the term for ${framework.chairFollows} instead`,
      { framework: framework.code, follows: framework.chairFollows },
    );
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
      entity.frameworkCode = (await this.requireFramework(dto.framework)).code;
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

function assertPeriod(from: string | null, to: string | null): void {
  if (from && to && from > to) {
    throw invalidInput(`the period ends (${to}) before it starts (${from})`, { field: 'validTo' });
  }
}

const DAY = 86_400_000;

function overlapDays(a: ChairTermEntity, b: ChairTermEntity): number {
  const end = (t: ChairTermEntity) =>
    t.validTo ? Date.parse(t.validTo) : Number.POSITIVE_INFINITY;
  const start = Math.max(Date.parse(a.validFrom), Date.parse(b.validFrom));
  const finish = Math.min(end(a), end(b));
  return finish < start ? 0 : (finish - start) / DAY + 1;
}
