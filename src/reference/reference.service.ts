import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { invalidInput, notFound } from '../common/adref.errors';
import type { CreateMembershipDto, UpdateMembershipDto } from './dto/reference.dto';
import { FrameworkEntity, MemberEntity, MembershipEntity } from './reference.entities';
import { assertPeriod } from './reference-period.util';
import { ReferenceRepository } from './reference.repository';

/** Members, frameworks and who belongs to which when: the electorate of a round. */
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
}
