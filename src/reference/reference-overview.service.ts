import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { ChairTermsService } from './chair-terms.service';
import { dayOf } from './reference-day.util';
import { ReferenceService } from './reference.service';

/** What GET /frameworks and GET /members show: who chairs, belongs and observes on a day. */
@Injectable()
export class ReferenceOverviewService {
  constructor(
    private readonly reference: ReferenceService,
    private readonly chairTerms: ChairTermsService,
    private readonly clock: Clock,
  ) {}

  /** Frameworks with their chair, electorate and observers on `day` (today by default). */
  async frameworksOn(day?: string) {
    const date = day ?? dayOf(this.clock.now());
    const frameworks = await this.reference.frameworks();
    return Promise.all(
      frameworks.map(async (framework) => {
        const chair = await this.chairTerms.chairOn(framework.code, date);
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

  /** Members and their standing in each framework on `day` (today by default). */
  async membersOn(day?: string) {
    const date = day ?? dayOf(this.clock.now());
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
}
