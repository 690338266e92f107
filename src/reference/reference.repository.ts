import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  ChairTermEntity,
  FrameworkEntity,
  MeetingEntity,
  MemberEntity,
  MembershipEntity,
} from './reference.entities';

/** Reads and writes of the reference data; dates are 'YYYY-MM-DD' and bounds inclusive. */
@Injectable()
export class ReferenceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  members(manager?: EntityManager): Promise<MemberEntity[]> {
    return this.manager(manager).find(MemberEntity, { order: { code: 'ASC' } });
  }

  member(code: string, manager?: EntityManager): Promise<MemberEntity | null> {
    return this.manager(manager).findOneBy(MemberEntity, { code });
  }

  frameworks(manager?: EntityManager): Promise<FrameworkEntity[]> {
    return this.manager(manager).find(FrameworkEntity, { order: { code: 'ASC' } });
  }

  framework(code: string, manager?: EntityManager): Promise<FrameworkEntity | null> {
    return this.manager(manager).findOneBy(FrameworkEntity, { code });
  }

  memberships(frameworkCode?: string, manager?: EntityManager): Promise<MembershipEntity[]> {
    return this.manager(manager).find(MembershipEntity, {
      where: frameworkCode ? { frameworkCode } : {},
      order: { frameworkCode: 'ASC', memberCode: 'ASC', validFrom: 'ASC' },
    });
  }

  /** Memberships of a framework in force on a date. */
  membershipsOn(
    frameworkCode: string,
    date: string,
    manager?: EntityManager,
  ): Promise<MembershipEntity[]> {
    return this.manager(manager)
      .createQueryBuilder(MembershipEntity, 'm')
      .where('m.frameworkCode = :frameworkCode', { frameworkCode })
      .andWhere('(m.validFrom IS NULL OR m.validFrom <= :date)', { date })
      .andWhere('(m.validTo IS NULL OR m.validTo >= :date)', { date })
      .orderBy('m.memberCode', 'ASC')
      .getMany();
  }

  chairTerms(frameworkCode?: string, manager?: EntityManager): Promise<ChairTermEntity[]> {
    return this.manager(manager).find(ChairTermEntity, {
      where: frameworkCode ? { frameworkCode } : {},
      order: { frameworkCode: 'ASC', validFrom: 'ASC' },
    });
  }

  /** Chair terms covering a date; two on a handover day. Latest start first. */
  chairTermsOn(
    frameworkCode: string,
    date: string,
    manager?: EntityManager,
  ): Promise<ChairTermEntity[]> {
    return this.manager(manager)
      .createQueryBuilder(ChairTermEntity, 't')
      .where('t.frameworkCode = :frameworkCode', { frameworkCode })
      .andWhere('t.validFrom <= :date', { date })
      .andWhere('(t.validTo IS NULL OR t.validTo >= :date)', { date })
      .orderBy('t.validFrom', 'DESC')
      .getMany();
  }

  meetings(frameworkCode?: string, manager?: EntityManager): Promise<MeetingEntity[]> {
    return this.manager(manager).find(MeetingEntity, {
      where: frameworkCode ? { frameworkCode } : {},
      order: { dateFrom: 'ASC', kind: 'ASC' },
    });
  }

  save<T extends MembershipEntity | ChairTermEntity | MeetingEntity | MemberEntity>(
    entity: T,
    manager?: EntityManager,
  ): Promise<T> {
    return this.manager(manager).save(entity);
  }

  findMembership(id: string, manager?: EntityManager): Promise<MembershipEntity | null> {
    return this.manager(manager).findOneBy(MembershipEntity, { id });
  }

  findChairTerm(id: string, manager?: EntityManager): Promise<ChairTermEntity | null> {
    return this.manager(manager).findOneBy(ChairTermEntity, { id });
  }

  findMeeting(id: string, manager?: EntityManager): Promise<MeetingEntity | null> {
    return this.manager(manager).findOneBy(MeetingEntity, { id });
  }

  meetingsByIds(ids: string[], manager?: EntityManager): Promise<MeetingEntity[]> {
    return this.manager(manager).find(MeetingEntity, {
      where: { id: In(ids) },
      order: { dateFrom: 'ASC' },
    });
  }
}
